#include <doctest/doctest.h>

#include "pipeline/reconcile/facts.h"
#include "pipeline/reconcile/figures.h"
#include "pipeline/reconcile/series_checks.h"
#include "tests/reconcile/reconcile_support.h"

using namespace sitrep;
using sitrep::test::day;
using sitrep::test::fact;
using sitrep::test::rules;

namespace {

StoredSubmission submission(const std::string& sha, const std::string& file,
                            const std::string& partner, int64_t seq) {
    StoredSubmission s;
    s.sha256 = sha;
    s.file = file;
    s.partner = partner;
    s.sequence = seq;
    return s;
}

// A fact of the `submission`-th submission to arrive.
StoredObservation observed(int64_t submission, const std::string& indicator,
                           const std::string& area, const char* day, double value) {
    const Date d = *Date::parse_iso(day);
    return {{indicator, area, d, d, {}, value, Unit::kCount, "line 2"}, submission};
}

FactScope scope(std::set<std::string> used, int64_t published = 0) {
    FactScope s;
    s.used = std::move(used);
    s.as_of = Date::from_ymd(2023, 2, 8);
    s.published_sequence = published;
    return s;
}

}  // namespace

TEST_CASE("a later file of the same partner revises a published figure, and says so") {
    const std::vector<StoredSubmission> subs = {
        submission("a1", "dvz_tp_register_20230205.csv", "dvz", 1),
        submission("b2", "dvz_tp_register_20230205_v2.csv", "dvz", 2)};
    const std::vector<StoredObservation> obs = {
        observed(1, "tp.register.persons", "BE", "2023-02-05", 53450),
        observed(2, "tp.register.persons", "BE", "2023-02-05", 53460)};
    FactScope s = scope({"b2"}, 1);
    s.superseded = {"a1"};
    const auto eff = effective_facts(obs, subs, s, rules());
    REQUIRE(eff.facts.size() == 1);
    CHECK(eff.facts[0].o.value == 53460);
    CHECK(eff.facts[0].revised);
    REQUIRE(eff.findings.size() == 1);
    CHECK(eff.findings[0].kind == "revision");
    CHECK(eff.findings[0].severity == Severity::kWarning);
    CHECK(eff.findings[0].message.find("53450 [dvz_tp_register_20230205.csv:line 2] becomes 53460") !=
          std::string::npos);
}

TEST_CASE("an unchanged value sent again is no revision") {
    const std::vector<StoredSubmission> subs = {submission("a1", "f1.csv", "dvz", 1),
                                                submission("b2", "f2.csv", "dvz", 2)};
    const auto eff = effective_facts({observed(1, "tp.register.persons", "BE", "2023-02-05", 5),
                                      observed(2, "tp.register.persons", "BE", "2023-02-05", 5)},
                                     subs, scope({"a1", "b2"}, 1), rules());
    CHECK(eff.findings.empty());
    CHECK_FALSE(eff.facts[0].revised);
}

TEST_CASE("two sources disagreeing beyond the tolerance: the authoritative one is used") {
    const std::vector<StoredSubmission> subs = {submission("a1", "dvz.csv", "dvz", 1),
                                                submission("e2", "eurostat.hxl.csv", "eurostat", 2)};
    SUBCASE("beyond the tolerance of 5") {
        const auto eff = effective_facts({observed(1, "tp.register.persons", "BE", "2023-02-05", 53450),
                                          observed(2, "tp.register.persons", "BE", "2023-02-05", 53400)},
                                         subs, scope({"a1", "e2"}), rules());
        REQUIRE(eff.facts.size() == 1);
        CHECK(eff.facts[0].o.value == 53450);
        REQUIRE(eff.findings.size() == 1);
        CHECK(eff.findings[0].kind == "source_conflict");
        CHECK(eff.findings[0].sources == std::vector<std::string>{"a1", "e2"});
        CHECK(eff.findings[0].message.find("the report uses dvz's figure") != std::string::npos);
    }
    SUBCASE("within the tolerance: rounding, no finding") {
        const auto eff = effective_facts({observed(1, "tp.register.persons", "BE", "2023-02-05", 53452),
                                          observed(2, "tp.register.persons", "BE", "2023-02-05", 53450)},
                                         subs, scope({"a1", "e2"}), rules());
        CHECK(eff.findings.empty());
        CHECK(eff.facts[0].o.value == 53452);
    }
}

