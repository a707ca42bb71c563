#include <doctest/doctest.h>

#include "pipeline/reconcile/figures.h"
#include "tests/reconcile/reconcile_support.h"

using namespace sitrep;
using sitrep::test::fact;

namespace {

const Figure* find(const std::vector<Figure>& figs, const std::string& ind, const std::string& area,
                   const std::string& bd = "") {
    for (const auto& f : figs)
        if (f.indicator == ind && f.area == area && breakdown_key(f.breakdown) == bd) return &f;
    return nullptr;
}

}  // namespace

TEST_CASE("a stock's headline is its latest value") {
    const auto figs = compute_figures({fact("tp.register.persons", "BE", "2023-01-29", "2023-01-29", 52000),
                                       fact("tp.register.persons", "BE", "2023-02-05", "2023-02-05", 53450, "bb", 2)});
    REQUIRE(find(figs, "tp.register.persons", "BE"));
    CHECK(find(figs, "tp.register.persons", "BE")->value == 53450);
    CHECK(find(figs, "tp.register.persons", "BE")->as_of.iso() == "2023-02-05");
    CHECK(find(figs, "tp.register.persons", "BE")->sources == std::vector<std::string>{"bb"});
}

TEST_CASE("a flow's headline sums its months, with the period they cover") {
    const auto figs = compute_figures({fact("tp.certificates.issued", "BE", "2022-03-10", "2022-03-31", 100),
                                       fact("tp.certificates.issued", "BE", "2022-04-01", "2022-04-30", 50)});
    const Figure* f = find(figs, "tp.certificates.issued", "BE");
    REQUIRE(f);
    CHECK(f->value == 150);
    CHECK(f->from->iso() == "2022-03-10");
    CHECK(f->to->iso() == "2022-04-30");
    CHECK(find(figs, "tp.certificates.issued", "BE", "month=2022-03")->value == 100);
    CHECK(find(figs, "tp.certificates.issued", "BE", "month=2022-04")->value == 50);
}

TEST_CASE("a partner's total over a period is not added to its own daily rows") {
    // Fedasil sends daily rows and a total row for the same days; two weekly files overlap.
    const auto figs = compute_figures({
        fact("reception.crisis.referred", "BE", "2023-01-01", "2023-01-01", 4),
        fact("reception.crisis.referred", "BE", "2023-01-02", "2023-01-02", 6),
        fact("reception.crisis.referred", "BE", "2022-03-01", "2023-01-02", 1000),
        fact("reception.crisis.referred", "BE", "2022-03-01", "2023-01-09", 1040, "bb", 2),
    });
    CHECK(find(figs, "reception.crisis.referred", "BE")->value == 1040);
}

TEST_CASE("a derived total is marked and loses to the partner's own figure") {
    std::vector<Fact> facts;
    for (const char* p : {"BE21", "BE22", "BE23", "BE24", "BE25"})
        facts.push_back(fact("employment.jobseekers.registered", p, "2023-02-01", "2023-02-28", 10));
    add_derived_totals(facts);
    auto figs = compute_figures(facts);
    CHECK(find(figs, "employment.jobseekers.registered", "BE2")->value == 50);
    CHECK(find(figs, "employment.jobseekers.registered", "BE2")->status == "derived");

    facts.push_back(fact("employment.jobseekers.registered", "BE2", "2023-02-01", "2023-02-28", 55));
    figs = compute_figures(facts);
    CHECK(find(figs, "employment.jobseekers.registered", "BE2")->value == 55);
    CHECK(find(figs, "employment.jobseekers.registered", "BE2")->status == "current");
}

TEST_CASE("incomplete parts give no derived total") {
    std::vector<Fact> facts = {fact("employment.jobseekers.registered", "BE21", "2023-02-01", "2023-02-28", 10)};
    add_derived_totals(facts);
    CHECK(facts.size() == 1);
}
