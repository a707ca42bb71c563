// A bulk insert sends many rows a statement: every row arrives once, with its values as given
// (owned or borrowed), however the rows fall into statements.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "pipeline/store/database.h"
#include "tests/e2e/e2e_support.h"
#include "tests/support/postgres_server.h"

using namespace sitrep;
using namespace sitrep::test;

namespace {

// Odd rows borrow their text, even rows own it.
SqlRows numbered_rows(int n, std::vector<std::string>& names) {
    names.clear();
    names.reserve(static_cast<size_t>(n));
    SqlRows rows(5);
    for (int i = 0; i < n; ++i) {
        const std::string& name = names.emplace_back("Liège " + std::to_string(i));
        rows.add({SqlValue::of(int64_t{i}), i % 2 ? SqlValue::borrowing(name) : SqlValue::of(name),
                  SqlValue::of(i * 0.5), i % 3 ? SqlValue::of(int64_t{i * 7}) : SqlValue::none(),
                  SqlValue::blob_of(std::string("a\0b", 3) + std::to_string(i))});
    }
    return rows;
}

// Every row of `table` in order, as one line of text per row.
std::vector<std::string> read_back(Database& db) {
    auto select = db.prepare("SELECT n, name, half, seventh, raw FROM numbered ORDER BY n");
    std::vector<std::string> out;
    while (select->next())
        out.push_back(std::to_string(select->integer(0)) + "|" + select->text(1) + "|" +
                      std::to_string(select->real(2)) + "|" +
                      (select->is_null(3) ? "NULL" : std::to_string(select->integer(3))) + "|" +
                      std::to_string(select->blob(4).size()));
    return out;
}

std::vector<std::string> expected_lines(int n) {
    std::vector<std::string> out;
    for (int i = 0; i < n; ++i)
        out.push_back(std::to_string(i) + "|Liège " + std::to_string(i) + "|" +
                      std::to_string(i * 0.5) + "|" + (i % 3 ? std::to_string(i * 7) : "NULL") +
                      "|" + std::to_string(3 + std::to_string(i).size()));
    return out;
}

void check_bulk_insert(Database& db) {
    db.exec("CREATE TABLE numbered (n BIGINT NOT NULL, name TEXT NOT NULL, half REAL NOT NULL,"
            " seventh BIGINT, raw " + std::string(db.dialect() == Dialect::sqlite ? "BLOB" : "BYTEA") +
            ")");
    // A single row, whole statements only, and whole statements with some rows left over.
    for (int n : {1, 64, 64 * 3 + 17, 5000}) {
        CAPTURE(n);
        db.exec("DELETE FROM numbered");
        in_transaction(db, [&] {
            std::vector<std::string> names;
            db.bulk_insert("numbered", {"n", "name", "half", "seventh", "raw"},
                           numbered_rows(n, names));
        });
        CHECK(read_back(db) == expected_lines(n));
    }
}

}  // namespace

TEST_CASE("empty text given without a copy is stored as empty text, not NULL") {
    TempDir dir;
    auto db = Database::open(StoreLocation{dir.path().string(), "", ""});
    db->exec("CREATE TABLE words (word TEXT)");
    SqlRows rows(1);
    rows.add({SqlValue::borrowing(std::string_view())});
    rows.add({SqlValue::borrowing(std::string_view("Namur"))});
    in_transaction(*db, [&] { db->bulk_insert("words", {"word"}, rows); });
    auto select = db->prepare("SELECT word IS NULL, word FROM words ORDER BY rowid");
    REQUIRE(select->next());
    CHECK(select->integer(0) == 0);
    CHECK(select->text(1).empty());
    REQUIRE(select->next());
    CHECK(select->text(1) == "Namur");
}

TEST_CASE("a row of the wrong width is refused before anything is sent") {
    SqlRows rows(3);
    rows.add({SqlValue::of(int64_t{1}), SqlValue::none(), SqlValue::of(0.5)});
    CHECK_THROWS_AS(rows.add({SqlValue::of(int64_t{1})}), std::logic_error);
    CHECK(rows.size() == 1);
}

TEST_CASE("a bulk insert into SQLite stores every row once with its values, "
          "whether its rows fill whole statements or not") {
    TempDir dir;
    auto db = Database::open(StoreLocation{dir.path().string(), "", ""});
    check_bulk_insert(*db);
}

TEST_CASE("a bulk insert into PostgreSQL stores every row once with its values, "
          "whether its rows fill whole statements or not" * kPostgres) {
    ScratchDatabase server;
    TempDir dir;
    auto db = Database::open(StoreLocation{dir.path().string(), server.url(), ""});
    check_bulk_insert(*db);
}
