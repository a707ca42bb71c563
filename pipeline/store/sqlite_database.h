#pragma once

#include <sqlite3.h>

#include <future>
#include <string>

#include "pipeline/store/database.h"
#include "pipeline/store/sqlite_statement.h"

namespace sitrep {

/// The embedded store: one SQLite file in WAL mode, shared by every connection of every
/// process on this machine with the same settings.
class SqliteDatabase final : public Database {
public:
    /// Opens (creating if needed) the SQLite file at `path`.
    explicit SqliteDatabase(const std::string& path);
    ~SqliteDatabase() override;
    SqliteDatabase(const SqliteDatabase&) = delete;
    SqliteDatabase& operator=(const SqliteDatabase&) = delete;

    Dialect dialect() const override { return Dialect::sqlite; }
    std::string description() const override { return path_; }
    std::unique_ptr<Statement> prepare(std::string_view sql) override;
    void exec(std::string_view sql) override;
    void bulk_insert(const std::string& table, const std::vector<std::string>& columns,
                     const SqlRows& rows) override;
    bool has_table(const std::string& table) override;
    std::vector<Column> columns(const std::string& table) override;
    double stored_real(double value) const override { return value == 0 ? 0.0 : value; }
    int schema_version() override;
    void set_schema_version(int version) override;
    void checkpoint_in_background() override;
    void wait_for_checkpoint() override;

    /// The raw handle, for the migrations of states made before the backends were two.
    sqlite3* handle() const { return db_; }

protected:
    void begin_write(bool durable) override;
    void commit() override;
    void rollback() override;

private:
    std::string path_;
    sqlite3* db_ = nullptr;
    bool durable_ = false;
    std::future<void> checkpoint_;  ///< a checkpoint under way on a connection of its own
};

}  // namespace sitrep
