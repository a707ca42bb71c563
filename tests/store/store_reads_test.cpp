// What the store reads back is what was written, however it finds it.
#include <doctest/doctest.h>

#include <map>

#include "pipeline/store/compressed_text.h"
#include "pipeline/store/store.h"
#include "tests/e2e/e2e_support.h"
#include "tests/support/postgres_server.h"

using namespace sitrep;
using sitrep::test::TempDir;
using sitrep::test::ScratchDatabase;
using sitrep::test::kPostgres;

namespace {

std::string sha(const std::string& s) { return std::string(64 - s.size(), '0') + s; }

Observation referred(const char* day, double value, const char* cell) {
    const Date d = *Date::parse_iso(day);
    return {"reception.crisis.referred", "BE", d, d, {}, value, Unit::kCount, cell, true};
}

int64_t add(Store& store, const std::string& name, const std::vector<Observation>& facts) {
    StoredSubmission s;
    s.sha256 = sha(name);
    s.file = name + ".xlsx";
    s.partner = "fedasil";
    s.feed = "fedasil.reception";
    s.received_at = "2022-03-21T07:00:00+01:00";
    store.add(s, facts, {});
    return s.sequence;
}

// Asks for three submissions at once, one of them rejected with its error, and one never
// received: each comes back as asking for it alone gives it.
void finds_all_as_one_by_one(Store& store) {
    add(store, "a1", {referred("2022-03-14", 120, "C4")});
    StoredSubmission bad;
    bad.sha256 = sha("b2");
    bad.file = "b2.xlsx";
    bad.partner = "fedasil";
    bad.feed = "fedasil.reception";
    bad.received_at = "2022-03-22T07:00:00+01:00";
    bad.rejected = true;
    bad.error = "b2.xlsx: sheet 'Opvang' is missing";
    store.add(bad, {}, {});
    add(store, "c3", {});
    // Asked twice for one of them, as an inbox holding the same bytes under two names does.
    const auto found = store.find_all({sha("c3"), sha("a1"), sha("b2"), sha("d4"), sha("a1")});
    CHECK(found.size() == 3);
    CHECK_FALSE(found.count(sha("d4")));
    for (const char* name : {"a1", "b2", "c3"}) {
        CAPTURE(name);
        const auto alone = store.find(sha(name));
        REQUIRE(alone);
        REQUIRE(found.count(sha(name)));
        const StoredSubmission& s = found.at(sha(name));
        CHECK(s.sha256 == sha(name));
        CHECK(s.sequence == alone->sequence);
        CHECK(s.file == std::string(name) + ".xlsx");
        CHECK(s.file == alone->file);
        CHECK(s.partner == alone->partner);
        CHECK(s.feed == alone->feed);
        CHECK(s.bytes == alone->bytes);
        CHECK(s.rows == alone->rows);
        CHECK(s.reference_date == alone->reference_date);
        CHECK(s.rejected == alone->rejected);
        CHECK(s.error == alone->error);
        CHECK(s.period_end == alone->period_end);
        CHECK(s.received_at == alone->received_at);
    }
    CHECK(found.at(sha("b2")).rejected);
    CHECK(found.at(sha("b2")).error == "b2.xlsx: sheet 'Opvang' is missing");
    CHECK_FALSE(found.at(sha("a1")).rejected);
    CHECK(found.at(sha("a1")).period_end == Date::parse_iso("2022-03-14"));
    CHECK(found.at(sha("b2")).received_at == "2022-03-22T07:00:00+01:00");
    CHECK(store.find_all({}).empty());
}

}  // namespace

TEST_CASE("submissions asked for at once come back as each asked for alone, the unknown left out") {
    TempDir t;
    Store store(t / "state");
    finds_all_as_one_by_one(store);
}

TEST_CASE("a shared store gives submissions asked for at once as each asked for alone" * kPostgres) {
    ScratchDatabase server;
    TempDir t;
    Store store(StoreLocation{t / "state", server.url(), ""});
    finds_all_as_one_by_one(store);
}

