// Reconciliation reads a submission's facts from its packs: the same facts, in the same order,
// as its rows give, whatever repeats count, also for a state stored before packs were kept.
#include <doctest/doctest.h>
#include <sqlite3.h>

#include <cstring>
#include <filesystem>
#include <optional>

#include "pipeline/store/schema.h"
#include "pipeline/store/store.h"
#include "tests/e2e/e2e_support.h"
#include "tests/support/postgres_server.h"

using namespace sitrep;
using namespace sitrep::test;

namespace {

std::string sha(const std::string& s) { return std::string(64 - s.size(), '0') + s; }

Observation on(const char* indicator, const char* area, const char* day, double value,
               const char* cell, Breakdown breakdown = {}, bool reported = true) {
    const Date d = *Date::parse_iso(day);
    return {indicator, area, d, d, std::move(breakdown), value, Unit::kCount, cell, reported};
}

int64_t add(Store& store, const std::string& name, const std::string& feed,
            const std::vector<Observation>& facts) {
    StoredSubmission s;
    s.sha256 = sha(name);
    s.file = name + ".csv";
    s.partner = feed.substr(0, feed.find('.'));
    s.feed = feed;
    s.received_at = "2022-03-21T07:00:00+01:00";
    store.add(s, facts, {});
    return s.sequence;
}

// Four weekly workbooks that repeat most of the week before, a daily feed whose files add up
// (two of them repeating a day's values), a file without facts; a fact given twice in one
// file, text in Ukrainian or not UTF-8 and a value of -0: what a month of a year holds, and
// its corners.
struct Month {
    TempDir t;
    std::optional<ScratchDatabase> server;
    std::vector<std::string> shas;
    std::vector<int64_t> sequences;
    explicit Month(bool on_server = false) {
        if (on_server) server.emplace();
        Store store(where());
        for (int week = 0; week < 4; ++week) {
            std::vector<Observation> facts;
            for (int day = 1; day <= 7 * (week + 1); ++day) {
                const std::string date =
                    "2022-03-" + std::string(day < 10 ? "0" : "") + std::to_string(day);
                // Each week corrects its last three days.
                const double value = day > 7 * (week + 1) - 3 ? 100 + week : day;
                facts.push_back(on("reception.crisis.referred", "BE", date.c_str(), value,
                                   ("C" + std::to_string(day)).c_str()));
                facts.push_back(on("reception.crisis.referred", "BE1", date.c_str(), value / 2,
                                   ("Прийом!D" + std::to_string(day)).c_str(), {{"sex", "F"}},
                                   day % 5 != 0));
            }
            facts.push_back(facts.front());  // given twice: the second repeats the first
            facts.push_back(on("reception.capacity", "BE", "2022-03-01", -0.0, "E1"));
            // A byte that is not UTF-8: a server keeps U+FFFD in its place.
            facts.push_back(on("reception.capacity", "BE2", "2022-03-01", 5, "Blad\xff!A1"));
            const std::string name = "f" + std::to_string(week);
            sequences.push_back(add(store, name, "fedasil.reception", facts));
            shas.push_back(sha(name));
        }
        for (int day = 1; day <= 4; ++day) {
            const std::string date = "2022-03-0" + std::to_string(day);
            const std::string name = "d" + std::to_string(day);
            sequences.push_back(add(store, name, "dvz.decisions",
                                    {on("tp.certificates.issued", "BE", date.c_str(), 36, "line 2"),
                                     on("tp.certificates.issued", "BE2", date.c_str(), 16, "line 3",
                                        {{"age", "0-17"}})}));
            shas.push_back(sha(name));
        }
        sequences.push_back(add(store, "e0", "vdab.jobseekers", {}));
        shas.push_back(sha("e0"));
    }
    StoreLocation where() const {
        return {t / "state", server ? server->url() : std::string(), ""};
    }
    void sql(const std::string& statements) const {
        if (server) {
            TestSession session(server->url());
            session.query(statements);
            return;
        }
        sqlite3* db = nullptr;
        REQUIRE(sqlite3_open((t / "state/sitrep.db").c_str(), &db) == SQLITE_OK);
        char* error = nullptr;
        const int rc = sqlite3_exec(db, statements.c_str(), nullptr, nullptr, &error);
        const std::string said = error ? error : "";
        sqlite3_free(error);
        sqlite3_close(db);
        REQUIRE_MESSAGE(rc == SQLITE_OK, said);
    }
};

uint64_t bits_of(double v) {
    uint64_t bits;
    std::memcpy(&bits, &v, sizeof bits);
    return bits;
}

// The facts as comparable text, each field exact.
std::vector<std::string> described(const std::vector<StoredObservation>& read) {
    std::vector<std::string> out;
    for (const auto& r : read) {
        const Observation& o = r.fact;
        out.push_back(std::to_string(r.submission) + " " + o.indicator + " " + o.area + " " +
                      o.from.iso() + " " + o.to.iso() + " {" + breakdown_key(o.breakdown) + "} " +
                      std::to_string(bits_of(o.value)) + " " +
                      std::to_string(static_cast<int>(o.unit)) + " " + o.location + " " +
                      (o.reported ? "reported" : "empty"));
    }
    return out;
}

void reads_as_rows(const Store& store, const std::vector<std::string>& shas,
                   const RepeatFilter& filter) {
    const auto packed = described(store.observations(shas, filter));
    CHECK(packed == described(store.observation_rows(shas, filter)));
    CHECK_FALSE(packed.empty());
}

void reads_as_rows_whatever_counts(const Month& m, const Store& store) {
    const auto& s = m.sequences;
    for (const RepeatFilter& filter :
         {RepeatFilter{}, RepeatFilter{true, {}, {}}, RepeatFilter{true, {s[0]}, {}},
          RepeatFilter{true, {s[0], s[1], s[2]}, {}}, RepeatFilter{true, {}, {"dvz.decisions"}},
          RepeatFilter{true, {s[1]}, {"fedasil.reception"}}}) {
        CAPTURE(filter.not_in_use.size());
        CAPTURE(filter.keep_feeds.size());
        reads_as_rows(store, m.shas, filter);
        // The last workbook alone, with the one before replaced: its repeats of that one.
        reads_as_rows(store, {m.shas[3]}, filter);
    }
}

int64_t count(Store& store, const std::string& sql) {
    auto select = store.database().prepare(sql);
    REQUIRE(select->next());
    return select->integer(0);
}

}  // namespace

