// A figure names the files it is made of once each, and their cells compactly.
#include <doctest/doctest.h>

#include "pipeline/reconcile/figures.h"
#include "tests/reconcile/reconcile_support.h"

using namespace sitrep;
using sitrep::test::fact;

namespace {

// A day's decisions in file `sha`.csv, read from line `line`.
Fact decisions(const char* day, const std::string& sha, int line, int64_t seq) {
    Fact f = fact("tp.certificates.issued", "BE", day, day, 10, sha, seq);
    f.o.location = "line " + std::to_string(line);
    return f;
}

// The headline of the figures made of these facts.
Figure headline(const std::vector<Fact>& facts) {
    for (const auto& f : compute_figures(facts))
        if (f.breakdown.empty()) return f;
    FAIL("no headline");
    return {};
}

}  // namespace

TEST_CASE("a flow lists up to three cells of a file, and more as the first and last and how many") {
    std::vector<Fact> facts;
    for (int d = 1; d <= 5; ++d)
        facts.push_back(decisions(("2022-03-0" + std::to_string(d)).c_str(), "aa", d + 1, 1));
    facts.push_back(decisions("2022-03-06", "bb", 7, 2));
    facts.push_back(decisions("2022-03-07", "bb", 8, 2));
    const Figure f = headline(facts);
    CHECK(f.value == 70);
    CHECK(f.sources == std::vector<std::string>{"aa", "bb"});
    CHECK(f.locations == std::vector<std::string>{"aa.csv:line 2 .. line 6 (5 cells)",
                                                  "bb.csv:line 7", "bb.csv:line 8"});
}

TEST_CASE("three cells of a file are each listed; a fourth makes them a span") {
    std::vector<Fact> facts;
    for (int d = 1; d <= 3; ++d)
        facts.push_back(decisions(("2022-03-0" + std::to_string(d)).c_str(), "aa", d + 1, 1));
    CHECK(headline(facts).locations ==
          std::vector<std::string>{"aa.csv:line 2", "aa.csv:line 3", "aa.csv:line 4"});
    facts.push_back(decisions("2022-03-04", "aa", 9, 1));
    CHECK(headline(facts).locations ==
          std::vector<std::string>{"aa.csv:line 2 .. line 9 (4 cells)"});
}

TEST_CASE("a file whose name holds a colon is grouped by what precedes the colon, as readers split a location") {
    std::vector<Fact> facts;
    for (int d = 1; d <= 4; ++d) {
        Fact f = decisions(("2022-03-0" + std::to_string(d)).c_str(), "aa", d + 1, 1);
        sitrep::test::sent_as(f, "in:box.csv", f.partner());
        facts.push_back(f);
    }
    const Figure f = headline(facts);
    CHECK(f.locations ==
          std::vector<std::string>{"in:box.csv:line 2 .. box.csv:line 5 (4 cells)"});
}

TEST_CASE("a stock names its one file and cell") {
    const Figure f =
        headline({fact("tp.register.persons", "BE", "2023-01-29", "2023-01-29", 52000, "aa", 1)});
    CHECK(f.sources == std::vector<std::string>{"aa"});
    CHECK(f.locations == std::vector<std::string>{"aa.csv:line 2"});
}
