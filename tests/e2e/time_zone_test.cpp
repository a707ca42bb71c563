// A configured time zone that does not exist stops a run before its state is touched.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "pipeline/foundation/errors.h"
#include "pipeline/run/clock.h"
#include "tests/e2e/e2e_support.h"

using namespace sitrep;
using namespace sitrep::test;

TEST_CASE("a run whose configured time zone does not exist stops before its state is made") {
    TempDir t;
    copy_demo_inbox(t / "inbox");
    std::ofstream(t / "sitrep.ini") << "[paths]\ninbox = " << (t / "inbox") << "\noutbox = "
                                    << (t / "outbox") << "\nstate = " << (t / "state")
                                    << "\n[report]\ntimezone = Europe/Atlantis\n";
    const auto r = run_sitrep("run --quiet --config " + (t / "sitrep.ini"));
    CHECK(r.exit_code == 78);
    CHECK(r.output.find("unknown time zone 'Europe/Atlantis'") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(t / "state/sitrep.db"));
}

TEST_CASE("a time zone is checked by its file, and a name that is no zone is refused") {
    CHECK_NOTHROW(check_time_zone("Europe/Brussels"));
    CHECK_NOTHROW(check_time_zone("UTC"));
    CHECK_THROWS_AS(check_time_zone("Europe/Atlantis"), ConfigError);
    CHECK_THROWS_AS(check_time_zone("../../etc/passwd"), ConfigError);
    // Files of the zone folder that are no zone: a table, the database's source text.
    CHECK_THROWS_AS(check_time_zone("zone.tab"), ConfigError);
    CHECK_THROWS_AS(check_time_zone("tzdata.zi"), ConfigError);
    CHECK_THROWS_AS(check_time_zone(""), ConfigError);
}
