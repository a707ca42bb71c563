#include "pipeline/store/sqlite_database.h"

#include <algorithm>
#include <system_error>

#include "pipeline/foundation/errors.h"
#include "pipeline/store/sqlite_statement.h"

namespace sitrep {

SqliteDatabase::SqliteDatabase(const std::string& path) : path_(path) {
    // Full mutex: the service shares one store between request threads and a run.
    const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX;
    if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
        const std::string why = db_ ? sqlite3_errmsg(db_) : "out of memory";
        sqlite3_close(db_);
        throw OutputError("cannot open " + path + ": " + why);
    }
    // Several connections share this file (a run, the mail queue, request handlers): wait
    // for a writer to finish instead of failing with "database is locked".
    sqlite3_busy_timeout(db_, 30000);
    // Ordinary commits need not each wait for the disk: a run that dies before its report is
    // recorded ingests again from the inbox. A durable commit (a report's number, a mail's
    // state) makes every earlier commit durable with it.
    // Each multi-row INSERT of a transaction keeps a statement journal, to undo that statement
    // alone; on file, storing the demo's workbook wrote it 2,300 times to /var/tmp, 4 KB a
    // call. In memory it is a copy of the pages the statement changes. (Store switches to
    // files while it migrates an old state: those copies are the size of the store.)
    exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
         " PRAGMA temp_store=MEMORY");
}

SqliteDatabase::~SqliteDatabase() {
    // Its connection closes first: the last one to close checkpoints what is left.
    if (checkpoint_.valid()) checkpoint_.wait();
    forget_kept();  // finalized first: the connection closes only without statements
    sqlite3_close_v2(db_);
}

void SqliteDatabase::checkpoint_in_background() {
    if (checkpoint_.valid()) checkpoint_.wait();
    // Closing this connection, the last one, copies every page the run wrote from the log into
    // the file and syncs it (3 ms of a demo run that made its store), so that the folder's
    // sitrep.db is whole for a copy. A passive checkpoint on a second connection does most of
    // that while the report is reconciled and written; readers and writers go on meanwhile.
    // Should it fail, the close does it all, as before.
    try {
        checkpoint_ = std::async(std::launch::async, [path = path_] {
            sqlite3* other = nullptr;
            if (sqlite3_open_v2(path.c_str(), &other, SQLITE_OPEN_READWRITE, nullptr) ==
                SQLITE_OK) {
                sqlite3_exec(other, "PRAGMA synchronous=NORMAL", nullptr, nullptr, nullptr);
                // Passive: it waits for no one (no busy handler) and copies what it can.
                sqlite3_wal_checkpoint_v2(other, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr,
                                          nullptr);
            }
            sqlite3_close_v2(other);
        });
    } catch (const std::system_error&) {
        // No thread to spare: the close does it all.
    }
}

void SqliteDatabase::wait_for_checkpoint() {
    if (checkpoint_.valid()) checkpoint_.wait();
}

std::unique_ptr<Statement> SqliteDatabase::prepare(std::string_view sql) {
    return std::make_unique<SqliteStatement>(db_, sql);
}

void SqliteDatabase::exec(std::string_view sql) {
    char* error = nullptr;
    if (sqlite3_exec(db_, std::string(sql).c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
        const std::string why = error ? error : sqlite3_errmsg(db_);
        sqlite3_free(error);
        throw OutputError("store " + path_ + ": " + why);
    }
}

void SqliteDatabase::bulk_insert(const std::string& table, const std::vector<std::string>& columns,
                                 const SqlRows& rows) {
    if (rows.empty()) return;
    // Many rows a statement: each step of a statement costs more than SQLite's own work on a
    // row. The values outlive each step, so SQLite need not copy them.
    // At most 64, and within the connection's limit on parameters (999 before SQLite 3.32).
    const size_t limit = static_cast<size_t>(sqlite3_limit(db_, SQLITE_LIMIT_VARIABLE_NUMBER, -1));
    const size_t rows_per_statement =
        std::max<size_t>(1, std::min<size_t>(64, limit / std::max<size_t>(1, columns.size())));
    std::string sql = "INSERT INTO " + table + " (", marks = "(";
    for (size_t i = 0; i < columns.size(); ++i) {
        sql += (i ? "," : "") + columns[i];
        marks += i ? ",?" : "?";
    }
    marks += ")";
    sql += ") VALUES ";
    // Each size is prepared once per connection and kept: a file's facts come in thousands,
    // and the files of a run and of a feed bring the same sizes again. What is left after the
    // whole statements goes in chunks of an eighth and a sixty-fourth, then one row each.
    const auto insert_rows = [&](size_t at, size_t n) {
        std::string text = sql;
        for (size_t r = 0; r < n; ++r) text += (r ? "," : "") + marks;
        // This connection's statements are SQLite's, bound here without copying the values.
        auto& insert = static_cast<SqliteStatement&>(kept(text));
        int param = 1;
        for (size_t r = at; r < at + n; ++r)
            for (size_t c = 0; c < rows.width(); ++c) insert.bind_static(param++, rows.row(r)[c]);
        insert.execute();
    };
    size_t at = 0;
    for (size_t size = rows_per_statement; at < rows.size(); size = std::max<size_t>(1, size / 8))
        for (; rows.size() - at >= size; at += size) insert_rows(at, size);
}

void SqliteDatabase::begin_write(bool durable) {
    // SQLite refuses to change the safety level inside a transaction: set it before.
    if (durable) exec("PRAGMA synchronous=FULL");
    durable_ = durable;
    // IMMEDIATE takes the write lock up front: a deferred transaction that reads and then
    // writes fails at once with "database is locked" when another connection wrote in between
    // (WAL's deadlock avoidance), while an immediate one waits for the busy timeout.
    try {
        exec("BEGIN IMMEDIATE");
    } catch (...) {
        if (durable) exec("PRAGMA synchronous=NORMAL");
        durable_ = false;
        throw;
    }
}

void SqliteDatabase::commit() {
    exec("COMMIT");
    if (durable_) exec("PRAGMA synchronous=NORMAL");
    durable_ = false;
}

void SqliteDatabase::rollback() {
    exec("ROLLBACK");
    if (durable_) exec("PRAGMA synchronous=NORMAL");
    durable_ = false;
}

bool SqliteDatabase::has_table(const std::string& table) {
    SqliteStatement select(db_, "SELECT COUNT(*) FROM sqlite_master WHERE name = ?");
    select.bind(1, std::string_view(table));
    return select.next() && select.integer(0) > 0;
}

std::vector<Column> SqliteDatabase::columns(const std::string& table) {
    SqliteStatement info(db_, "SELECT name, type FROM pragma_table_info(?) ORDER BY cid");
    info.bind(1, std::string_view(table));
    std::vector<Column> out;
    while (info.next()) {
        const std::string type = info.text(1);
        SqlValue::Kind kind = SqlValue::Kind::text;
        if (type.find("INT") != std::string::npos) kind = SqlValue::Kind::integer;
        else if (type == "REAL") kind = SqlValue::Kind::real;
        else if (type == "BLOB") kind = SqlValue::Kind::blob;
        out.push_back({info.text(0), kind});
    }
    return out;
}

int SqliteDatabase::schema_version() {
    SqliteStatement select(db_, "PRAGMA user_version");
    return select.next() ? static_cast<int>(select.integer(0)) : 0;
}

void SqliteDatabase::set_schema_version(int version) {
    exec("PRAGMA user_version = " + std::to_string(version));
}

}  // namespace sitrep
