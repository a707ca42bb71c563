#include "pipeline/reference/province_shapes.h"

#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "pipeline/foundation/errors.h"
#include "pipeline/reference/areas.h"
#include "pipeline/reference/reference_data.h"

namespace sitrep {
namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

// cos(50.5°): one degree of longitude at Belgium's middle latitude, in degrees of latitude.
const double kLonScale = std::cos(50.5 * M_PI / 180.0);

// Simplification tolerance of the compiled-in map, in map units (degrees of latitude,
// ~0.78 km): 0.7 points at the size the report draws it, under a point, so the outlines
// stay as seen while 838 of the source's 1,171 points remain, which keeps the demo's PDFs
// within their 90 KB.
constexpr double kMapTolerance = 0.007;

// A reading position inside a feature, for error messages: `features[3] (BE21)`.
struct Where {
    const std::string& source;
    std::string feature;
    std::string say(const std::string& what) const { return source + ": " + feature + ": " + what; }
};

// A JSON number, which Poco may hold as an integer or a double.
bool as_number(const Poco::Dynamic::Var& v, double& out) {
    if (v.isEmpty() || !v.isNumeric()) return false;
    out = v.convert<double>();
    return std::isfinite(out);
}

// Reads one ring; false (with the error recorded) when it is not a closed ring of positions.
bool read_ring(const Poco::Dynamic::Var& v, const Where& at, const std::string& path, GeoRing& ring,
               std::vector<std::string>& errors) {
    const auto arr = v.type() == typeid(Array::Ptr) ? v.extract<Array::Ptr>() : Array::Ptr();
    if (!arr) {
        errors.push_back(at.say(path + ": a ring must be an array of positions"));
        return false;
    }
    for (size_t i = 0; i < arr->size(); ++i) {
        const auto pos = arr->getArray(static_cast<unsigned>(i));
        double lon = 0, lat = 0;
        if (!pos || pos->size() < 2 || !as_number(pos->get(0), lon) ||
            !as_number(pos->get(1), lat)) {
            errors.push_back(at.say(path + "[" + std::to_string(i) +
                                    "]: a position must be [longitude, latitude]"));
            return false;
        }
        if (lon < -180 || lon > 180 || lat < -90 || lat > 90) {
            errors.push_back(at.say(path + "[" + std::to_string(i) + "]: [" + std::to_string(lon) +
                                    ", " + std::to_string(lat) +
                                    "] is not a longitude and latitude"));
            return false;
        }
        ring.push_back({lon, lat});
    }
    if (ring.size() < 4) {
        errors.push_back(at.say(path + ": a ring needs at least 4 positions, this one has " +
                                std::to_string(ring.size())));
        return false;
    }
    if (ring.front().lon != ring.back().lon || ring.front().lat != ring.back().lat) {
        errors.push_back(at.say(path + ": the ring is not closed (its last position must repeat "
                                       "its first)"));
        return false;
    }
    return true;
}

bool read_polygon(const Array::Ptr& rings, const Where& at, const std::string& path,
                  GeoPolygon& polygon, std::vector<std::string>& errors) {
    if (!rings || rings->size() == 0) {
        errors.push_back(at.say(path + ": a polygon needs at least its outer ring"));
        return false;
    }
    for (size_t i = 0; i < rings->size(); ++i) {
        GeoRing ring;
        if (!read_ring(rings->get(static_cast<unsigned>(i)), at,
                       path + "[" + std::to_string(i) + "]", ring, errors))
            return false;
        polygon.rings.push_back(std::move(ring));
    }
    return true;
}

// Reads one feature's geometry into `shape`; false (with the error recorded) when it cannot.
bool read_geometry(const Object::Ptr& geometry, const Where& at, ProvinceShape& shape,
                   std::vector<std::string>& errors) {
    if (!geometry) {
        errors.push_back(at.say("no geometry"));
        return false;
    }
    const std::string type = geometry->optValue<std::string>("type", "");
    const Array::Ptr coords = geometry->getArray("coordinates");
    if (type != "Polygon" && type != "MultiPolygon") {
        errors.push_back(at.say("geometry type '" + type + "' is not Polygon or MultiPolygon"));
        return false;
    }
    if (!coords) {
        errors.push_back(at.say("geometry.coordinates: missing or not an array"));
        return false;
    }
    if (type == "Polygon") {
        GeoPolygon p;
        if (!read_polygon(coords, at, "geometry.coordinates", p, errors)) return false;
        shape.polygons.push_back(std::move(p));
        return true;
    }
    for (size_t i = 0; i < coords->size(); ++i) {
        GeoPolygon p;
        if (!read_polygon(coords->getArray(static_cast<unsigned>(i)), at,
                          "geometry.coordinates[" + std::to_string(i) + "]", p, errors))
            return false;
        shape.polygons.push_back(std::move(p));
    }
    if (shape.polygons.empty()) {
        errors.push_back(at.say("geometry.coordinates: a MultiPolygon with no polygon"));
        return false;
    }
    return true;
}

double dist_to_segment(MapPoint p, MapPoint a, MapPoint b) {
    const double dx = b.x - a.x, dy = b.y - a.y;
    const double len2 = dx * dx + dy * dy;
    double t = len2 > 0 ? ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2 : 0;
    t = std::clamp(t, 0.0, 1.0);
    const double ex = a.x + t * dx - p.x, ey = a.y + t * dy - p.y;
    return std::sqrt(ex * ex + ey * ey);
}

void douglas_peucker(const std::vector<MapPoint>& pts, size_t first, size_t last, double tol,
                     std::vector<bool>& keep) {
    if (last <= first + 1) return;
    double worst = -1;
    size_t at = first;
    for (size_t i = first + 1; i < last; ++i) {
        const double d = dist_to_segment(pts[i], pts[first], pts[last]);
        if (d > worst) {
            worst = d;
            at = i;
        }
    }
    if (worst <= tol) return;
    keep[at] = true;
    douglas_peucker(pts, first, at, tol, keep);
    douglas_peucker(pts, at, last, tol, keep);
}

using Rings = std::vector<std::vector<MapPoint>>;

// Even-odd crossing test over rings (outer and holes alike).
bool rings_contain(const Rings& rings, MapPoint p) {
    bool inside = false;
    for (const auto& ring : rings)
        for (size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
            const MapPoint a = ring[i], b = ring[j];
            if ((a.y > p.y) != (b.y > p.y) && p.x < (b.x - a.x) * (p.y - a.y) / (b.y - a.y) + a.x)
                inside = !inside;
        }
    return inside;
}

double distance_to_edges(const Rings& rings, MapPoint p) {
    double best = INFINITY;
    for (const auto& ring : rings)
        for (size_t i = 1; i < ring.size(); ++i)
            best = std::min(best, dist_to_segment(p, ring[i - 1], ring[i]));
    return best;
}

double ring_area(const std::vector<MapPoint>& ring) {
    double a = 0;
    for (size_t i = 1; i < ring.size(); ++i)
        a += ring[i - 1].x * ring[i].y - ring[i].x * ring[i - 1].y;
    return std::abs(a) / 2;
}

// The pole of inaccessibility of a polygon, by a grid search refined around the best point:
// the inside point farthest from every edge. Exact enough to keep a sample off the outline.
MapPoint pole_of_inaccessibility(const Rings& rings) {
    MapBounds box{INFINITY, INFINITY, -INFINITY, -INFINITY};
    for (const auto& p : rings.front()) {
        box.min_x = std::min(box.min_x, p.x);
        box.max_x = std::max(box.max_x, p.x);
        box.min_y = std::min(box.min_y, p.y);
        box.max_y = std::max(box.max_y, p.y);
    }
    constexpr int kGrid = 24;
    MapPoint best{(box.min_x + box.max_x) / 2, (box.min_y + box.max_y) / 2};
    double best_d = rings_contain(rings, best) ? distance_to_edges(rings, best) : -1;
    double half_w = box.width() / 2, half_h = box.height() / 2;
    MapPoint centre = best;
    for (int round = 0; round < 5; ++round) {
        for (int i = 0; i <= kGrid; ++i)
            for (int j = 0; j <= kGrid; ++j) {
                const MapPoint p{centre.x - half_w + 2 * half_w * i / kGrid,
                                 centre.y - half_h + 2 * half_h * j / kGrid};
                if (!rings_contain(rings, p)) continue;
                const double d = distance_to_edges(rings, p);
                if (d > best_d) {
                    best_d = d;
                    best = p;
                }
            }
        centre = best;
        half_w /= 4;
        half_h /= 4;
    }
    return best;
}

ProvinceShapesParse parse_compiled_in() {
    return parse_province_shapes(be_provinces_geojson(), "reference/be_provinces.geojson");
}

}  // namespace

