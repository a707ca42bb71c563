// Which months of a flow are whole: only those are compared with each other and averaged.
#include <doctest/doctest.h>

#include <cmath>

#include "pipeline/reconcile/series_checks.h"
#include "tests/reconcile/reconcile_support.h"

using namespace sitrep;
using sitrep::test::day;
using sitrep::test::fact;
using sitrep::test::rules;

namespace {

// `value` spread over the days `from`..`to` of one month, a fact a day, as DVZ's daily files
// give decisions; the last day gets what the division leaves.
void daily(std::vector<Fact>& facts, const std::string& partner, const std::string& area,
           const char* from, const char* to, double value) {
    const Date first = *Date::parse_iso(from), last = *Date::parse_iso(to);
    const int days = last - first + 1;
    const double each = std::floor(value / days);
    for (Date d = first; d <= last; d = d + 1) {
        auto f = fact("tp.certificates.issued", area, d.iso().c_str(), d.iso().c_str(),
                      d == last ? value - each * (days - 1) : each);
        sitrep::test::sent_as(f, f.file(), partner);
        facts.push_back(std::move(f));
    }
}

// A month's total for a partner in one fact, as the monthly files give it.
void monthly(std::vector<Fact>& facts, const std::string& partner, const std::string& area,
             const char* first, double value) {
    const Date d = *Date::parse_iso(first);
    auto f = fact("tp.certificates.issued", area, first, d.last_of_month().iso().c_str(), value);
    sitrep::test::sent_as(f, f.file(), partner);
    facts.push_back(std::move(f));
}

}  // namespace

TEST_CASE("a feed whose data begins on the 29th has a partial first month: it is not in the "
          "mean the next months are compared with") {
    // March's last three days, then April and May whole; June is more than four times the
    // whole months' level, so it would be a jump against them too, were it measured.
    std::vector<Fact> facts;
    daily(facts, "dvz", "BE", "2022-03-29", "2022-03-31", 150);
    daily(facts, "dvz", "BE", "2022-04-01", "2022-04-30", 1500);
    daily(facts, "dvz", "BE", "2022-05-01", "2022-05-31", 1500);
    daily(facts, "dvz", "BE", "2022-06-01", "2022-06-30", 7000);
    // With March whole, June's mean is (150 + 1500 + 1500) / 3 = 1050, and 7000 a jump.
    const auto before = check_series(facts, rules(), day("2022-07-05"),
                                     WholeMonths::reached_by_indicator);
    REQUIRE(before.size() == 1);
    CHECK(before[0].message.find("against a mean of 1050") != std::string::npos);
    // Without it June has two whole months before it, fewer than the window of three.
    CHECK(check_series(facts, rules(), day("2022-07-05")).empty());
    // July, after three whole months, is compared with them alone: 1500, 1500 and 7000.
    daily(facts, "dvz", "BE", "2022-07-01", "2022-07-31", 15000);
    const auto july = check_series(facts, rules(), day("2022-08-05"));
    REQUIRE(july.size() == 1);
    CHECK(july[0].period == "2022-07");
    CHECK(july[0].message.find("against a mean of 3333") != std::string::npos);
}

TEST_CASE("a first month that begins on its first day is whole") {
    std::vector<Fact> facts;
    daily(facts, "dvz", "BE", "2022-03-01", "2022-03-31", 1000);
    daily(facts, "dvz", "BE", "2022-04-01", "2022-04-30", 1000);
    daily(facts, "dvz", "BE", "2022-05-01", "2022-05-31", 1000);
    daily(facts, "dvz", "BE", "2022-06-01", "2022-06-30", 5000);
    const auto findings = check_series(facts, rules(), day("2022-07-05"));
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].period == "2022-06");
    CHECK(findings[0].message.find("against a mean of 1000") != std::string::npos);
}

TEST_CASE("a partner whose data stops on the 14th has a partial month, though another partner's "
          "data of the indicator reaches the month's end") {
    std::vector<Fact> facts;
    for (const char* m : {"2022-02-01", "2022-03-01", "2022-04-01"}) {
        monthly(facts, "wallonia", "BE3", m, 15000);
        monthly(facts, "flanders", "BE2", m, 15000);
    }
    daily(facts, "flanders", "BE2", "2022-05-01", "2022-05-31", 15000);
    // Wallonia's May so far: half a month, a fifteenth of a whole one.
    daily(facts, "wallonia", "BE3", "2022-05-01", "2022-05-14", 1000);
    // As version 3 saw it, Flanders' data made May whole for Wallonia too: a fall to a fifteenth.
    const auto before = check_series(facts, rules(), day("2022-06-20"),
                                     WholeMonths::reached_by_indicator);
    REQUIRE(before.size() == 1);
    CHECK(before[0].area == "BE3");
    CHECK(check_series(facts, rules(), day("2022-06-20")).empty());
    // Once Wallonia's data reaches the 31st, its May is whole and compared.
    daily(facts, "wallonia", "BE3", "2022-05-31", "2022-05-31", 10);
    const auto whole = check_series(facts, rules(), day("2022-06-20"));
    REQUIRE(whole.size() == 1);
    CHECK(whole[0].area == "BE3");
    CHECK(whole[0].period == "2022-05");
}

TEST_CASE("a month two partners give together is whole only when both cover it") {
    std::vector<Fact> facts;
    for (const char* m : {"2022-02-01", "2022-03-01", "2022-04-01"}) monthly(facts, "dvz", "BE", m, 3000);
    // May: DVZ up to the 31st, a second source of the same area only from the 20th.
    daily(facts, "dvz", "BE", "2022-05-01", "2022-05-31", 200);
    daily(facts, "eurostat", "BE", "2022-05-20", "2022-05-31", 20);
    CHECK(check_series(facts, rules(), day("2022-06-20")).empty());
    // Under version 3's rule, the same May is compared, and falls to a fourteenth.
    CHECK(check_series(facts, rules(), day("2022-06-20"), WholeMonths::reached_by_indicator)
              .size() == 1);
}
