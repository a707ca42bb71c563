// The systemd units in deploy/systemd, checked by systemd's own tools (offline, no systemd
// running): they load cleanly, they are hardened, and the timer keeps Brussels time.
#include <regex>

#include "tests/e2e/e2e_support.h"

using namespace sitrep::test;

namespace {

const std::string kUnitDir = std::string(SITREP_SOURCE_DIR) + "/deploy/systemd";
const char* const kUnits[] = {"sitrep.service", "sitrep-daily.service", "sitrep-daily.timer"};

/// Fails the test, rather than skipping it, where systemd's tools are missing.
void require_systemd_analyze() {
    const auto r = run("systemd-analyze --version");
    REQUIRE_MESSAGE(
        r.exit_code == 0,
        "systemd-analyze is missing (scripts/install-deps.sh installs systemd): " << r.output);
}

/// The units copied into `dir`, with ExecStart naming the binary under test instead of the
/// installed one, so that verify can check the command exists.
void copy_units_with_built_binary(const TempDir& dir) {
    for (const std::string unit : kUnits) {
        std::string text = slurp(kUnitDir + "/" + unit);
        text = std::regex_replace(text, std::regex("/usr/local/bin/sitrep"), SITREP_BINARY);
        std::ofstream(dir / unit) << text;
    }
}

/// The overall exposure `systemd-analyze security` gives a unit file, 0 (safe) to 10.
double exposure_of(const std::string& unit_file, std::string& report) {
    const auto r = run("systemd-analyze security --offline=true '" + unit_file + "'");
    report = r.output;
    std::smatch m;
    REQUIRE_MESSAGE(
        std::regex_search(r.output, m, std::regex("Overall exposure level for [^:]+: ([0-9.]+)")),
        r.output);
    return std::stod(m[1].str());
}

/// The value of the first `Key=` line of a unit file.
std::string unit_value(const std::string& unit, const std::string& key) {
    std::smatch m;
    const std::string text = slurp(kUnitDir + "/" + unit);
    REQUIRE_MESSAGE(std::regex_search(text, m, std::regex("(^|\n)" + key + "=([^\n]*)")),
                    unit << " has no " << key << "=");
    return m[2].str();
}

}  // namespace

TEST_CASE("the systemd units load without a warning in systemd-analyze verify") {
    require_systemd_analyze();
    TempDir t;
    copy_units_with_built_binary(t);
    std::string paths;
    for (const std::string unit : kUnits) paths += " '" + (t / unit) + "'";
    const auto r = run("systemd-analyze verify" + paths);
    CHECK_MESSAGE(r.exit_code == 0, r.output);
    // An unknown or misspelt key is only a warning, with exit code 0: none is allowed.
    CHECK_MESSAGE(r.output.empty(), r.output);
}

TEST_CASE("systemd-analyze security rates both sitrep services 2.5 or safer") {
    require_systemd_analyze();
    for (const std::string unit : {"sitrep.service", "sitrep-daily.service"}) {
        CAPTURE(unit);
        std::string report;
        CHECK_MESSAGE(exposure_of(kUnitDir + "/" + unit, report) <= 2.5, report);
        // The reports are TLP:AMBER: what the service writes is never readable by all.
        CHECK_MESSAGE(report.find("world-readable") == std::string::npos, report);
    }
}

TEST_CASE("a configuration or usage error does not make the service restart in a loop") {
    const std::string prevented =
        " " + unit_value("sitrep.service", "RestartPreventExitStatus") + " ";
    CHECK(prevented.find(" 78 ") != std::string::npos);
    CHECK(prevented.find(" 64 ") != std::string::npos);
}

TEST_CASE("the daily timer fires at 07:00 Brussels time whatever the machine's time zone") {
    require_systemd_analyze();
    const std::string when = unit_value("sitrep-daily.timer", "OnCalendar");
    // A machine in New York: a year of elapses, each also printed in UTC. 07:00 in Brussels is
    // 06:00 UTC in winter and 05:00 UTC in summer; any other hour is the wrong zone.
    const auto r =
        run("TZ=America/New_York systemd-analyze calendar --iterations=366 '" + when + "'");
    REQUIRE_MESSAGE(r.exit_code == 0, r.output);
    const std::regex in_utc(R"(\(in UTC\): \w+ [0-9-]+ ([0-9:]+) UTC)");
    int winter = 0, summer = 0, other = 0;
    for (auto it = std::sregex_iterator(r.output.begin(), r.output.end(), in_utc);
         it != std::sregex_iterator(); ++it) {
        const std::string hour = (*it)[1].str();
        hour == "06:00:00" ? ++winter : hour == "05:00:00" ? ++summer : ++other;
    }
    CHECK_MESSAGE(other == 0, r.output);
    CHECK(winter > 100);
    CHECK(summer > 100);
    CHECK(unit_value("sitrep-daily.timer", "Persistent") == "true");
}
