// A submission's facts packed in one value come back exactly as they went in.
#include "pipeline/store/fact_pack.h"

#include <doctest/doctest.h>

#include <cmath>
#include <cstring>
#include <limits>

#include "pipeline/foundation/errors.h"

using namespace sitrep;

namespace {

Observation fact(const char* indicator, const char* area, int32_t from, int32_t to,
                 Breakdown breakdown, double value, Unit unit, const char* location,
                 bool reported = true) {
    return {indicator, area, Date(from), Date(to), std::move(breakdown),
            value,     unit, location,   reported};
}

uint64_t bits_of(double v) {
    uint64_t bits;
    std::memcpy(&bits, &v, sizeof bits);
    return bits;
}

void same(const PackedFact& p, uint32_t position, int64_t repeat_of, const Observation& o) {
    CHECK(p.position == position);
    CHECK(p.repeat_of == repeat_of);
    CHECK(p.fact.indicator == o.indicator);
    CHECK(p.fact.area == o.area);
    CHECK(p.fact.from == o.from);
    CHECK(p.fact.to == o.to);
    CHECK(p.fact.breakdown == o.breakdown);
    CHECK(bits_of(p.fact.value) == bits_of(o.value));
    CHECK(p.fact.unit == o.unit);
    CHECK(p.fact.location == o.location);
    CHECK(p.fact.reported == o.reported);
}

}  // namespace

TEST_CASE(
    "a pack gives back every fact to the last bit: breakdowns, days before 1970, shares, "
    "values empty or tiny, text in any script, a repeat's submission") {
    const std::vector<Observation> facts{
        fact("tp.certificates.issued", "BE", 19052, 19052, {}, 36, Unit::kCount, "line 12"),
        fact("tp.certificates.issued", "BE", 19052, 19082, {{"age", "0-17"}, {"sex", "F"}},
             0.1 + 0.2, Unit::kCount, "Doorverwijzingen - Orientations!C2995"),
        fact("employment.share", "BE3", -719162, -1, {{"month", "2022-03"}}, 0.375, Unit::kShare,
             "Liège — Lüttich!B7"),
        fact("reception.capacity", "BE10", 0, 0, {}, -0.0, Unit::kCount, "", false),
        fact("reception.capacity", "BE", 2000000000, 2000000001, {}, 4.9e-324, Unit::kCount,
             "lines 2-66800"),
        fact("reception.capacity", "BE", 1, 1, {}, std::numeric_limits<double>::max(), Unit::kCount,
             "A1"),
    };
    FactPacker packer;
    CHECK(packer.empty());
    const int64_t repeats[] = {0, 0, 7, 0, int64_t{1} << 40, 3};
    for (size_t i = 0; i < facts.size(); ++i)
        packer.add(static_cast<uint32_t>(i * 300), repeats[i], facts[i],
                   breakdown_key(facts[i].breakdown));
    CHECK_FALSE(packer.empty());
    const auto back = unpack_facts(packer.bytes(), "submission 1");
    REQUIRE(back.size() == facts.size());
    for (size_t i = 0; i < facts.size(); ++i) {
        CAPTURE(i);
        same(back[i], static_cast<uint32_t>(i * 300), repeats[i], facts[i]);
    }
    CHECK(std::signbit(back[3].fact.value));

    const auto deflated = unpack_deflated_facts(packer.deflated(), "submission 1");
    REQUIRE(deflated.size() == facts.size());
    same(deflated[2], 600, 7, facts[2]);
}

TEST_CASE("an empty pack holds no fact, deflated or not") {
    const FactPacker none;
    CHECK(none.deflated().empty());
    CHECK(unpack_facts(none.bytes(), "submission 1").empty());
    CHECK(unpack_deflated_facts(none.deflated(), "submission 1").empty());
}

