// Transactions inside a transaction join it: a run's snapshots and new files commit together.
#include <doctest/doctest.h>

#include <stdexcept>

#include "pipeline/store/database.h"
#include "pipeline/store/store.h"
#include "tests/e2e/e2e_support.h"

using namespace sitrep;
using sitrep::test::TempDir;

namespace {

std::unique_ptr<Database> open_with_table(const TempDir& dir) {
    auto db = Database::open(StoreLocation{dir.path().string(), "", ""});
    db->exec("CREATE TABLE things (name TEXT NOT NULL)");
    return db;
}

int64_t things(Database& db) {
    auto count = db.prepare("SELECT COUNT(*) FROM things");
    return count->next() ? count->integer(0) : -1;
}

void add_thing(Database& db, const char* name) {
    auto insert = db.prepare("INSERT INTO things (name) VALUES (?)");
    insert->bind(1, std::string_view(name));
    insert->execute();
}

}  // namespace

TEST_CASE("the writes of transactions inside another commit with the outer one, not before") {
    TempDir dir;
    auto db = open_with_table(dir);
    auto other = Database::open(StoreLocation{dir.path().string(), "", ""});
    in_transaction(*db, [&] {
        in_transaction(*db, [&] { add_thing(*db, "first"); });
        in_transaction(*db, [&] { add_thing(*db, "second"); });
        CHECK(things(*db) == 2);
        CHECK(things(*other) == 0);  // another connection sees nothing yet
    });
    CHECK(things(*other) == 2);
}

TEST_CASE("a failed inner transaction rolls the outer one back even when the outer body "
          "catches its error") {
    TempDir dir;
    auto db = open_with_table(dir);
    CHECK_THROWS_AS(in_transaction(*db,
                                   [&] {
                                       add_thing(*db, "kept only with the rest");
                                       try {
                                           in_transaction(*db, [&] {
                                               add_thing(*db, "half");
                                               throw OutputError("disk full");
                                           });
                                       } catch (const OutputError&) {
                                       }
                                   }),
                    OutputError);
    CHECK(things(*db) == 0);
    // The connection is usable again, outside any transaction.
    in_transaction(*db, [&] { add_thing(*db, "after"); });
    CHECK(things(*db) == 1);
}

TEST_CASE("an error in an outer transaction undoes the inner ones that succeeded") {
    TempDir dir;
    auto db = open_with_table(dir);
    CHECK_THROWS_AS(in_transaction(*db,
                                   [&] {
                                       in_transaction(*db, [&] { add_thing(*db, "inner"); });
                                       throw OutputError("a later file could not be stored");
                                   }),
                    OutputError);
    CHECK(things(*db) == 0);
}

TEST_CASE("a durable write cannot join a transaction that would not wait for the disk") {
    TempDir dir;
    auto db = open_with_table(dir);
    CHECK_THROWS_AS(in_transaction(*db,
                                   [&] {
                                       in_transaction(*db, [&] { add_thing(*db, "x"); },
                                                      /*durable=*/true);
                                   }),
                    std::logic_error);
    CHECK(things(*db) == 0);
    in_transaction(*db, [&] { in_transaction(*db, [&] { add_thing(*db, "y"); }, true); }, true);
    CHECK(things(*db) == 1);
}

TEST_CASE("a store made by a newer sitrep is refused, not misread") {
    TempDir dir;
    { auto db = Database::open(StoreLocation{dir.path().string(), "", ""}); }
    {
        auto db = Database::open(StoreLocation{dir.path().string(), "", ""});
        db->exec("PRAGMA user_version = 99");
    }
    try {
        Store store(dir.path().string());
        FAIL("a store of schema version 99 was opened");
    } catch (const ConfigError& e) {
        CHECK(std::string(e.what()).find("newer sitrep") != std::string::npos);
    }
}
