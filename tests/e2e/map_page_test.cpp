// The map on the demo report's rendered page: each province has the colour of its class for
// the demo inbox's certificates per 1,000 inhabitants, sampled where the projection puts the
// province's interior point.
#include "tests/e2e/map_page.h"

#include <map>

#include "pipeline/writers/pdf_map.h"
#include "tests/e2e/e2e_support.h"

using namespace sitrep;
using namespace sitrep::test;

namespace {

// The class each province falls in, worked out by hand from the demo inbox (certificates
// issued up to 31/01/2023 per 1,000 inhabitants of 1/1/2020) and the five classes of
// quantiles rounded to two digits, limits 4,0 / 4,4 / 5,3 / 5,9.
const std::map<std::string, int> kExpectedClass = {
    {"BE10", 4},  // Brussels 13,038 / 1,218,255 = 10.7
    {"BE21", 4},  // Antwerpen 15,188 / 1,869,730 = 8.1
    {"BE22", 2},  // Limburg 4,122 / 877,370 = 4.7
    {"BE23", 1},  // Oost-Vlaanderen 6,660 / 1,525,255 = 4.4 (4.37)
    {"BE24", 3},  // Vlaams-Brabant 6,407 / 1,155,843 = 5.5
    {"BE25", 2},  // West-Vlaanderen 6,308 / 1,200,945 = 5.3 (5.25)
    {"BE31", 4},  // Waals-Brabant 2,400 / 406,019 = 5.9 (5.91)
    {"BE32", 0},  // Henegouwen 3,907 / 1,346,840 = 2.9
    {"BE33", 0},  // Luik 3,706 / 1,109,800 = 3.3
    {"BE34", 1},  // Luxemburg 1,192 / 286,752 = 4.2
    {"BE35", 0},  // Namen 1,974 / 495,832 = 4.0 (3.98)
};

// ColorBrewer's five Blues, lightest first.
const uint32_t kBlues[] = {0xeff3ff, 0xbdd7e7, 0x6baed6, 0x3182bd, 0x08519c};

}  // namespace

TEST_CASE("on the demo report's rendered page every province has its class's colour") {
    TempDir t;
    copy_demo_inbox(t / "inbox");
    REQUIRE(run_sitrep(demo_run_args(t) + " --first-number 237").exit_code == 0);
    const std::string pdf = t / "outbox/sitrep-0237.nl.pdf";

    const WordBox licence = find_word(pdf, "Grenzen:");
    const MapFrame frame = frame_above_licence(licence);

    const PageImage page = render_page(pdf, licence.page, 50, t / "map-page");
    for (const auto& shape : belgian_province_map()) {
        CAPTURE(shape.nuts);
        const MapPoint p = frame.to_page(interior_point(shape));
        const uint32_t seen = page.at_point(p.x, p.y, licence.page_height);
        const uint32_t want = kBlues[kExpectedClass.at(shape.nuts)];
        CAPTURE(hex(seen));
        CAPTURE(hex(want));
        CHECK(channel_distance(seen, want) <= 6);
        // And no other class's colour is as close.
        for (uint32_t other : kBlues)
            if (other != want) CHECK(channel_distance(seen, other) > channel_distance(seen, want));
    }
}

TEST_CASE("the map's legend gives the class limits in Dutch and French number style") {
    TempDir t;
    copy_demo_inbox(t / "inbox");
    REQUIRE(run_sitrep(demo_run_args(t)).exit_code == 0);
    const std::string nl = pdf_text(t / "outbox/sitrep-0001.nl.pdf");
    for (const char* line :
         {"per 1.000 inwoners", "minder dan 4,0", "4,0 tot 4,4", "4,4 tot 5,3", "5,3 tot 5,9",
          "5,9 of meer", "Grenzen: © OpenStreetMap-bijdragers (ODbL 1.0)"})
        CHECK_MESSAGE(nl.find(line) != std::string::npos, line);
    CHECK(nl.find("geen gegevens") == std::string::npos);  // every province has its figure
    const std::string fr = pdf_text(t / "outbox/sitrep-0001.fr.pdf");
    for (const char* line : {"moins de 4,0", "de 4,0 à moins de 4,4", "5,9 ou plus",
                             "Limites : © contributeurs d'OpenStreetMap"})
        CHECK_MESSAGE(fr.find(line) != std::string::npos, line);
}