TEST_CASE("a pack cut short or with an unknown unit is an error naming its submission and byte") {
    FactPacker packer;
    packer.add(0, 0,
               fact("tp.register.persons", "BE", 19392, 19392, {}, 53460, Unit::kCount, "line 2"),
               "");
    const std::string whole = packer.bytes();
    try {
        unpack_facts(std::string_view(whole).substr(0, whole.size() - 3), "submission 42");
        FAIL("a pack cut short was read");
    } catch (const OutputError& e) {
        const std::string said = e.what();
        CHECK(said.find("submission 42") != std::string::npos);
        CHECK(said.find("damaged at byte") != std::string::npos);
    }
    std::string bad_unit = whole;
    // The unit is the byte after the value's eight: before `line 2` (its length, its bytes)
    // and the reported byte.
    bad_unit[whole.size() - 1 - 6 - 1 - 1] = 9;
    CHECK_THROWS_WITH_AS(unpack_facts(bad_unit, "submission 42"), doctest::Contains("unit 9"),
                         OutputError);
    CHECK_THROWS_AS(unpack_deflated_facts("not zlib", "submission 42"), OutputError);
}

TEST_CASE("the submissions a pack repeats are kept as a list and read back") {
    CHECK(sequence_list({}).empty());
    CHECK(sequence_list({40, 12, 7}) == "7,12,40");
    CHECK(parse_sequence_list("7,12,40", "submission 1") == std::vector<int64_t>{7, 12, 40});
    CHECK(parse_sequence_list("", "submission 1").empty());
    CHECK_THROWS_WITH_AS(parse_sequence_list("7,x", "submission 1"),
                         doctest::Contains("submission 1"), OutputError);
}

TEST_CASE("a month's latest values come back with their keys, submissions and values to the last bit") {
    const std::vector<std::pair<std::string, LatestValue>> values{
        {"reception.crisis.referred\x1f" "BE\x1f" "19052\x1f" "19052\x1f\x1f" "0", {3, 120, true}},
        {"tp.certificates.issued\x1f" "BE3\x1f" "19052\x1f" "19082\x1f" "age=0-17\x1f" "0",
         {1'234'567'890'123, 0.1 + 0.2, false}},
        {"employment.share\x1f" "BE10\x1f" "-1\x1f" "-1\x1f\x1f" "2", {7, -0.0, true}},
    };
    const auto back = unpack_latest_values(pack_latest_values(values), "fedasil.reception");
    // In key order, whatever order they were given in.
    const std::vector<size_t> sorted{2, 0, 1};
    REQUIRE(back.size() == values.size());
    for (size_t i = 0; i < values.size(); ++i) {
        const auto& given = values[sorted[i]];
        CHECK(back[i].first == given.first);
        CHECK(back[i].second.submission == given.second.submission);
        CHECK(bits_of(back[i].second.value) == bits_of(given.second.value));
        CHECK(back[i].second.reported == given.second.reported);
    }
    const std::vector<std::pair<std::string, LatestValue>> reversed(values.rbegin(), values.rend());
    CHECK(pack_latest_values(reversed) == pack_latest_values(values));
    CHECK(unpack_latest_values("", "x").empty());
}

TEST_CASE("a month's latest values cut short are an error naming the feed and the byte") {
    std::string pack = pack_latest_values({{"reception.capacity\x1f" "BE", {12, 7, true}}});
    pack.pop_back();
    try {
        unpack_latest_values(pack, "fedasil.reception from fedasil, month 24267");
        FAIL("a damaged pack was read");
    } catch (const OutputError& e) {
        const std::string what = e.what();
        CHECK(what.find("latest values kept for fedasil.reception from fedasil, month 24267") !=
              std::string::npos);
        CHECK(what.find("at byte") != std::string::npos);
    }
}

TEST_CASE("a fact's latest value is kept under the month its period begins in") {
    CHECK(latest_month(*Date::parse_iso("2022-03-01")) == 2022 * 12 + 2);
    CHECK(latest_month(*Date::parse_iso("2022-03-31")) == 2022 * 12 + 2);
    CHECK(latest_month(*Date::parse_iso("2023-01-01")) == 2023 * 12);
}