TEST_CASE("a cumulative count going down is a finding") {
    const auto findings = check_series(
        {fact("employment.jobseekers.registered", "BE3", "2022-12-01", "2022-12-31", 2069, "d1", 1),
         fact("employment.jobseekers.registered", "BE3", "2023-01-01", "2023-01-31", 2050, "j1", 2)},
        rules(), day("2023-02-08"));
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].kind == "cumulative_decrease");
    CHECK(findings[0].message.find("went down from 2069 (2022-12) to 2050 (2023-01)") != std::string::npos);
}

TEST_CASE("a month far off the months before it is an implausible jump") {
    std::vector<Fact> facts;
    const char* months[][2] = {{"2022-09-01", "2022-09-30"}, {"2022-10-01", "2022-10-31"},
                               {"2022-11-01", "2022-11-30"}, {"2022-12-01", "2022-12-31"}};
    const double values[] = {2200, 2200, 2000, 21735};  // a typo: 21735 for 1735
    for (int i = 0; i < 4; ++i)
        facts.push_back(fact("tp.certificates.issued", "BE", months[i][0], months[i][1], values[i]));
    const auto findings = check_series(facts, rules(), day("2023-02-08"));
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].kind == "implausible_jump");
    CHECK(findings[0].period == "2022-12");
}

TEST_CASE("two provinces' daily facts, interleaved, add up to each province's own month") {
    std::vector<Fact> facts;
    const char* months[][2] = {{"2022-03-01", "2022-03-31"}, {"2022-04-01", "2022-04-30"},
                               {"2022-05-01", "2022-05-31"}};
    for (const auto& m : months)
        for (const char* area : {"BE1", "BE2"})
            facts.push_back(fact("tp.certificates.issued", area, m[0], m[1], 15000));
    // June: BE1 as usual (15000), BE2 a seventieth of it (214), their days in turn.
    for (const char* d : {"2022-06-01", "2022-06-30"}) {
        facts.push_back(fact("tp.certificates.issued", "BE1", d, d, 7500));
        facts.push_back(fact("tp.certificates.issued", "BE2", d, d, 107));
    }
    const auto findings = check_series(facts, rules(), day("2022-07-01"));
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].area == "BE2");
    CHECK(findings[0].period == "2022-06");
    CHECK(findings[0].message.find(": 214 against a mean of 15000") != std::string::npos);
}

TEST_CASE("a month not over on the report's day is not compared with whole months") {
    // 1 June: the first day's decisions against the mean of three whole months.
    std::vector<Fact> facts;
    const char* months[][2] = {{"2022-03-01", "2022-03-31"}, {"2022-04-01", "2022-04-30"},
                               {"2022-05-01", "2022-05-31"}};
    for (const auto& m : months)
        facts.push_back(fact("tp.certificates.issued", "BE", m[0], m[1], 15000));
    facts.push_back(fact("tp.certificates.issued", "BE", "2022-06-01", "2022-06-01", 214));
    CHECK(check_series(facts, rules(), day("2022-06-01")).empty());
    // Once June is over and its data reaches the 30th, the same low month is a jump.
    facts.push_back(fact("tp.certificates.issued", "BE", "2022-06-30", "2022-06-30", 10));
    const auto findings = check_series(facts, rules(), day("2022-07-01"));
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].period == "2022-06");
}

