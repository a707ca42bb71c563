// A date's ISO text, which the store, the manifest and every file name use.
#include <doctest/doctest.h>

#include <cstdio>
#include <string>

#include "pipeline/model/date.h"

using namespace sitrep;

TEST_CASE("a date's ISO text is zero-padded in every field and reads back as the same day") {
    CHECK(Date::from_ymd(2023, 2, 8).iso() == "2023-02-08");
    CHECK(Date::from_ymd(1, 1, 1).iso() == "0001-01-01");
    CHECK(Date::from_ymd(999, 12, 31).iso() == "0999-12-31");
    CHECK(Date::from_ymd(9999, 12, 31).iso() == "9999-12-31");
    CHECK(Date::from_ymd(10000, 1, 1).iso() == "10000-01-01");
    // Every day of the three centuries a partner's date may fall in.
    for (Date d = Date::from_ymd(1900, 1, 1); d.days() <= Date::from_ymd(2199, 12, 31).days();
         d = d + 1) {
        const std::string text = d.iso();
        const auto back = Date::parse_iso(text);
        CAPTURE(text);
        REQUIRE(back);
        REQUIRE(back->days() == d.days());
    }
    CHECK(Date::from_ymd(2024, 2, 29).iso_month() == "2024-02");
}
