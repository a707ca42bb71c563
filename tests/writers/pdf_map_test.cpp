// A map block drawn in process: Brussels shaded from its region's figure, a province without
// a figure hatched and named in the legend, and no map where no partner reports provinces.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>

#include "tests/e2e/map_page.h"
#include "tests/writers/pdf_support.h"

using namespace sitrep;
using namespace sitrep::pdf_test;
using sitrep::test::channel_distance;
using sitrep::test::find_word;
using sitrep::test::hex;

namespace {

Figure certificates(const std::string& area, double value) {
    Figure f;
    f.indicator = "tp.certificates.issued";
    f.area = area;
    f.value = value;
    f.kind = Kind::kFlow;
    f.from = *Date::parse_iso("2022-03-10");
    f.to = *Date::parse_iso("2023-01-31");
    f.as_of = *f.to;
    f.sources = {std::string(64, 'd')};
    f.locations = {"dvz_tp_beslissingen_20230131.csv:line 2"};
    return f;
}

// Certificates by province, Brussels as its region (BE1) and none for Luxembourg (BE34).
Report without_luxembourg() {
    Report r;
    r.number = 12;
    r.issued_at = "2023-02-08T07:00:00+01:00";
    r.as_of = *Date::parse_iso("2023-02-08");
    r.figures.push_back(certificates("BE", 60000));
    r.figures.push_back(certificates("BE1", 13038));
    for (const auto& [nuts, value] : std::vector<std::pair<std::string, double>>{{"BE21", 15188},
                                                                                 {"BE22", 4122},
                                                                                 {"BE23", 6660},
                                                                                 {"BE24", 6407},
                                                                                 {"BE25", 6308},
                                                                                 {"BE31", 2400},
                                                                                 {"BE32", 3907},
                                                                                 {"BE33", 3706},
                                                                                 {"BE35", 1974}})
        r.figures.push_back(certificates(nuts, value));
    return r;
}

}  // namespace

TEST_CASE("a province without a figure is hatched grey and the legend says 'geen gegevens'") {
    Scratch scratch;
    const std::string pdf =
        scratch.write("map-no-data.pdf", render_pdf(without_luxembourg(), templates(), "nl"));
    CHECK(contains(flat_text(pdf), "geen gegevens"));

    const auto licence = find_word(pdf, "Grenzen:");
    const MapFrame frame = sitrep::test::frame_above_licence(licence);
    const auto page =
        sitrep::test::render_page(pdf, licence.page, 50, (scratch.dir / "page").string());
    for (const auto& shape : belgian_province_map()) {
        CAPTURE(shape.nuts);
        const MapPoint p = frame.to_page(interior_point(shape));
        const uint32_t seen = page.at_point(p.x, p.y, licence.page_height);
        CAPTURE(hex(seen));
        const int blue_over_red = static_cast<int>(seen & 0xFF) - static_cast<int>(seen >> 16);
        if (shape.nuts == "BE34")  // white under grey hatching: no hue at all
            CHECK(std::abs(blue_over_red) <= 6);
        else  // every Blues class is bluer than it is red (Brussels from BE1 too)
            CHECK(blue_over_red >= 14);
    }
    // The hatching is grey on white: somewhere inside Luxembourg a pixel is darker than white.
    const MapShape& lux = belgian_province_map()[9];
    REQUIRE(lux.nuts == "BE34");
    const MapPoint inside = interior_point(lux);
    bool hatched = false;
    for (int dx = -6; dx <= 6 && !hatched; ++dx) {
        const MapPoint p = frame.to_page({inside.x + dx * 0.01, inside.y});
        hatched = channel_distance(page.at_point(p.x, p.y, licence.page_height), 0xffffff) > 30;
    }
    CHECK(hatched);
}

TEST_CASE("no map is drawn when only Brussels' region has a figure") {
    Report r;
    r.number = 13;
    r.issued_at = "2023-02-08T07:00:00+01:00";
    r.as_of = *Date::parse_iso("2023-02-08");
    r.figures.push_back(certificates("BE", 60000));
    r.figures.push_back(certificates("BE1", 13038));
    Scratch scratch;
    const std::string pdf = scratch.write("map-none.pdf", render_pdf(r, templates(), "nl"));
    const std::string text = flat_text(pdf);
    CHECK_FALSE(contains(text, "per 1.000 inwoners"));
    CHECK_FALSE(contains(text, "OpenStreetMap"));
}

TEST_CASE("each province's interior point lies at least 4 points from any outline as drawn") {
    const MapFrame frame = map_frame(0, 0);
    const auto distance = [](MapPoint p, MapPoint a, MapPoint b) {
        const double dx = b.x - a.x, dy = b.y - a.y;
        const double t =
            std::clamp(((p.x - a.x) * dx + (p.y - a.y) * dy) / (dx * dx + dy * dy), 0.0, 1.0);
        return std::hypot(a.x + t * dx - p.x, a.y + t * dy - p.y);
    };
    for (const auto& shape : belgian_province_map()) {
        CAPTURE(shape.nuts);
        const MapPoint inside = interior_point(shape);
        double nearest = INFINITY;
        // Every outline on the map, the neighbours' too.
        for (const auto& other : belgian_province_map())
            for (const auto& rings : other.polygons)
                for (const auto& ring : rings)
                    for (size_t i = 1; i < ring.size(); ++i)
                        nearest = std::min(nearest, distance(inside, ring[i - 1], ring[i]));
        // Brussels, the smallest, leaves the least room: a 50 dpi pixel is 1.44 points.
        CHECK(nearest * frame.scale >= 4.0);
    }
}
