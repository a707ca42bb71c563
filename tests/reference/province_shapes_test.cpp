// Province outlines for the map: the GeoJSON parser, the projection and simplification, and
// the compiled-in map of Belgium.
#include "pipeline/reference/province_shapes.h"

#include <doctest/doctest.h>

#include <cmath>

using namespace sitrep;

namespace {

// Two provinces: Brussels as a square, and Antwerp as a MultiPolygon whose first polygon has a
// hole (as Vlaams-Brabant has Brussels) and whose second is an exclave.
const std::string kTwoProvinces = R"j({
  "type": "FeatureCollection",
  "attribution": "© OpenStreetMap contributors (ODbL 1.0)",
  "features": [
    {"type": "Feature", "properties": {"nuts": "BE10", "name_nl": "Brussel"},
     "geometry": {"type": "Polygon",
                  "coordinates": [[[4.3, 50.8], [4.4, 50.8], [4.4, 50.9], [4.3, 50.9], [4.3, 50.8]]]}},
    {"type": "Feature", "properties": {"nuts": "BE21"},
     "geometry": {"type": "MultiPolygon", "coordinates": [
        [[[4.0, 51.0], [5.0, 51.0], [5.0, 51.5], [4.0, 51.5], [4.0, 51.0]],
         [[4.4, 51.2], [4.6, 51.2], [4.6, 51.3], [4.4, 51.3], [4.4, 51.2]]],
        [[[5.5, 51.0], [5.6, 51.0], [5.6, 51.1], [5.5, 51.0]]]]}}
  ]})j";

// The parser's errors for `feature`, a JSON object put in a FeatureCollection of its own.
std::vector<std::string> errors_of(const std::string& feature) {
    return parse_province_shapes(
               R"j({"type": "FeatureCollection", "features": [)j" + feature + "]}",
               "broken.geojson")
        .errors;
}

bool has_error(const std::vector<std::string>& errors, const std::string& text) {
    for (const auto& e : errors)
        if (e.find(text) != std::string::npos) return true;
    return false;
}

}  // namespace

TEST_CASE("a FeatureCollection gives each province's polygons, holes and exclaves by NUTS code") {
    const auto parsed = parse_province_shapes(kTwoProvinces, "two.geojson");
    CHECK(parsed.errors.empty());
    CHECK(parsed.attribution == "© OpenStreetMap contributors (ODbL 1.0)");
    REQUIRE(parsed.shapes.size() == 2);
    CHECK(parsed.shapes[0].nuts == "BE10");
    REQUIRE(parsed.shapes[0].polygons.size() == 1);
    CHECK(parsed.shapes[0].polygons[0].rings.size() == 1);
    CHECK(parsed.shapes[0].polygons[0].rings[0].size() == 5);
    CHECK(parsed.shapes[0].polygons[0].rings[0][1].lon == doctest::Approx(4.4));
    CHECK(parsed.shapes[0].polygons[0].rings[0][2].lat == doctest::Approx(50.9));
    CHECK(parsed.shapes[1].nuts == "BE21");
    REQUIRE(parsed.shapes[1].polygons.size() == 2);
    CHECK(parsed.shapes[1].polygons[0].rings.size() == 2);  // the outer ring and its hole
    CHECK(parsed.shapes[1].polygons[1].rings[0].size() == 4);
}

TEST_CASE("a file that is not GeoJSON says so, naming the file") {
    const auto not_json =
        parse_province_shapes("{\"type\": \"FeatureCollection\", ", "cut.geojson");
    REQUIRE(not_json.errors.size() == 1);
    CHECK(not_json.errors[0].rfind("cut.geojson: not JSON", 0) == 0);
    CHECK(not_json.shapes.empty());

    const auto not_collection = parse_province_shapes(R"j({"type": "Feature"})j", "one.geojson");
    CHECK(not_collection.errors ==
          std::vector<std::string>{"one.geojson: not a GeoJSON FeatureCollection"});
}

