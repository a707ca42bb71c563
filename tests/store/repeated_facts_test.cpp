// A fact a later file of its feed repeats unchanged is kept, and read only when it counts.
#include <doctest/doctest.h>

#include <filesystem>

#include "pipeline/store/store.h"
#include "tests/e2e/e2e_support.h"

using namespace sitrep;
using sitrep::test::TempDir;

namespace {

Observation referred(const char* day, double value, const char* cell) {
    const Date d = *Date::parse_iso(day);
    return {"reception.crisis.referred", "BE", d, d, {}, value, Unit::kCount, cell, true};
}

// Stores a workbook of `feed` with these facts; returns its sequence.
int64_t add(Store& store, const std::string& sha, const std::string& feed,
            const std::vector<Observation>& facts, const std::string& partner = "") {
    StoredSubmission s;
    s.sha256 = std::string(64 - sha.size(), '0') + sha;
    s.file = sha + ".xlsx";
    s.partner = partner.empty() ? feed.substr(0, feed.find('.')) : partner;
    s.feed = feed;
    s.received_at = "2022-03-21T07:00:00+01:00";
    store.add(s, facts, {});
    return s.sequence;
}

std::string sha(const std::string& s) { return std::string(64 - s.size(), '0') + s; }

}  // namespace

TEST_CASE("a fact a later workbook repeats unchanged is read once, from the workbook that first gave it") {
    TempDir t;
    Store store(t / "state");
    const int64_t a1 = add(store, "a1", "fedasil.reception",
                           {referred("2022-03-14", 120, "Sheet!C4"), referred("2022-03-15", 90, "Sheet!C5")});
    // The next week's workbook repeats 14 March, corrects 15 March and adds 21 March.
    add(store, "b2", "fedasil.reception",
                            {referred("2022-03-14", 120, "Sheet!C4"), referred("2022-03-15", 95, "Sheet!C5"),
                             referred("2022-03-21", 70, "Sheet!C6")});
    const std::vector<std::string> both = {sha("a1"), sha("b2")};

    CHECK(store.observations(both).size() == 5);  // everything, when repeats are not skipped
    const auto read = store.observations(both, {true, {}, {}});
    REQUIRE(read.size() == 4);
    int on_14th = 0;
    for (const auto& o : read)
        if (o.fact.from == *Date::parse_iso("2022-03-14")) {
            ++on_14th;
            CHECK(o.submission == a1);
        }
    CHECK(on_14th == 1);
}

TEST_CASE("a repeat is read again once the workbook it repeats is no longer in use") {
    TempDir t;
    Store store(t / "state");
    const auto first = add(store, "a1", "fedasil.reception", {referred("2022-03-14", 120, "Sheet!C4")});
    add(store, "b2", "fedasil.reception", {referred("2022-03-14", 120, "Sheet!C4")});
    // The first workbook was replaced by its _v2, so it is not in use: the repeat carries the fact.
    const auto read = store.observations({sha("a1"), sha("b2")}, {true, {first}, {}});
    REQUIRE(read.size() == 2);
}

TEST_CASE("every fact of a feed whose files add up is read, repeated or not") {
    TempDir t;
    Store store(t / "state");
    add(store, "a1", "dvz.decisions", {referred("2022-03-14", 3, "line 2")});
    add(store, "b2", "dvz.decisions", {referred("2022-03-14", 3, "line 2")});
    CHECK(store.observations({sha("a1"), sha("b2")}, {true, {}, {"dvz.decisions"}}).size() == 2);
    CHECK(store.observations({sha("a1"), sha("b2")}, {true, {}, {}}).size() == 1);
}

TEST_CASE("a fact of another feed with the same value is no repeat") {
    TempDir t;
    Store store(t / "state");
    add(store, "a1", "fedasil.reception", {referred("2022-03-14", 120, "Sheet!C4")});
    add(store, "b2", "redcross.hxl", {referred("2022-03-14", 120, "line 3")});
    CHECK(store.observations({sha("a1"), sha("b2")}, {true, {}, {}}).size() == 2);
}

TEST_CASE("the same fact from two partners of one feed is no repeat") {
    // HXL is one feed of many partners: each partner's value counts on its own.
    TempDir t;
    Store store(t / "state");
    add(store, "a1", "hxl", {referred("2022-03-14", 120, "line 2")}, "education");
    add(store, "b2", "hxl", {referred("2022-03-14", 120, "line 2")}, "redcross");
    CHECK(store.observations({sha("a1"), sha("b2")}, {true, {}, {}}).size() == 2);
}