TEST_CASE("a month the data has not reached the end of is partial, even after it is over") {
    // Decisions up to 14 June only: on 20 June, June is still half a month.
    std::vector<Fact> facts;
    const char* months[][2] = {{"2022-03-01", "2022-03-31"}, {"2022-04-01", "2022-04-30"},
                               {"2022-05-01", "2022-05-31"}};
    for (const auto& m : months)
        facts.push_back(fact("tp.certificates.issued", "BE", m[0], m[1], 15000));
    facts.push_back(fact("tp.certificates.issued", "BE", "2022-06-01", "2022-06-14", 1500));
    CHECK(check_series(facts, rules(), day("2022-07-20")).empty());
}

TEST_CASE("small or gradual changes are no jump") {
    std::vector<Fact> facts;
    const double values[] = {180, 350, 388, 290, 210, 170, 150, 120, 110, 101, 33};
    for (int m = 0; m < 11; ++m) {
        const Date first = Date::from_ymd(2022 + (m + 2) / 12, (m + 2) % 12 + 1, 1);
        facts.push_back(fact("employment.jobseekers.new", "BE3", first.iso().c_str(),
                             first.last_of_month().iso().c_str(), values[m]));
    }
    CHECK(check_series(facts, rules(), day("2023-02-08")).empty());
}

TEST_CASE("a share that does not match its counts is a finding, a rounded one is not") {
    auto share = fact("employment.jobseekers.worked", "BE2", "2023-02-01", "2023-02-28", 0.37, "s", 1,
                      {{"sex", "F"}});
    share.o.unit = Unit::kShare;
    std::vector<Fact> facts = {
        fact("employment.jobseekers.worked", "BE2", "2023-02-01", "2023-02-28", 7520),
        fact("employment.jobseekers.worked", "BE2", "2023-02-01", "2023-02-28", 2750, "aa", 1, {{"sex", "F"}}),
        share};
    CHECK(check_shares(facts, rules()).empty());  // 2750 / 7520 = 36.6 %, reported as 37 %
    facts[2].o.value = 0.42;
    const auto findings = check_shares(facts, rules());
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].kind == "share_mismatch");
    CHECK(findings[0].message.find("42.0% is not 2750 of 7520 (36.6%)") != std::string::npos);
}

TEST_CASE("a revision is compared with the value it replaces and reported once") {
    // Three weekly workbooks: 10, then 12, then 12 again.
    const std::vector<StoredSubmission> subs = {submission("w1", "w1.xlsx", "fedasil", 1),
                                                submission("w2", "w2.xlsx", "fedasil", 2),
                                                submission("w3", "w3.xlsx", "fedasil", 3)};
    const std::vector<StoredObservation> obs = {
        observed(1, "reception.crisis.referred", "BE33", "2022-03-01", 10),
        observed(2, "reception.crisis.referred", "BE33", "2022-03-01", 12),
        observed(3, "reception.crisis.referred", "BE33", "2022-03-01", 12)};
    SUBCASE("w3 changes nothing: no revision") {
        const auto eff = effective_facts(obs, subs, scope({"w1", "w2", "w3"}, 2), rules());
        CHECK(eff.findings.empty());
        CHECK_FALSE(eff.facts[0].revised);
    }
    SUBCASE("w2's revision was news in the report after it, not in later ones") {
        const std::vector<StoredObservation> two(obs.begin(), obs.begin() + 2);
        CHECK(effective_facts(two, subs, scope({"w1", "w2"}, 1), rules()).findings.size() == 1);
        CHECK(effective_facts(two, subs, scope({"w1", "w2"}, 2), rules()).findings.empty());
    }
}

TEST_CASE("a crisis ebbing is no jump, a digit too many is") {
    auto month = [](int m) {
        const Date first = Date::from_ymd(2022, m, 1);
        return std::make_pair(first.iso(), first.last_of_month().iso());
    };
    std::vector<Fact> facts;
    const double values[] = {300, 250, 220, 64, 60, 640};  // a fall to a quarter, then 10 x
    for (int i = 0; i < 6; ++i) {
        const auto [from, to] = month(3 + i);
        facts.push_back(fact("reception.crisis.referred", "BE25", from.c_str(), to.c_str(), values[i]));
    }
    const auto findings = check_series(facts, rules(), day("2023-02-08"));
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].period == "2022-08");
}