TEST_CASE("a broken feature is named by its index and NUTS code with what is wrong") {
    CHECK(has_error(errors_of(R"j({"properties": {"name_nl": "Antwerpen"},
                                  "geometry": {"type": "Polygon", "coordinates": []}})j"),
                    "broken.geojson: features[0]: properties.nuts: missing"));
    CHECK(has_error(errors_of(R"j({"properties": {"nuts": "BE2"},
                                  "geometry": {"type": "Polygon", "coordinates": []}})j"),
                    "features[0] (BE2): properties.nuts: 'BE2' is not a province's NUTS 2 code"));
    CHECK(has_error(errors_of(R"j({"properties": {"nuts": "BE22"},
                                  "geometry": {"type": "Point", "coordinates": [5.3, 50.9]}})j"),
                    "features[0] (BE22): geometry type 'Point' is not Polygon or MultiPolygon"));
    CHECK(has_error(errors_of(R"j({"properties": {"nuts": "BE23"}, "geometry": {"type": "Polygon",
                                  "coordinates": [[[3.5, 51.0], [4.0, 51.0], [3.5, 51.0]]]}})j"),
                    "features[0] (BE23): geometry.coordinates[0]: a ring needs at least 4 "
                    "positions, this one has 3"));
    CHECK(has_error(errors_of(R"j({"properties": {"nuts": "BE24"}, "geometry": {"type": "Polygon",
                                  "coordinates": [[[4.5, 50.8], [4.9, 50.8], [4.9, 51.0],
                                                   [4.5, 51.0]]]}})j"),
                    "features[0] (BE24): geometry.coordinates[0]: the ring is not closed"));
    CHECK(has_error(errors_of(R"j({"properties": {"nuts": "BE25"}, "geometry": {"type": "Polygon",
                                  "coordinates": [[[3.0, 51.0], ["west", 51.0], [3.0, 51.2],
                                                   [3.0, 51.0]]]}})j"),
                    "features[0] (BE25): geometry.coordinates[0][1]: a position must be "
                    "[longitude, latitude]"));
    CHECK(has_error(errors_of(R"j({"properties": {"nuts": "BE31"}, "geometry": {"type": "Polygon",
                                  "coordinates": [[[4.5, 50.6], [450, 50.6], [4.5, 50.7],
                                                   [4.5, 50.6]]]}})j"),
                    "is not a longitude and latitude"));
}

TEST_CASE("a province given twice is an error, and the good features are still read") {
    const std::string square = R"j({"type": "Polygon", "coordinates":
        [[[4.3, 50.8], [4.4, 50.8], [4.4, 50.9], [4.3, 50.8]]]})j";
    const auto parsed = parse_province_shapes(
        R"j({"type": "FeatureCollection", "features": [
              {"properties": {"nuts": "BE10"}, "geometry": )j" +
            square + R"j(},
              {"properties": {"nuts": "BE10"}, "geometry": )j" +
            square + R"j(}]})j",
        "twice.geojson");
    CHECK(parsed.shapes.size() == 1);
    CHECK(parsed.errors ==
          std::vector<std::string>{"twice.geojson: features[1] (BE10): properties.nuts: 'BE10' "
                                   "appears twice"});
}

TEST_CASE("the projection shortens a degree of longitude by cos(50.5°) and keeps latitude") {
    const MapPoint p = project({4.0, 50.5});
    CHECK(p.x == doctest::Approx(4.0 * std::cos(50.5 * M_PI / 180)));
    CHECK(p.y == doctest::Approx(50.5));
}

TEST_CASE("simplifying a ring keeps its corners and drops points that lie within the tolerance") {
    // A square with a point nearly on each side.
    const std::vector<MapPoint> ring = {{0, 0}, {0.5, 0.001}, {1, 0}, {1.001, 0.5},
                                        {1, 1}, {0.5, 0.999}, {0, 1}, {0, 0}};
    const auto simple = simplify_ring(ring, 0.01);
    REQUIRE(simple.size() == 5);
    CHECK(simple.front().x == simple.back().x);
    CHECK(simple.front().y == simple.back().y);
    const auto exact = simplify_ring(ring, 0.0001);
    CHECK(exact.size() == ring.size());
}

TEST_CASE("the compiled-in map has Brussels and the ten provinces, each sampled inside itself") {
    const auto& shapes = belgian_province_map();
    const std::vector<std::string> codes = {"BE10", "BE21", "BE22", "BE23", "BE24", "BE25",
                                            "BE31", "BE32", "BE33", "BE34", "BE35"};
    REQUIRE(shapes.size() == codes.size());
    size_t points = 0;
    for (size_t i = 0; i < shapes.size(); ++i) {
        CAPTURE(codes[i]);
        CHECK(shapes[i].nuts == codes[i]);
        // The interior point is in its own province and in no other (Brussels' is in the hole
        // of Vlaams-Brabant, not in Vlaams-Brabant).
        const MapPoint inside = interior_point(shapes[i]);
        for (const auto& other : shapes)
            CHECK(shape_contains(other, inside) == (&other == &shapes[i]));
        for (const auto& rings : shapes[i].polygons)
            for (const auto& ring : rings) points += ring.size();
    }
    // Simplified once at load: fewer points than the 1,171 of the file, none lost that shows.
    CHECK(points < 1100);
    CHECK(points > 800);
    const MapBounds box = map_bounds(shapes);
    CHECK(box.min_y == doctest::Approx(49.497).epsilon(0.001));  // Torgny, the southern tip
    CHECK(box.max_y == doctest::Approx(51.505).epsilon(0.001));  // Meerle, the northern tip
    CHECK(belgian_province_map_attribution().find("OpenStreetMap") != std::string::npos);
}