TEST_CASE("feeds asked at once before their files are stored: a known feed's repeat is still "
          "found, a new feed's facts go in, and what was found new is forgotten with the run") {
    TempDir t;
    Store store(t / "state");
    add(store, "a1", "fedasil.reception", {referred("2022-03-14", 120, "Sheet!C4")});
    store.together([&] {
        store.ask_feeds({{"fedasil.reception", "fedasil"}, {"vdab.jobseekers", "vdab"}});
        // Known: the repeat of 14 March is found, so it is read from a1 only.
        add(store, "b2", "fedasil.reception",
            {referred("2022-03-14", 120, "Sheet!C4"), referred("2022-03-21", 70, "Sheet!C6")});
        add(store, "c3", "vdab.jobseekers", {referred("2022-03-14", 5, "line 2")});
    });
    CHECK(store.observations({sha("a1"), sha("b2")}, {true, {}, {}}).size() == 2);
    CHECK(store.observations({sha("c3")}).size() == 1);

    // Asked new in one run, given facts by another instance before the next file: that file
    // must find them, not take the feed for new (its facts would clash with them).
    store.together([&] { store.ask_feeds({{"forem.jobseekers", "forem"}}); });
    {
        Store other(t / "state");
        add(other, "d4", "forem.jobseekers", {referred("2022-03-14", 7, "line 2")});
    }
    CHECK_NOTHROW(add(store, "e5", "forem.jobseekers", {referred("2022-03-14", 7, "line 2")}));
    CHECK(store.observations({sha("d4"), sha("e5")}, {true, {}, {}}).size() == 1);
}

TEST_CASE("a workbook of 1,234 facts sent again with every seventh changed marks the other repeats, "
          "across whole and partial statements of kept size") {
    // 1,234 keys take two statements of 500 rows, four of 50, six of 5 and four of 1 on
    // SQLite: each size is prepared once and used again with new values.
    TempDir t;
    Store store(t / "state");
    std::vector<Observation> first, second;
    Date day = *Date::parse_iso("2022-03-01");
    for (int i = 0; i < 1234; ++i) {
        const std::string cell = "Sheet!C" + std::to_string(i + 2);
        Observation f{"reception.crisis.referred", "BE", day, day, {}, double(i), Unit::kCount, cell,
                      true};
        first.push_back(f);
        if (i % 7 == 0) f.value += 1;
        second.push_back(f);
        day = day + 1;
    }
    add(store, "c1", "fedasil.reception", first);
    const int64_t c2 = add(store, "c2", "fedasil.reception", second);
    // Sent a third time unchanged: every fact repeats the second workbook's.
    const int64_t c3 = add(store, "c3", "fedasil.reception", second);
    const auto read = store.observations({sha("c1"), sha("c2"), sha("c3")}, {true, {}, {}});
    const size_t changed = (1234 + 6) / 7;
    REQUIRE(read.size() == 1234 + changed);
    size_t from_second = 0;
    for (const auto& o : read) {
        CHECK(o.submission != c3);
        if (o.submission == c2) {
            ++from_second;
            CHECK(static_cast<int>(o.fact.from.days() - first[0].from.days()) % 7 == 0);
        }
    }
    CHECK(from_second == changed);
}

TEST_CASE("a month of latest values that cannot be read leaves the next file's facts new, not "
          "the run stopped, and is written again for the file after") {
    TempDir t;
    Store store(t / "state");
    add(store, "a1", "fedasil.reception", {referred("2022-03-14", 120, "Sheet!C4")});
    store.database().exec("UPDATE latest_packs SET pack = X'05'");
    // Its value repeats a1's, but a1 can no longer be known as the one it repeats.
    CHECK_NOTHROW(add(store, "b2", "fedasil.reception", {referred("2022-03-14", 120, "Sheet!C4")}));
    CHECK(store.observations({sha("a1"), sha("b2")}, {true, {}, {}}).size() == 2);
    // b2 wrote the month again: c3 repeats it.
    add(store, "c3", "fedasil.reception", {referred("2022-03-14", 120, "Sheet!C4")});
    CHECK(store.observations({sha("b2"), sha("c3")}, {true, {}, {}}).size() == 1);
}
