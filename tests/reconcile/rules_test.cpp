#include <doctest/doctest.h>

#include <fstream>
#include <string>
#include <vector>

#include "pipeline/foundation/errors.h"
#include "pipeline/reconcile/rules.h"
#include "tests/e2e/e2e_support.h"

using namespace sitrep;
using sitrep::test::TempDir;

namespace {

// The message of the ConfigError that loading these rules throws, or "" when they load.
std::string error_of(const TempDir& t, const std::string& text) {
    const std::string path = t / "rules.ini";
    std::ofstream(path) << text;
    try {
        load_rules(path);
    } catch (const ConfigError& e) {
        return e.what();
    }
    return "";
}

}  // namespace

TEST_CASE("the shipped rules give every watched feed its cadence, in the rules' order") {
    const auto rules = load_rules(default_rules_path());
    // Every feed a partner sends on a rhythm, and only those: a contributor without one
    // (the HXL partners, Eurostat) is "no cadence", never on time. Losing one would make its
    // feed "no cadence" without a test noticing.
    std::vector<std::string> watched;
    for (const auto& c : rules.cadences) {
        watched.push_back(c.partner + " " + c.feed + " " + std::to_string(c.every_days) + " " +
                          std::to_string(c.grace_days));
        CHECK(c.grace_days >= c.every_days);
    }
    CHECK(watched == std::vector<std::string>{
                         "dvz dvz.decisions 1 10", "dvz dvz.register 7 14",
                         "fedasil fedasil.reception 7 14", "vdab vdab.jobseekers 31 45",
                         "vdab vdab.werkplekvrij 31 45", "forem forem.jobseekers 31 45",
                         "actiris actiris.jobseekers 31 45", "education education.hxl 31 45"});
}

TEST_CASE("a cadence that is not two whole days names the rules file and the line") {
    TempDir t;
    const std::string head = "[cadence]\n; every, late after\n";
    CHECK(error_of(t, head + "vdab.jobseekers = 31, 45\n") == "");
    CHECK(error_of(t, head + "vdab.jobseekers = monthly\n") ==
          t / "rules.ini" + ":3: a cadence is 'every, late after' in days, like '31, 45', not 'monthly'");
    CHECK(error_of(t, head + "vdab.jobseekers = 0, 45\n").find(":3: a cadence is whole days") !=
          std::string::npos);
    CHECK(error_of(t, head + "vdab.jobseekers = 31.5, 45\n").find(":3: a cadence is whole days") !=
          std::string::npos);
    CHECK(error_of(t, head + "vdab = 31, 45\n").find(":3: 'vdab' is not a feed id") !=
          std::string::npos);
    CHECK(error_of(t, head + "forem.jobseekers = 31, 45\nforem.jobseekers = 30, 40\n")
              .find(":4: the cadence of forem.jobseekers is given twice") != std::string::npos);
}

TEST_CASE("any other key given twice in the rules names both lines") {
    TempDir t;
    CHECK(error_of(t, "[tolerance]\ndefault = 0\n; rounding\ndefault = 5\n") ==
          t / "rules.ini" + ":4: [tolerance] default: given twice (first on line 2)");
}

TEST_CASE("the rules read a comment after a value and a line starting with #, as the configuration does") {
    TempDir t;
    const std::string path = t / "rules.ini";
    std::ofstream(path) << "# the rules\n[tolerance]\ndefault = 5   ; units\n"
                           "[precedence]\ntp.register.persons = dvz, eurostat ; DVZ first\n";
    const auto rules = load_rules(path);
    CHECK(rules.default_tolerance == 5);
    CHECK(rules.precedence.at("tp.register.persons") == std::vector<std::string>{"dvz", "eurostat"});
}

TEST_CASE("a mistake in the rules' syntax names the rules file and the line") {
    TempDir t;
    CHECK(error_of(t, "[jump]\nfactor_up = 4\n[jump\n") ==
          t / "rules.ini" + ":3: a section header is '[name]', optionally followed by a comment");
    CHECK(error_of(t, "[jump]\nfactor_up 4\n").find(":2: expected 'key = value'") !=
          std::string::npos);
    CHECK(error_of(t, "[jump]\nwindow = 0\n") == t / "rules.ini" + ":2: the window must be at least 1 month");
}

TEST_CASE("rules that cannot be read name the file") {
    TempDir t;
    try {
        load_rules(t / "missing.ini");
        FAIL("no error");
    } catch (const ConfigError& e) {
        CHECK(std::string(e.what()) == t / "missing.ini" + ": cannot read the reconciliation rules");
    }
}
