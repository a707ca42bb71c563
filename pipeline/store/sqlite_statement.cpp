#include "pipeline/store/sqlite_statement.h"

#include "pipeline/foundation/errors.h"

namespace sitrep {

SqliteStatement::SqliteStatement(sqlite3* db, std::string_view sql) : db_(db) {
    if (sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &stmt_, nullptr) !=
        SQLITE_OK)
        fail("cannot prepare");
}

SqliteStatement::~SqliteStatement() { sqlite3_finalize(stmt_); }

void SqliteStatement::fail(const char* what) const {
    throw OutputError(std::string("store: ") + what + ": " + sqlite3_errmsg(db_));
}

void SqliteStatement::bind(int i, std::string_view text) {
    if (sqlite3_bind_text(stmt_, i, text.data(), static_cast<int>(text.size()),
                          SQLITE_TRANSIENT) != SQLITE_OK)
        fail("cannot bind");
}

void SqliteStatement::bind(int i, int64_t value) {
    if (sqlite3_bind_int64(stmt_, i, value) != SQLITE_OK) fail("cannot bind");
}

void SqliteStatement::bind(int i, double value) {
    if (sqlite3_bind_double(stmt_, i, value) != SQLITE_OK) fail("cannot bind");
}

void SqliteStatement::bind_blob(int i, std::string_view bytes) {
    if (sqlite3_bind_blob(stmt_, i, bytes.data(), static_cast<int>(bytes.size()),
                          SQLITE_TRANSIENT) != SQLITE_OK)
        fail("cannot bind");
}

void SqliteStatement::bind_null(int i) {
    if (sqlite3_bind_null(stmt_, i) != SQLITE_OK) fail("cannot bind");
}

void SqliteStatement::bind_static(int i, const SqlValue& value) {
    int rc = SQLITE_OK;
    const std::string_view bytes = value.view();
    const int size = static_cast<int>(bytes.size());
    switch (value.kind) {
        case SqlValue::Kind::null: rc = sqlite3_bind_null(stmt_, i); break;
        case SqlValue::Kind::integer: rc = sqlite3_bind_int64(stmt_, i, value.integer); break;
        case SqlValue::Kind::real: rc = sqlite3_bind_double(stmt_, i, value.real); break;
        case SqlValue::Kind::text:
            rc = sqlite3_bind_text(stmt_, i, bytes.data(), size, SQLITE_STATIC);
            break;
        case SqlValue::Kind::blob:
            rc = sqlite3_bind_blob(stmt_, i, bytes.data(), size, SQLITE_STATIC);
            break;
    }
    if (rc != SQLITE_OK) fail("cannot bind");
}

void SqliteStatement::execute() {
    if (sqlite3_step(stmt_) != SQLITE_DONE) fail("cannot write");
    sqlite3_reset(stmt_);
}

void SqliteStatement::reset() { sqlite3_reset(stmt_); }

bool SqliteStatement::next() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc != SQLITE_DONE) fail("cannot read");
    return false;
}

std::string SqliteStatement::text(int i) const {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, i));
    return p ? std::string(p, static_cast<size_t>(sqlite3_column_bytes(stmt_, i))) : std::string();
}

std::string SqliteStatement::blob(int i) const {
    const auto* p = static_cast<const char*>(sqlite3_column_blob(stmt_, i));
    return p ? std::string(p, static_cast<size_t>(sqlite3_column_bytes(stmt_, i))) : std::string();
}

bool SqliteStatement::is_null(int i) const { return sqlite3_column_type(stmt_, i) == SQLITE_NULL; }

int64_t SqliteStatement::integer(int i) const { return sqlite3_column_int64(stmt_, i); }

double SqliteStatement::real(int i) const { return sqlite3_column_double(stmt_, i); }

}  // namespace sitrep