ProvinceShapesParse parse_province_shapes(std::string_view bytes, const std::string& source) {
    ProvinceShapesParse out;
    Poco::Dynamic::Var root;
    try {
        root = Poco::JSON::Parser().parse(std::string(bytes));
    } catch (const Poco::Exception& e) {
        out.errors.push_back(source + ": not JSON: " + e.displayText());
        return out;
    }
    const auto top = root.type() == typeid(Object::Ptr) ? root.extract<Object::Ptr>() : nullptr;
    if (!top || top->optValue<std::string>("type", "") != "FeatureCollection") {
        out.errors.push_back(source + ": not a GeoJSON FeatureCollection");
        return out;
    }
    out.attribution = top->optValue<std::string>("attribution", "");
    const Array::Ptr features = top->getArray("features");
    if (!features) {
        out.errors.push_back(source + ": the FeatureCollection has no features array");
        return out;
    }
    std::set<std::string> seen;
    for (size_t i = 0; i < features->size(); ++i) {
        const Object::Ptr f = features->getObject(static_cast<unsigned>(i));
        const Object::Ptr props = f ? f->getObject("properties") : nullptr;
        const std::string nuts = props ? props->optValue<std::string>("nuts", "") : "";
        Where at{source, "features[" + std::to_string(i) + "]" +
                             (nuts.empty() ? std::string() : " (" + nuts + ")")};
        if (!f) {
            out.errors.push_back(at.say("not an object"));
            continue;
        }
        if (nuts.empty()) {
            out.errors.push_back(
                at.say("properties.nuts: missing (the NUTS 2 code of a province "
                       "or BE10)"));
            continue;
        }
        const Area* area = find_area(nuts);
        if (!area || area->level != 2) {
            out.errors.push_back(at.say("properties.nuts: '" + nuts +
                                        "' is not a province's NUTS 2 code (BE10, BE21 ... BE35)"));
            continue;
        }
        if (!seen.insert(nuts).second) {
            out.errors.push_back(at.say("properties.nuts: '" + nuts + "' appears twice"));
            continue;
        }
        ProvinceShape shape;
        shape.nuts = nuts;
        if (read_geometry(f->getObject("geometry"), at, shape, out.errors))
            out.shapes.push_back(std::move(shape));
    }
    return out;
}

