#include <doctest/doctest.h>

#include "pipeline/foundation/errors.h"
#include "pipeline/run/clock.h"

using namespace sitrep;

namespace {

std::string next_after(const char* instant, int hour, int minute) {
    const auto t = parse_iso_instant(instant);
    REQUIRE(t);
    return local_time(next_daily_run(*t, hour, minute, "Europe/Brussels"), "Europe/Brussels").iso;
}

}  // namespace

TEST_CASE("the daily run is at 07:00 Brussels time in winter and in summer") {
    CHECK(next_after("2023-02-08T06:59:00+01:00", 7, 0) == "2023-02-08T07:00:00+01:00");
    CHECK(next_after("2023-02-08T07:00:00+01:00", 7, 0) == "2023-02-09T07:00:00+01:00");
    CHECK(next_after("2023-07-01T12:00:00+02:00", 7, 0) == "2023-07-02T07:00:00+02:00");
}

TEST_CASE("the daily run stays at 07:00 local across the spring change to summer time") {
    // 26 March 2023: clocks go from 02:00 to 03:00; 07:00 local is 05:00 UTC.
    CHECK(next_after("2023-03-25T07:30:00+01:00", 7, 0) == "2023-03-26T07:00:00+02:00");
    const auto t = parse_iso_instant("2023-03-25T07:30:00+01:00");
    CHECK(next_daily_run(*t, 7, 0, "Europe/Brussels") == *parse_iso_instant("2023-03-26T05:00:00Z"));
}

TEST_CASE("the daily run stays at 07:00 local across the autumn change to winter time") {
    // 29 October 2023: clocks go from 03:00 back to 02:00; 07:00 local is 06:00 UTC.
    CHECK(next_after("2023-10-28T08:00:00+02:00", 7, 0) == "2023-10-29T07:00:00+01:00");
    const auto t = parse_iso_instant("2023-10-28T08:00:00+02:00");
    CHECK(next_daily_run(*t, 7, 0, "Europe/Brussels") == *parse_iso_instant("2023-10-29T06:00:00Z"));
}

TEST_CASE("a run set in the hour that spring skips happens when the clock jumps") {
    // 02:30 does not exist on 26 March 2023: the run happens at 03:00 summer time.
    CHECK(next_after("2023-03-25T12:00:00+01:00", 2, 30) == "2023-03-26T03:00:00+02:00");
}

TEST_CASE("a run set in the hour that autumn repeats happens once, the first time") {
    CHECK(next_after("2023-10-28T12:00:00+02:00", 2, 30) == "2023-10-29T02:30:00+02:00");
    CHECK(next_after("2023-10-29T02:30:00+02:00", 2, 30) == "2023-10-30T02:30:00+01:00");
}

TEST_CASE("an unknown time zone is a configuration error") {
    CHECK_THROWS_WITH_AS(local_time(std::chrono::system_clock::now(), "Europe/Atlantis"),
                         doctest::Contains("unknown time zone 'Europe/Atlantis'"), Error);
}