TEST_CASE(
    "facts read from their packs are those their rows give, in the order stored, whatever "
    "repeats count") {
    const Month m;
    const Store store(m.where());
    reads_as_rows_whatever_counts(m, store);
    // Every submission has a pack, the one without facts too; the repeats are a minority.
    Store counted(m.where());
    CHECK(count(counted, "SELECT COUNT(*) FROM fact_packs") == 9);
    CHECK(count(counted, "SELECT COUNT(*) FROM fact_packs WHERE repeated <> ''") == 4);
}

TEST_CASE("facts read from packs on a shared store are those its rows give" * kPostgres) {
    const Month m(true);
    const Store store(m.where());
    reads_as_rows_whatever_counts(m, store);
}

TEST_CASE("facts come from their packs: with the rows gone, they still come back") {
    const Month m;
    std::vector<std::string> before;
    {
        const Store store(m.where());
        before = described(store.observations(m.shas, {true, {m.sequences[1]}, {}}));
    }
    m.sql("DELETE FROM observations");
    const Store store(m.where());
    CHECK(store.observation_rows(m.shas).empty());
    CHECK(described(store.observations(m.shas, {true, {m.sequences[1]}, {}})) == before);
}

TEST_CASE("a SQLite state of schema version 4 gets its facts packed when opened, read as before") {
    const Month m;
    m.sql("DROP TABLE fact_packs; PRAGMA user_version = 4");
    Store store(m.where());
    CHECK(store.database().schema_version() == kSchemaVersion);
    CHECK(count(store, "SELECT COUNT(*) FROM fact_packs") == 9);
    reads_as_rows_whatever_counts(m, store);
}

TEST_CASE(
    "a submission stored without a pack is read from its rows, the others from their "
    "packs, in the order stored") {
    const Month m;
    m.sql("DELETE FROM fact_packs WHERE submission IN (2, 6)");
    const Store store(m.where());
    reads_as_rows_whatever_counts(m, store);
}

TEST_CASE("a damaged pack leaves its submission to its rows, and the run goes on") {
    const Month m;
    m.sql(
        "UPDATE fact_packs SET first_given = X'FF' WHERE submission = 2;"
        "UPDATE fact_packs SET repeats = X'00' WHERE submission = 3;"
        "UPDATE fact_packs SET repeated = 'x' WHERE submission = 4;"
        "UPDATE fact_packs SET first_given = X'0102' WHERE submission = 7");
    const Store store(m.where());
    reads_as_rows_whatever_counts(m, store);
}

