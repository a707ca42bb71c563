// A stable sort for ranges that come mostly sorted gives exactly what std::stable_sort gives.
#include <doctest/doctest.h>

#include <algorithm>
#include <random>
#include <utility>
#include <vector>

#include "pipeline/foundation/presorted.h"

using namespace sitrep;

namespace {

// (key, place in the input): equal keys keep their input order only in a stable sort.
using Item = std::pair<int, int>;

bool by_key(const Item& a, const Item& b) { return a.first < b.first; }

std::vector<Item> numbered(const std::vector<int>& keys) {
    std::vector<Item> out;
    for (size_t i = 0; i < keys.size(); ++i) out.emplace_back(keys[i], static_cast<int>(i));
    return out;
}

void sorts_as_stable_sort(const std::vector<int>& keys) {
    auto expected = numbered(keys), got = numbered(keys);
    std::stable_sort(expected.begin(), expected.end(), by_key);
    stable_sort_presorted(got.begin(), got.end(), by_key);
    CHECK(got == expected);
}

}  // namespace

TEST_CASE("a sorted run with an unsorted tail sorts as a stable sort of the whole would") {
    std::mt19937 random(20221231);
    for (int round = 0; round < 300; ++round) {
        CAPTURE(round);
        // Few distinct keys, so that most elements tie with others, in the front and the tail.
        const int distinct = 1 + static_cast<int>(random() % 12);
        std::vector<int> keys(random() % 200);
        for (auto& k : keys) k = static_cast<int>(random() % distinct);
        const size_t front = keys.empty() ? 0 : random() % (keys.size() + 1);
        std::sort(keys.begin(), keys.begin() + static_cast<std::ptrdiff_t>(front));
        sorts_as_stable_sort(keys);
    }
}

TEST_CASE("a range already sorted, an empty one and one in reverse order come out as from a stable sort") {
    sorts_as_stable_sort({});
    sorts_as_stable_sort({3});
    sorts_as_stable_sort({1, 1, 2, 2, 2, 5, 7, 7});
    sorts_as_stable_sort({9, 7, 7, 5, 3, 3, 3, 1});
    sorts_as_stable_sort({1, 2, 3, 1, 2, 3, 1, 2, 3});
}