MapPoint project(GeoPoint p) { return {p.lon * kLonScale, p.lat}; }

std::vector<MapPoint> simplify_ring(const std::vector<MapPoint>& ring, double tolerance) {
    if (ring.size() <= 4) return ring;
    // A closed ring has no natural ends: split it at its first point and at the point
    // farthest from it, so that both halves are simplified as open lines.
    size_t far = 0;
    double far_d = -1;
    for (size_t i = 1; i + 1 < ring.size(); ++i) {
        const double d = std::hypot(ring[i].x - ring[0].x, ring[i].y - ring[0].y);
        if (d > far_d) {
            far_d = d;
            far = i;
        }
    }
    std::vector<bool> keep(ring.size(), false);
    keep.front() = keep.back() = keep[far] = true;
    douglas_peucker(ring, 0, far, tolerance, keep);
    douglas_peucker(ring, far, ring.size() - 1, tolerance, keep);
    std::vector<MapPoint> out;
    for (size_t i = 0; i < ring.size(); ++i)
        if (keep[i]) out.push_back(ring[i]);
    if (out.size() < 4) {
        // A tiny ring: a triangle of its first, farthest and a middle point, closed.
        out = {ring[0], ring[far / 2 ? far / 2 : 1], ring[far], ring[0]};
    }
    return out;
}

std::vector<MapShape> project_shapes(const std::vector<ProvinceShape>& shapes, double tolerance) {
    std::vector<MapShape> out;
    for (const auto& s : shapes) {
        MapShape m;
        m.nuts = s.nuts;
        for (const auto& poly : s.polygons) {
            Rings rings;
            for (const auto& ring : poly.rings) {
                std::vector<MapPoint> pts;
                pts.reserve(ring.size());
                for (const auto& g : ring) pts.push_back(project(g));
                rings.push_back(simplify_ring(pts, tolerance));
            }
            m.polygons.push_back(std::move(rings));
        }
        out.push_back(std::move(m));
    }
    return out;
}

MapPoint interior_point(const MapShape& shape) {
    const Rings* largest = nullptr;
    double largest_area = -1;
    for (const auto& rings : shape.polygons) {
        const double a = ring_area(rings.front());
        if (a > largest_area) {
            largest_area = a;
            largest = &rings;
        }
    }
    return largest ? pole_of_inaccessibility(*largest) : MapPoint{};
}

bool shape_contains(const MapShape& shape, MapPoint p) {
    for (const auto& rings : shape.polygons)
        if (rings_contain(rings, p)) return true;
    return false;
}

MapBounds map_bounds(const std::vector<MapShape>& shapes) {
    MapBounds b{INFINITY, INFINITY, -INFINITY, -INFINITY};
    for (const auto& s : shapes)
        for (const auto& rings : s.polygons)
            for (const auto& p : rings.front()) {
                b.min_x = std::min(b.min_x, p.x);
                b.max_x = std::max(b.max_x, p.x);
                b.min_y = std::min(b.min_y, p.y);
                b.max_y = std::max(b.max_y, p.y);
            }
    return b;
}

const std::vector<MapShape>& belgian_province_map() {
    static const std::vector<MapShape> shapes = [] {
        const ProvinceShapesParse parsed = parse_compiled_in();
        if (!parsed.errors.empty()) throw Error(parsed.errors.front());
        std::vector<ProvinceShape> ordered;
        for (const auto& area : all_areas()) {
            if (area.level != 2) continue;
            const auto it = std::find_if(parsed.shapes.begin(), parsed.shapes.end(),
                                         [&](const auto& s) { return s.nuts == area.nuts; });
            if (it == parsed.shapes.end())
                throw Error("reference/be_provinces.geojson: no shape for " + area.nuts);
            ordered.push_back(*it);
        }
        return project_shapes(ordered, kMapTolerance);
    }();
    return shapes;
}

const std::string& belgian_province_map_attribution() {
    static const std::string attribution = parse_compiled_in().attribution;
    return attribution;
}

}  // namespace sitrep
