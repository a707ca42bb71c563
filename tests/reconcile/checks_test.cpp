#include <doctest/doctest.h>

#include "pipeline/reconcile/checks.h"
#include "pipeline/reconcile/rules.h"
#include "tests/reconcile/reconcile_support.h"

using namespace sitrep;
using sitrep::test::fact;
using sitrep::test::rules;

TEST_CASE("regions that do not add up to the national total are a finding") {
    const auto findings = check_totals({
        fact("tp.register.persons", "BE", "2023-02-05", "2023-02-05", 53450),
        fact("tp.register.persons", "BE1", "2023-02-05", "2023-02-05", 10824),
        fact("tp.register.persons", "BE2", "2023-02-05", "2023-02-05", 31748),
        fact("tp.register.persons", "BE3", "2023-02-05", "2023-02-05", 10876),
    }, rules());
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].kind == "regions_vs_national");
    CHECK(findings[0].severity == Severity::kWarning);
    CHECK(findings[0].expected == 53450);
    CHECK(findings[0].actual == 53448);
    CHECK(findings[0].message.find("the regions sum to 53448, the national total (België) is "
                                   "53450 (difference 2)") != std::string::npos);
}

TEST_CASE("parts exceeding their total are an error, parts below it a warning") {
    auto findings = check_totals({
        fact("employment.jobseekers.registered", "BE3", "2023-01-01", "2023-01-31", 100),
        fact("employment.jobseekers.registered", "BE31", "2023-01-01", "2023-01-31", 30),
        fact("employment.jobseekers.registered", "BE32", "2023-01-01", "2023-01-31", 30),
        fact("employment.jobseekers.registered", "BE33", "2023-01-01", "2023-01-31", 30),
        fact("employment.jobseekers.registered", "BE34", "2023-01-01", "2023-01-31", 30),
        fact("employment.jobseekers.registered", "BE35", "2023-01-01", "2023-01-31", 30),
    }, rules());
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].kind == "parts_vs_total");
    CHECK(findings[0].severity == Severity::kError);
    CHECK(findings[0].message.find("sum to 150, the total is 100 (difference 50)") != std::string::npos);
}

TEST_CASE("certificates with an unknown municipality close the gap between regions and nation") {
    const auto findings = check_totals({
        fact("tp.certificates.issued", "BE", "2022-03-10", "2022-03-31", 100),
        fact("tp.certificates.issued", "BE1", "2022-03-10", "2022-03-31", 20),
        fact("tp.certificates.issued", "BE2", "2022-03-10", "2022-03-31", 50),
        fact("tp.certificates.issued", "BE3", "2022-03-10", "2022-03-31", 25),
        fact("tp.certificates.issued", "BE", "2022-03-10", "2022-03-31", 5, "aa", 1, {{"area", "unknown"}}),
    }, rules());
    CHECK(findings.empty());
}

TEST_CASE("levels reported outside an education total are left out of its check") {
    const auto findings = check_totals({
        fact("education.pupils.enrolled", "BE2", "2023-02-07", "2023-02-07", 7760),
        fact("education.pupils.enrolled", "BE2", "2023-02-07", "2023-02-07", 1885, "aa", 1, {{"level", "kindergarten"}}),
        fact("education.pupils.enrolled", "BE2", "2023-02-07", "2023-02-07", 3325, "aa", 1, {{"level", "primary"}}),
        fact("education.pupils.enrolled", "BE2", "2023-02-07", "2023-02-07", 2556, "aa", 1, {{"level", "secondary"}}),
        fact("education.pupils.enrolled", "BE2", "2023-02-07", "2023-02-07", 390, "aa", 1, {{"level", "higher"}}),
    }, rules());
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].kind == "levels_vs_total");
    CHECK(findings[0].message.find("reported total 7760, kindergarten + primary + secondary sum to "
                                   "7766 (difference 6); higher 390 reported outside the total") !=
          std::string::npos);
}

TEST_CASE("two submissions are not checked against each other as if they were one") {
    const auto findings = check_totals({
        fact("tp.register.persons", "BE", "2023-02-05", "2023-02-05", 53450, "aa"),
        fact("tp.register.persons", "BE1", "2023-02-05", "2023-02-05", 1, "bb"),
        fact("tp.register.persons", "BE2", "2023-02-05", "2023-02-05", 1, "bb"),
        fact("tp.register.persons", "BE3", "2023-02-05", "2023-02-05", 1, "bb"),
    }, rules());
    CHECK(findings.empty());
}

TEST_CASE("some provinces of a region without its total are an incomplete submission") {
    std::vector<Fact> facts;
    for (const char* p : {"BE21", "BE22", "BE23", "BE24"})
        facts.push_back(fact("employment.jobseekers.registered", p, "2023-03-01", "2023-03-31", 10));
    const auto findings = check_totals(facts, rules());
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].kind == "parts_incomplete");
    CHECK(findings[0].area == "BE2");
    CHECK(findings[0].message.find("but not BE25 and no total") != std::string::npos);
}

TEST_CASE("daily flows naming only some provinces are not incomplete") {
    const auto findings = check_totals(
        {fact("reception.crisis.referred", "BE21", "2022-03-01", "2022-03-01", 4),
         fact("reception.crisis.referred", "BE33", "2022-03-01", "2022-03-01", 2)},
        rules());
    CHECK(findings.empty());
}