TEST_CASE("DVZ files holding decisions of the same days add up instead of one hiding the other") {
    const std::vector<StoredSubmission> subs = {
        [] { auto s = submission("j1", "dvz_tp_beslissingen_20230131.csv", "dvz", 1); s.feed = "dvz.decisions"; return s; }(),
        [] { auto s = submission("f1", "dvz_tp_beslissingen_20230207.csv", "dvz", 2); s.feed = "dvz.decisions"; return s; }()};
    const Date jan2 = Date::from_ymd(2023, 1, 2), jan31 = Date::from_ymd(2023, 1, 31);
    const std::vector<StoredObservation> obs = {
        {{"tp.certificates.issued", "BE", jan2, jan31, {}, 1564, Unit::kCount, "lines 2-1565"}, 1},
        // A decision of 31 January registered late, in February's file.
        {{"tp.certificates.issued", "BE", jan31, jan31, {}, 1, Unit::kCount, "line 2"}, 2}};
    const auto eff = effective_facts(obs, subs, scope({"j1", "f1"}), rules());
    CHECK(eff.facts.size() == 2);
    CHECK(eff.findings.empty());
    CHECK(compute_figures(eff.facts).front().value == 1565);
}

TEST_CASE("of a year's facts, one file's same fact given twice is taken as the file first gives "
          "it, however far apart the two lines are") {
    // Two thousand facts of one register, a day each; the file gives 1 January 2016 twice, the
    // second time 500 lines on: reconciliation reads many facts in two halves at once, and
    // the first line given must win as it does when read in one piece.
    const std::vector<StoredSubmission> subs = {
        submission("a1", "dvz_tp_register_20230205.csv", "dvz", 1)};
    const Date twice = Date::from_ymd(2016, 1, 1);
    std::vector<StoredObservation> obs;
    Date d = Date::from_ymd(2015, 1, 1);
    for (int i = 0; i < 2000; ++i, d = d + 1) {
        if (i == 900) obs.push_back(observed(1, "tp.register.persons", "BE", "2016-01-01", 111));
        if (i == 1400) obs.push_back(observed(1, "tp.register.persons", "BE", "2016-01-01", 222));
        // Left empty, one in each half: listed in the order given.
        if (i == 100 || i == 1500) {
            obs.push_back(observed(1, "tp.register.persons", "BE1", d.iso().c_str(), 0));
            obs.back().fact.reported = false;
        }
        if (d == twice) continue;
        obs.push_back(observed(1, "tp.register.persons", "BE", d.iso().c_str(), i));
    }
    const auto eff = effective_facts(obs, subs, scope({"a1"}), rules());
    CHECK(eff.facts.size() == 2000);
    int seen = 0;
    for (const auto& f : eff.facts)
        if (f.o.from == twice) {
            ++seen;
            CHECK(f.o.value == 111);
        }
    CHECK(seen == 1);
    REQUIRE(eff.not_reported.size() == 2);
    CHECK(eff.not_reported[0].o.from < eff.not_reported[1].o.from);
}

TEST_CASE("the facts a report uses leave room for their derived totals, so adding them moves none") {
    // VDAB's five provinces, whose sum sitrep adds as Flanders' total: a year's ten thousand
    // facts were all moved to make room for a few dozen such totals.
    const std::vector<StoredSubmission> subs = {submission("v1", "vdab_20230205.csv", "vdab", 1)};
    std::vector<StoredObservation> obs;
    for (const char* province : {"BE21", "BE22", "BE23", "BE24", "BE25"})
        obs.push_back(observed(1, "employment.jobseekers.registered", province, "2023-02-05", 10));
    auto eff = effective_facts(obs, subs, scope({"v1"}), rules());
    REQUIRE(eff.facts.size() == 5);
    const Fact* first = eff.facts.data();
    add_derived_totals(eff.facts);
    REQUIRE(eff.facts.size() == 6);
    CHECK(eff.facts.back().o.area == "BE2");
    CHECK(eff.facts.back().derived);
    CHECK(eff.facts.data() == first);
}
