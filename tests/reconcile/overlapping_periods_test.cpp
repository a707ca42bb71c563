// A flow's headline counts each day once: of facts whose periods overlap, the longest and then
// the latest received is taken, and every fact of an additive feed. The days taken decide
// it at once; this is checked against the rule as first written, each fact compared with
// every period taken before it, on random facts.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "pipeline/reconcile/figures.h"
#include "tests/reconcile/reconcile_support.h"

using namespace sitrep;
using sitrep::test::fact;

namespace {

// The facts taken, by the rule as first written.
std::vector<const Fact*> taken_pairwise(const std::vector<Fact>& all) {
    std::vector<const Fact*> chosen, rest;
    std::vector<std::pair<int32_t, int32_t>> taken;
    for (const auto& f : all) {
        if (!f.additive) {
            rest.push_back(&f);
            continue;
        }
        chosen.push_back(&f);
        taken.emplace_back(f.o.from.days(), f.o.to.days());
    }
    std::sort(rest.begin(), rest.end(), [](const Fact* a, const Fact* b) {
        const int32_t la = a->o.to - a->o.from, lb = b->o.to - b->o.from;
        if (la != lb) return la > lb;
        if (a->sequence() != b->sequence()) return a->sequence() > b->sequence();
        return a->o.from < b->o.from;
    });
    for (const Fact* f : rest) {
        bool overlaps = false;
        for (const auto& [from, to] : taken)
            if (f->o.from.days() <= to && from <= f->o.to.days()) overlaps = true;
        if (overlaps) continue;
        taken.emplace_back(f->o.from.days(), f->o.to.days());
        chosen.push_back(f);
    }
    return chosen;
}

// Random facts of one flow within two months; each value a power of two, so that a sum says
// which facts it took. Some periods end before they begin when `reversed` is set; with
// `stray`, one fact is dated a century and a half earlier.
std::vector<Fact> random_facts(std::mt19937& random, bool reversed, bool stray = false) {
    std::vector<Fact> out;
    const int count = 1 + static_cast<int>(random() % 40);
    const Date start = *Date::parse_iso("2022-03-01");
    for (int i = 0; i < count; ++i) {
        const int from = static_cast<int>(random() % 60);
        int length = random() % 4 == 0 ? static_cast<int>(random() % 30) : 0;
        if (reversed && random() % 6 == 0) length = -1 - static_cast<int>(random() % 5);
        const std::string sha = "s" + std::to_string(random() % 8);
        Fact f = fact("tp.certificates.issued", "BE", "2022-03-01", "2022-03-01",
                      std::ldexp(1.0, i), sha, 1 + static_cast<int64_t>(random() % 5));
        f.o.from = start + from;
        f.o.to = start + from + length;
        f.additive = random() % 5 == 0;
        out.push_back(f);
    }
    if (stray) {
        Fact& f = out[random() % out.size()];
        const int32_t length = f.o.to - f.o.from;
        f.o.from = *Date::parse_iso("1872-03-01") + static_cast<int32_t>(random() % 60);
        f.o.to = f.o.from + length;
    }
    return out;
}

void headline_takes_what_pairwise_takes(std::mt19937& random, bool reversed,
                                        bool stray = false) {
    const auto facts = random_facts(random, reversed, stray);
    double expected = 0;
    for (const Fact* f : taken_pairwise(facts)) expected += f->o.value;
    const auto figures = compute_figures(facts);
    REQUIRE_FALSE(figures.empty());
    CHECK(figures.front().breakdown.empty());
    CHECK(figures.front().value == expected);
}

}  // namespace

TEST_CASE("a flow's headline takes the facts that comparing every pair of periods takes") {
    std::mt19937 random(365);
    for (int round = 0; round < 400; ++round) {
        CAPTURE(round);
        headline_takes_what_pairwise_takes(random, false);
    }
}

TEST_CASE("a period that ends before it begins is compared with every period, as before") {
    std::mt19937 random(2023);
    for (int round = 0; round < 400; ++round) {
        CAPTURE(round);
        headline_takes_what_pairwise_takes(random, true);
    }
}

TEST_CASE("periods a century and a half apart are compared pair by pair, with the same result") {
    std::mt19937 random(1872);
    for (int round = 0; round < 200; ++round) {
        CAPTURE(round);
        headline_takes_what_pairwise_takes(random, round % 2 == 0, true);
    }
}