TEST_CASE("facts come back in the order stored, also when a replaced workbook's repeats are read") {
    TempDir t;
    Store store(t / "state");
    const int64_t first = add(store, "a1", {referred("2022-03-14", 120, "C4"), referred("2022-03-15", 90, "C5")});
    // Repeats 14 March (read again below: its first workbook is not in use), corrects 15 March.
    const int64_t second = add(store, "b2",
                               {referred("2022-03-14", 120, "C4"), referred("2022-03-15", 95, "C5"),
                                referred("2022-03-21", 70, "C6")});
    const auto read = store.observations({sha("a1"), sha("b2")}, {true, {first}, {}});
    std::vector<std::string> seen;
    const std::map<int64_t, std::string> name_of = {{first, "a1"}, {second, "b2"}};
    for (const auto& o : read) seen.push_back(name_of.at(o.submission) + "!" + o.fact.location);
    CHECK(seen == std::vector<std::string>{"a1!C4", "a1!C5", "b2!C4", "b2!C5", "b2!C6"});
}

TEST_CASE("a submission stored after a lookup missed it is found by the next lookup") {
    TempDir t;
    Store store(t / "state");
    CHECK_FALSE(store.find(sha("a1")));
    add(store, "a1", {referred("2022-03-14", 120, "C4")});
    REQUIRE(store.find(sha("a1")));
    CHECK(store.find(sha("a1"))->file == "a1.xlsx");
    CHECK_FALSE(store.find(sha("b2")));
}

TEST_CASE("an inbox path remembered again is read back with what it holds now") {
    TempDir t;
    Store store(t / "state");
    add(store, "a1", {});
    add(store, "b2", {});
    CHECK_FALSE(store.inbox_entry("/inbox/x.xlsx"));
    store.remember_inbox_entry({"/inbox/x.xlsx", 10, 1, sha("a1")});
    CHECK(store.inbox_entry("/inbox/x.xlsx")->sha256 == sha("a1"));
    store.remember_inbox_entry({"/inbox/x.xlsx", 12, 2, sha("b2")});
    const auto now = store.inbox_entry("/inbox/x.xlsx");
    REQUIRE(now);
    CHECK(now->sha256 == sha("b2"));
    CHECK(now->size == 12);
    CHECK(now->mtime_ns == 2);
}

TEST_CASE("a report recorded with its manifest already deflated shows that manifest") {
    TempDir t;
    Store store(t / "state");
    StoredReport r;
    r.number = 7;
    r.kind = "daily";
    r.issued_at = "2023-02-08T07:00:00+01:00";
    r.as_of = "2023-02-08";
    r.manifest = "{\"number\": 7}\n";
    r.manifest_deflated = deflate_text(r.manifest);
    store.add_report(r);
    REQUIRE(store.report(7));
    CHECK(store.report(7)->manifest == r.manifest);
}

TEST_CASE("the facts of a hundred workbooks come back in the order stored, each repeat once") {
    TempDir t;
    Store store(t / "state");
    std::vector<std::string> shas;
    std::vector<std::string> expected;
    std::map<int64_t, std::string> name_of;
    for (int i = 0; i < 100; ++i) {
        const std::string name = "a" + std::to_string(100 + i);  // hex, as a SHA-256
        // Each workbook repeats 14 March unchanged and gives a day of its own.
        const int64_t seq =
            add(store, name, {referred("2022-03-14", 120, "C4"), referred("2022-03-15", i, "C5")});
        name_of[seq] = name;
        shas.push_back(sha(name));
        expected.push_back(name + "!C5");
    }
    expected.insert(expected.begin(), "a100!C4");
    const auto read = store.observations(shas, {true, {}, {}});
    std::vector<std::string> seen;
    for (const auto& o : read) seen.push_back(name_of[o.submission] + "!" + o.fact.location);
    CHECK(seen == expected);
    CHECK(store.observations(shas).size() == 200);
}
