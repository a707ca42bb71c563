// What a shared store keeps for other instances (submissions' bytes, snapshots) is deflated
// by the instance that keeps it and comes back byte for byte, also what was kept before.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <sqlite3.h>

#include "pipeline/store/schema.h"
#include "pipeline/store/store.h"
#include "tests/e2e/e2e_support.h"
#include "tests/support/postgres_server.h"

using namespace sitrep;
using namespace sitrep::test;
namespace fs = std::filesystem;

namespace {

void write(const fs::path& path, const std::string& bytes) {
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << bytes;
}

std::string read(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

// A DVZ-like CSV: many lines that differ a little, as partners' files do.
std::string csv_lines(int n) {
    std::string out = "datum;nationaliteit;geslacht;aantal\n";
    for (int i = 0; i < n; ++i)
        out += "2023-01-" + std::to_string(10 + i % 20) + ";UKR;" + (i % 2 ? "M" : "V") + ";" +
               std::to_string(i * 7 % 113) + "\n";
    return out;
}

}  // namespace

TEST_CASE("a submission kept on a shared store is stored deflated and another instance gets "
          "it back byte for byte" * kPostgres) {
    ScratchDatabase server;
    TempDir here, there;
    const std::string bytes = csv_lines(20000) + "Liège;è\xc3\xa9\n";
    write(here.path() / "submissions" / "abc", bytes);
    {
        Store store(StoreLocation{here.path().string(), server.url(), ""});
        REQUIRE(store.keeps_files());
        store.keep_files("submissions/abc", here.path().string());
    }
    TestSession session(server.url());
    const auto row = session.query("SELECT deflated, length(bytes) FROM kept_files"
                                   " WHERE name = 'submissions/abc'");
    REQUIRE(row.size() == 1);
    CHECK(row[0][0] == "1");
    CHECK(std::stoul(row[0][1]) * 4 < bytes.size());
    Store other(StoreLocation{there.path().string(), server.url(), ""});
    CHECK(other.bring_kept("submissions/abc", there.path().string()));
    CHECK(read(there.path() / "submissions" / "abc") == bytes);
}

TEST_CASE("bytes deflated by the reading thread are kept under their name and come back "
          "whole" * kPostgres) {
    ScratchDatabase server;
    TempDir here, there;
    const std::string bytes = csv_lines(500);
    {
        Store store(StoreLocation{here.path().string(), server.url(), ""});
        store.keep_deflated({{"submissions/def", Store::deflated_for_keeping(bytes)}});
        // Kept once: a second instance keeping the same name changes nothing.
        store.keep_deflated({{"submissions/def", Store::deflated_for_keeping("other bytes")}});
    }
    Store other(StoreLocation{there.path().string(), server.url(), ""});
    CHECK(other.bring_kept("submissions/def", there.path().string()));
    CHECK(read(there.path() / "submissions" / "def") == bytes);
}

TEST_CASE("a file kept before kept files were deflated comes back as it was kept" * kPostgres) {
    ScratchDatabase server;
    TempDir there;
    { Store store(StoreLocation{there.path().string(), server.url(), ""}); }
    TestSession(server.url())
        .query("INSERT INTO kept_files (name, bytes) VALUES ('rules-1.ini', 'x = 1\n'::bytea)");
    Store store(StoreLocation{there.path().string(), server.url(), ""});
    CHECK(store.bring_kept("rules-1.ini", there.path().string()));
    CHECK(read(there.path() / "rules-1.ini") == "x = 1\n");
}

TEST_CASE("a SQLite state of schema version 3 gets kept files' deflated flag when opened") {
    TempDir state;
    { Store store(state.path().string()); }
    const std::string db_path = (state.path() / "sitrep.db").string();
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(db_path.c_str(), &db) == SQLITE_OK);
    REQUIRE(sqlite3_exec(db, "ALTER TABLE kept_files DROP COLUMN deflated; PRAGMA user_version = 3",
                         nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(db);
    Store store(state.path().string());
    auto& database = store.database();
    CHECK(database.schema_version() == kSchemaVersion);
    bool has = false;
    for (const auto& c : database.columns("kept_files")) has = has || c.name == "deflated";
    CHECK(has);
}
