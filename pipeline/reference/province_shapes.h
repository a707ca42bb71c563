#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sitrep {

/// A WGS 84 position as GeoJSON writes it.
struct GeoPoint {
    double lon = 0;
    double lat = 0;
};

/// A closed ring of positions (the first repeated last, as GeoJSON requires).
using GeoRing = std::vector<GeoPoint>;

/// One polygon: its outer ring first, then its holes (Vlaams-Brabant's is Brussels).
struct GeoPolygon {
    std::vector<GeoRing> rings;
};

/// A province's outline, keyed by the NUTS code the pipeline uses (BE10, BE21 ... BE35).
struct ProvinceShape {
    std::string nuts;
    std::vector<GeoPolygon> polygons;  ///< more than one for a province with exclaves
};

/// What a GeoJSON file gave: the shapes read, and every problem found, each naming the file,
/// the feature and what is wrong. A feature with a problem is left out, the others are kept.
struct ProvinceShapesParse {
    std::vector<ProvinceShape> shapes;
    std::string attribution;  ///< the collection's `attribution`, empty when it has none
    std::vector<std::string> errors;
};

/// Reads a FeatureCollection whose features carry a `nuts` property naming a province or
/// Brussels (NUTS 2) and a Polygon or MultiPolygon geometry; `source` names it in errors.
ProvinceShapesParse parse_province_shapes(std::string_view bytes, const std::string& source);

/// A point of the map plane: x to the east, y to the north, both in degrees of latitude.
struct MapPoint {
    double x = 0;
    double y = 0;
};

/// Equirectangular projection true to scale at 50.5° N, the middle of Belgium:
/// x = longitude × cos(50.5°), y = latitude.
MapPoint project(GeoPoint p);

/// Douglas-Peucker: the ring's points that keep it within `tolerance` (map units) of the
/// original; a ring keeps at least four points, so that it stays a ring.
std::vector<MapPoint> simplify_ring(const std::vector<MapPoint>& ring, double tolerance);

/// A province projected onto the map plane, ready to draw.
struct MapShape {
    std::string nuts;
    /// Polygons, each a list of rings (outer first, then holes), each ring closed.
    std::vector<std::vector<std::vector<MapPoint>>> polygons;
};

/// A point well inside the shape's largest polygon, away from every edge (its pole of
/// inaccessibility, to within a thousandth of its size): where a sample of the province's fill
/// is sure to hit the fill, not an outline. Computed on demand (~1 ms a shape): drawing a map
/// never needs it.
MapPoint interior_point(const MapShape& shape);

/// The box around every shape.
struct MapBounds {
    double min_x = 0, min_y = 0, max_x = 0, max_y = 0;
    double width() const { return max_x - min_x; }
    double height() const { return max_y - min_y; }
};

/// Projects and simplifies `shapes` (tolerance in map units).
std::vector<MapShape> project_shapes(const std::vector<ProvinceShape>& shapes, double tolerance);

/// Whether `p` lies inside the shape (even-odd over all its rings, so holes are outside).
bool shape_contains(const MapShape& shape, MapPoint p);

/// The box around all of `shapes`.
MapBounds map_bounds(const std::vector<MapShape>& shapes);

/// The map of Belgium compiled from reference/be_provinces.geojson: Brussels and the ten
/// provinces in NUTS order, projected and simplified once. Throws ConfigError when the
/// compiled-in file is broken or lacks an area.
const std::vector<MapShape>& belgian_province_map();

/// The compiled-in GeoJSON's attribution line (© OpenStreetMap contributors …).
const std::string& belgian_province_map_attribution();

}  // namespace sitrep
