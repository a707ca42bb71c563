// Reconciliation reads a submission's facts from its packs: the same facts, in the same order,
// as its rows give, whatever repeats count, also for a state stored before packs were kept.
#include <doctest/doctest.h>
#include <sqlite3.h>

#include <cstring>
#include <filesystem>

#include "pipeline/store/schema.h"
#include "pipeline/store/store.h"
#include "tests/e2e/e2e_support.h"

using namespace sitrep;
using sitrep::test::TempDir;

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
// (two of them repeating a day's values), a rejected file: what a month of a year holds.
struct Month {
    TempDir t;
    std::vector<std::string> shas;
    std::vector<int64_t> sequences;
    explicit Month() {
        Store store(t / "state");
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
                                   ("D" + std::to_string(day)).c_str(), {{"sex", "F"}},
                                   day % 5 != 0));
            }
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
    std::string state() const { return t / "state"; }
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
        out.push_back(r.sha256 + " " + o.indicator + " " + o.area + " " + o.from.iso() + " " +
                      o.to.iso() + " {" + breakdown_key(o.breakdown) + "} " +
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

void run_sql(const std::string& state, const std::string& sql) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open((state + "/sitrep.db").c_str(), &db) == SQLITE_OK);
    char* error = nullptr;
    const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
    const std::string said = error ? error : "";
    sqlite3_free(error);
    sqlite3_close(db);
    REQUIRE_MESSAGE(rc == SQLITE_OK, said);
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
    const Store store(m.state());
    reads_as_rows_whatever_counts(m, store);
    // Every submission has a pack, the one without facts too; the repeats are a minority.
    Store counted(m.state());
    CHECK(count(counted, "SELECT COUNT(*) FROM fact_packs") == 9);
    CHECK(count(counted, "SELECT COUNT(*) FROM fact_packs WHERE repeated <> ''") == 3);
}

TEST_CASE("a SQLite state of schema version 4 gets its facts packed when opened, read as before") {
    const Month m;
    run_sql(m.state(), "DROP TABLE fact_packs; PRAGMA user_version = 4");
    Store store(m.state());
    CHECK(store.database().schema_version() == kSchemaVersion);
    CHECK(count(store, "SELECT COUNT(*) FROM fact_packs") == 9);
    reads_as_rows_whatever_counts(m, store);
}

TEST_CASE("a submission the store has no pack of is read from its rows, with the others") {
    const Month m;
    run_sql(m.state(), "DELETE FROM fact_packs WHERE submission = 2");
    const Store store(m.state());
    reads_as_rows_whatever_counts(m, store);
}
