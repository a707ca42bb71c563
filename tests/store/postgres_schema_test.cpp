// A shared store compares and orders text byte by byte, as SQLite does, whatever the server's
// locale: the same order from either store, and keys compared without the locale's rules.
#include <doctest/doctest.h>

#include "pipeline/store/schema.h"
#include "pipeline/store/store.h"
#include "tests/e2e/e2e_support.h"
#include "tests/support/postgres_server.h"

using namespace sitrep;
using namespace sitrep::test;

namespace {

// The store's own text columns that do not compare byte by byte.
std::vector<std::vector<std::string>> text_not_bytewise(TestSession& session) {
    std::string tables;
    for (const auto& t : schema_tables()) tables += (tables.empty() ? "'" : ",'") + t + "'";
    return session.query("SELECT table_name, column_name FROM information_schema.columns"
                         " WHERE table_schema = current_schema() AND data_type = 'text'"
                         " AND table_name IN (" + tables + ")"
                         " AND collation_name IS DISTINCT FROM 'C'");
}

}  // namespace

TEST_CASE("a new shared store orders its text byte by byte, as a SQLite store does, on a "
          "server whose own order is a dictionary's" * kPostgres) {
    // ICU's English order, not the test server's C.UTF-8 (which is byte order already): the
    // order checked below can only come from the store's own columns.
    ScratchDatabase server("LOCALE_PROVIDER icu ICU_LOCALE 'en-US' TEMPLATE template0");
    TempDir state;
    { Store store(StoreLocation{state.path().string(), server.url(), ""}); }
    TestSession session(server.url());
    const auto dictionary = session.query("SELECT 'b' < 'B', 'é' < 'z'");
    REQUIRE(dictionary.size() == 1);
    REQUIRE(dictionary[0][0] == "t");
    REQUIRE(dictionary[0][1] == "t");
    CHECK(text_not_bytewise(session).empty());
    // Upper case before lower case, and é after z: byte order, not a dictionary's.
    session.query("INSERT INTO kept_files (name, bytes) VALUES ('b', ''), ('B', ''), ('é', ''),"
                  " ('z', '')");
    const auto names = session.query("SELECT name FROM kept_files ORDER BY name");
    REQUIRE(names.size() == 4);
    CHECK(names[0][0] == "B");
    CHECK(names[1][0] == "b");
    CHECK(names[2][0] == "z");
    CHECK(names[3][0] == "é");
}

TEST_CASE("a shared store of schema version 3 gets byte-order text when it is opened" *
          kPostgres) {
    ScratchDatabase server;
    TempDir state;
    { Store store(StoreLocation{state.path().string(), server.url(), ""}); }
    {
        TestSession session(server.url());
        session.query("ALTER TABLE submissions ALTER COLUMN file TYPE text COLLATE \"default\"");
        session.query("ALTER TABLE latest_packs ALTER COLUMN feed TYPE text"
                      " COLLATE \"default\"");
        session.query("UPDATE store_meta SET value = '3' WHERE key = 'schema_version'");
        CHECK(text_not_bytewise(session).size() == 2);
    }
    Store store(StoreLocation{state.path().string(), server.url(), ""});
    CHECK(store.database().schema_version() == kSchemaVersion);
    TestSession session(server.url());
    CHECK(text_not_bytewise(session).empty());
}

TEST_CASE("a shared store does not check each fact's submission with a trigger, and an older "
          "store stops doing so when it is opened" * kPostgres) {
    ScratchDatabase server;
    TempDir state;
    const std::string references =
        "SELECT conname FROM pg_constraint WHERE conrelid = 'observations'::regclass"
        " AND contype = 'f'";
    { Store store(StoreLocation{state.path().string(), server.url(), ""}); }
    {
        TestSession session(server.url());
        CHECK(session.query(references).empty());
        // As version 3 made it.
        session.query("ALTER TABLE observations ADD CONSTRAINT observations_submission_fkey"
                      " FOREIGN KEY (submission) REFERENCES submissions(sequence)");
        session.query("UPDATE store_meta SET value = '3' WHERE key = 'schema_version'");
        CHECK(session.query(references).size() == 1);
    }
    Store store(StoreLocation{state.path().string(), server.url(), ""});
    TestSession session(server.url());
    CHECK(session.query(references).empty());
}

