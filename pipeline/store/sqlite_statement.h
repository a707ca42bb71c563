#pragma once

#include <sqlite3.h>

#include <string>
#include <string_view>

namespace sitrep {

/// A prepared SQLite statement on an open connection, for the store's bulk paths where
/// Poco::Data's per-row binding costs more than the database itself. Errors throw OutputError
/// with SQLite's message.
class SqliteStatement {
public:
    SqliteStatement(sqlite3* db, std::string_view sql);
    ~SqliteStatement();
    SqliteStatement(const SqliteStatement&) = delete;
    SqliteStatement& operator=(const SqliteStatement&) = delete;

    /// Binds text to the 1-based parameter `i` (copied by SQLite).
    void bind(int i, std::string_view text);
    /// Binds an integer.
    void bind(int i, int64_t value);
    /// Binds a real.
    void bind(int i, double value);
    /// Binds bytes as a BLOB.
    void bind_blob(int i, std::string_view bytes);
    /// Binds NULL.
    void bind_null(int i);
    /// Runs an INSERT or UPDATE to its end and makes the statement ready for new values.
    void execute();
    /// Makes a SELECT ready to run again with new values.
    void reset();
    /// Steps a SELECT: true while there is a row.
    bool next();
    /// Whether column `i` (0-based) of the current row is NULL.
    bool is_null(int i) const;
    /// Column `i` (0-based) of the current row as text.
    std::string text(int i) const;
    /// Column `i` (0-based) of the current row as bytes (a BLOB, or text).
    std::string blob(int i) const;
    /// Column `i` as an integer.
    int64_t integer(int i) const;
    /// Column `i` as a real.
    double real(int i) const;

private:
    [[noreturn]] void fail(const char* what) const;
    sqlite3* db_;
    sqlite3_stmt* stmt_ = nullptr;
};

}  // namespace sitrep
