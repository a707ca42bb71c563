#pragma once

#include <libpq-fe.h>

#include <cctype>

#include <cstdint>
#include <mutex>
#include <string>
#include <utility>

#include "pipeline/store/database.h"

namespace sitrep {

/// A shared store on a PostgreSQL server (15 or later). Writers serialise on a transaction
/// advisory lock, so that every instance sees what SQLite's single writer gives: sequences
/// and report numbers taken from MAX(...) + 1 inside a write transaction never collide.
class PostgresDatabase final : public Database {
public:
    /// Connects to `url` (`postgresql://user@host:port/db?...`), with `password` when it is
    /// not empty (else the URL's, or libpq's ~/.pgpass).
    PostgresDatabase(const std::string& url, const std::string& password);
    ~PostgresDatabase() override;
    PostgresDatabase(const PostgresDatabase&) = delete;
    PostgresDatabase& operator=(const PostgresDatabase&) = delete;

    Dialect dialect() const override { return Dialect::postgres; }
    std::string description() const override { return url_; }
    std::unique_ptr<Statement> prepare(std::string_view sql) override;
    void exec(std::string_view sql) override;
    void bulk_insert(const std::string& table, const std::vector<std::string>& columns,
                     const SqlRows& rows) override;
    bool has_table(const std::string& table) override;
    std::vector<Column> columns(const std::string& table) override;
    int schema_version() override;
    void set_schema_version(int version) override;
    std::string stored_text(std::string_view text) const override;

    /// Runs `sql` with `values` (text, or bytes where `formats` says 1) and returns its
    /// result (the caller clears it); used by the statements of this connection.
    PGresult* run(const std::string& sql, int count, const char* const* values,
                  const int* lengths, const int* formats);

protected:
    void begin_write(bool durable) override;
    void commit() override;
    void rollback() override;

private:
    void connect();
    /// Reconnects a connection that broke, unless a transaction was open on it (then the
    /// transaction is lost and the caller is told).
    void ensure_connected();
    [[noreturn]] void fail(const std::string& what, PGresult* result = nullptr);
    /// Whether a statement that failed may run again on a new connection (then made).
    bool retry_after_reconnect(int attempt);

    std::string url_;  ///< without its password, for messages
    std::string full_url_, password_;
    PGconn* conn_ = nullptr;
    std::mutex mutex_;
    bool in_transaction_ = false;

};

/// The text of `sql` with each `?` placeholder outside quotes numbered `$1`, `$2`, …, and
/// how many there are.
std::pair<std::string, int> numbered_placeholders(std::string_view sql);

}  // namespace sitrep