TEST_CASE("opening a shared store of version 3 changes the store's own tables and leaves "
          "others' views alone" * kPostgres) {
    ScratchDatabase server;
    TempDir state;
    { Store store(StoreLocation{state.path().string(), server.url(), ""}); }
    {
        TestSession session(server.url());
        session.query("ALTER TABLE observations ALTER COLUMN area TYPE text COLLATE \"default\"");
        session.query("ALTER TABLE submissions ALTER COLUMN file TYPE text COLLATE \"default\"");
        // An analyst's view over the facts (PostgreSQL then refuses to change the type of
        // its column), and a table of another application.
        session.query("CREATE VIEW facts_by_area AS SELECT area, COUNT(*) AS n FROM observations"
                      " GROUP BY area");
        session.query("CREATE TABLE other_app (label TEXT)");
        session.query("UPDATE store_meta SET value = '3' WHERE key = 'schema_version'");
    }
    REQUIRE_NOTHROW(Store(StoreLocation{state.path().string(), server.url(), ""}));
    TestSession session(server.url());
    // Every column changed but the one the view holds on to; the view still answers.
    const auto left = text_not_bytewise(session);
    REQUIRE(left.size() == 1);
    CHECK(left[0][0] == "observations");
    CHECK(left[0][1] == "area");
    CHECK(session.query("SELECT COUNT(*) FROM facts_by_area").size() == 1);
    CHECK(session.query("SELECT collation_name FROM information_schema.columns"
                        " WHERE table_name = 'other_app'")[0][0] == "");
}

TEST_CASE("a transaction a failed statement aborted on the server is not taken for committed" *
          kPostgres) {
    ScratchDatabase server;
    TempDir state;
    Store store(StoreLocation{state.path().string(), server.url(), ""});
    Database& db = store.database();
    CHECK_THROWS_AS(in_transaction(db,
                                   [&] {
                                       db.exec("INSERT INTO installation (key, value)"
                                               " VALUES ('k', 'v')");
                                       try {
                                           db.exec("SELECT * FROM no_such_table");
                                       } catch (const OutputError&) {
                                       }
                                   }),
                    OutputError);
    TestSession session(server.url());
    CHECK(session.query("SELECT value FROM installation WHERE key = 'k'").empty());
}

TEST_CASE("text that is not UTF-8 reaches a shared store with U+FFFD for each bad byte, and "
          "UTF-8 unchanged" * kPostgres) {
    ScratchDatabase server;
    TempDir state;
    Store store(StoreLocation{state.path().string(), server.url(), ""});
    Database& db = store.database();
    // Windows-1252's è, an overlong slash, a surrogate, NUL; then Liège and € as UTF-8.
    const std::string given = std::string("Li\xe8ge|\xc0\xaf|\xed\xa0\x80|") + '\0' +
                              "|Li\xc3\xa8ge \xe2\x82\xac";
    in_transaction(db, [&] {
        auto insert = db.prepare("INSERT INTO installation (key, value) VALUES ('t', ?)");
        insert->bind(1, std::string_view(given));
        insert->execute();
    });
    auto select = db.prepare("SELECT value FROM installation WHERE key = 't'");
    REQUIRE(select->next());
    const std::string bad = "\xef\xbf\xbd";
    CHECK(select->text(0) == "Li" + bad + "ge|" + bad + bad + "|" + bad + bad + bad + "|" + bad +
                                 "|Li\xc3\xa8ge \xe2\x82\xac");
}

TEST_CASE("a shared store of schema version 5 keeps its latest values in month packs when "
          "opened, and the next workbook repeats the one stored before" * kPostgres) {
    ScratchDatabase server;
    TempDir state;
    const StoreLocation where{state.path().string(), server.url(), ""};
    const auto day = [](const char* iso, double value) {
        const Date d = *Date::parse_iso(iso);
        return Observation{"reception.crisis.referred", "BE", d, d, {}, value,
                           Unit::kCount, "Sheet!C4", true};
    };
    const std::vector<Observation> facts{day("2022-03-14", 120), day("2022-04-15", 90.5)};
    const auto workbook = [&](Store& store, char sha) {
        StoredSubmission s;
        s.sha256 = std::string(64, sha);
        s.file = std::string(1, sha) + ".xlsx";
        s.partner = "fedasil";
        s.feed = "fedasil.reception";
        s.received_at = "2022-04-18T07:00:00+01:00";
        store.add(s, facts, {});
        return s.sequence;
    };
    int64_t first = 0;
    {
        Store store(where);
        first = workbook(store, 'a');
    }
    {
        // What version 5 kept: the latest value of each fact as a row.
        TestSession session(server.url());
        session.query("DROP TABLE latest_packs");
        session.query("CREATE TABLE latest_observations (feed text, partner text, indicator text,"
                      " area text, from_day bigint, to_day bigint, breakdown text, unit bigint,"
                      " submission bigint, value double precision, reported bigint)");
        session.query("INSERT INTO latest_observations SELECT s.feed, s.partner, o.indicator,"
                      " o.area, o.from_day, o.to_day, o.breakdown, o.unit, o.submission, o.value,"
                      " o.reported FROM observations o JOIN submissions s"
                      " ON s.sequence = o.submission");
        session.query("UPDATE store_meta SET value = '5' WHERE key = 'schema_version'");
    }
    Store store(where);
    CHECK(store.database().schema_version() == kSchemaVersion);
    CHECK_FALSE(store.database().has_table("latest_observations"));
    const int64_t again = workbook(store, 'b');
    auto repeats = store.database().prepare(
        "SELECT COUNT(*) FROM observations WHERE submission = " + std::to_string(again) +
        " AND repeat_of = " + std::to_string(first));
    REQUIRE(repeats->next());
    CHECK(repeats->integer(0) == 2);
}
