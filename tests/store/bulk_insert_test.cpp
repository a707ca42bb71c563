// A bulk insert sends many rows a statement: every row arrives once, with its values as given,
// however the rows fall into statements.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "pipeline/store/database.h"
#include "tests/e2e/e2e_support.h"
#include "tests/support/postgres_server.h"

using namespace sitrep;
using namespace sitrep::test;

namespace {

std::vector<std::vector<SqlValue>> numbered_rows(int n) {
    std::vector<std::vector<SqlValue>> rows;
    for (int i = 0; i < n; ++i)
        rows.push_back({SqlValue::of(int64_t{i}), SqlValue::of("Liège " + std::to_string(i)),
                        SqlValue::of(i * 0.5), i % 3 ? SqlValue::of(int64_t{i * 7}) : SqlValue::none(),
                        SqlValue::blob_of(std::string("a\0b", 3) + std::to_string(i))});
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
            db.bulk_insert("numbered", {"n", "name", "half", "seventh", "raw"}, numbered_rows(n));
        });
        CHECK(read_back(db) == expected_lines(n));
    }
}

}  // namespace

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