namespace {

// What a run warms for reconciling is sized from this: it must grow with what a file newly
// gives, not with what it repeats.
void packed_bytes_count_what_is_new(const Month& m) {
    Store store(m.where());
    const int64_t month = store.packed_fact_bytes();
    CHECK(month > 0);
    // Week 4's workbook again, as a new file: every fact a repeat, so nothing first given.
    std::vector<Observation> again;
    for (int day = 1; day <= 28; ++day) {
        const std::string date = Date::from_ymd(2022, 3, day).iso();
        const double value = day > 25 ? 103 : day;
        again.push_back(on("reception.crisis.referred", "BE", date.c_str(), value,
                           ("C" + std::to_string(day)).c_str()));
    }
    add(store, "f4", "fedasil.reception", again);
    const int64_t repeated = store.packed_fact_bytes();
    CHECK(repeated - month < 64);
    // A month of new facts adds their packed bytes.
    std::vector<Observation> fresh;
    for (int day = 1; day <= 30; ++day) {
        const std::string date = Date::from_ymd(2022, 4, day).iso();
        fresh.push_back(on("reception.crisis.referred", "BE", date.c_str(), 1000 + day * 7,
                           ("C" + std::to_string(100 + day)).c_str()));
    }
    add(store, "f5", "fedasil.reception", fresh);
    CHECK(store.packed_fact_bytes() - repeated > 100);
}

}  // namespace

TEST_CASE("a store's packed facts grow with what a file newly gives, not with its repeats") {
    TempDir empty;
    CHECK(Store(StoreLocation{empty / "state", "", ""}).packed_fact_bytes() == 0);
    packed_bytes_count_what_is_new(Month());
}

TEST_CASE("a shared store's packed facts are counted as SQLite's are" * kPostgres) {
    packed_bytes_count_what_is_new(Month(true));
}

namespace {

// Three cumulative workbooks of 1,200 facts and more, as Fedasil's grow to over the year: each
// repeats the one before but for the days it corrects, and adds a week.
struct Workbooks {
    TempDir t;
    std::vector<std::string> shas;
    std::vector<int64_t> sequences;
    static constexpr int kDays = 600;
    Workbooks() {
        Store store(where());
        for (int book = 0; book < 3; ++book) {
            std::vector<Observation> facts;
            for (int day = 0; day < kDays + 7 * book; ++day) {
                const std::string date = (Date::from_ymd(2021, 1, 1) + day).iso();
                // Workbook k corrects ten days of the first 600, and those after it keep them.
                const int by = day % 60;
                const bool corrected = day < kDays && by >= 1 && by <= book;
                const double value = day + (corrected ? 1000 * by : 0);
                for (const char* area : {"BE1", "BE2"})
                    facts.push_back(on("reception.crisis.referred", area, date.c_str(), value,
                                       ("C" + std::to_string(day + 2)).c_str()));
            }
            const std::string name = "b" + std::to_string(book);
            sequences.push_back(add(store, name, "fedasil.reception", facts));
            shas.push_back(sha(name));
        }
    }
    StoreLocation where() const { return {t / "state", "", ""}; }
};

}  // namespace

TEST_CASE("a workbook of thousands of facts keeps in its packs what its rows give, repeats too") {
    const Workbooks w;
    Store store(w.where());
    const auto& s = w.sequences;
    // Each workbook repeats the one before but for the ten days it corrects and the week it adds.
    const auto repeats_of = [&](int64_t submission, int64_t earlier) {
        return count(store, "SELECT COUNT(*) FROM observations WHERE submission = " +
                                std::to_string(submission) +
                                " AND repeat_of = " + std::to_string(earlier));
    };
    CHECK(repeats_of(s[1], s[0]) == 2 * (Workbooks::kDays - 10));
    CHECK(repeats_of(s[2], s[1]) == 2 * (Workbooks::kDays + 7 - 10));
    CHECK(count(store, "SELECT COUNT(*) FROM fact_packs WHERE repeated <> ''") == 2);
    for (const RepeatFilter& filter :
         {RepeatFilter{}, RepeatFilter{true, {}, {}}, RepeatFilter{true, {s[0], s[1]}, {}}}) {
        CAPTURE(filter.not_in_use.size());
        reads_as_rows(store, w.shas, filter);
        reads_as_rows(store, {w.shas[2]}, filter);
    }
    // The latest values were kept: a fourth workbook, the third again, repeats all of it.
    std::vector<Observation> again;
    for (const auto& r : store.observation_rows({w.shas[2]})) again.push_back(r.fact);
    const int64_t fourth = add(store, "b3", "fedasil.reception", again);
    CHECK(repeats_of(fourth, s[2]) == static_cast<int64_t>(again.size()));
}
