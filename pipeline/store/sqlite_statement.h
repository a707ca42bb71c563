#pragma once

#include <sqlite3.h>

#include <string>
#include <string_view>

#include "pipeline/store/database.h"

namespace sitrep {

/// A prepared statement of the SQLite backend, straight on SQLite's C API. Errors throw
/// OutputError with SQLite's message.
class SqliteStatement final : public Statement {
public:
    SqliteStatement(sqlite3* db, std::string_view sql);
    ~SqliteStatement() override;
    SqliteStatement(const SqliteStatement&) = delete;
    SqliteStatement& operator=(const SqliteStatement&) = delete;

    /// Binds text to the 1-based parameter `i` (copied by SQLite).
    void bind(int i, std::string_view text) override;
    /// Binds an integer.
    void bind(int i, int64_t value) override;
    /// Binds a real.
    void bind(int i, double value) override;
    /// Binds bytes as a BLOB.
    void bind_blob(int i, std::string_view bytes) override;
    /// Binds NULL.
    void bind_null(int i) override;
    /// Binds `value` without a copy: it must stay as it is until the statement is next reset.
    void bind_static(int i, const SqlValue& value);
    /// Runs an INSERT or UPDATE to its end and makes the statement ready for new values.
    void execute() override;
    /// Makes a SELECT ready to run again with new values.
    void reset() override;
    /// Steps a SELECT: true while there is a row.
    bool next() override;
    /// Whether column `i` (0-based) of the current row is NULL.
    bool is_null(int i) const override;
    /// Column `i` (0-based) of the current row as text.
    std::string text(int i) const override;
    /// Column `i` (0-based) of the current row as bytes (a BLOB, or text).
    std::string blob(int i) const override;
    /// Column `i` as an integer.
    int64_t integer(int i) const override;
    /// Column `i` as a real.
    double real(int i) const override;

private:
    [[noreturn]] void fail(const char* what) const;
    sqlite3* db_;
    sqlite3_stmt* stmt_ = nullptr;
};

}  // namespace sitrep
