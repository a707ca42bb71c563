#pragma once

#include <cstdint>
#include <memory>
#include <iterator>
#include <stdexcept>
#include <initializer_list>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/foundation/errors.h"
#include "pipeline/foundation/store_location.h"

namespace sitrep {

/// The store's server cannot be reached (down, restarting, network cut): what a caller may
/// wait out and try again, unlike a store that refuses what it is given.
class StoreUnavailableError : public OutputError {
public:
    using OutputError::OutputError;
};

/// Which database holds a store: the embedded default, or a shared server.
enum class Dialect { sqlite, postgres };

/// A statement on one connection, written with `?` placeholders whatever the backend.
/// A SELECT is run by the first `next()` after its values are bound; `reset()` makes it ready
/// for new values. Errors throw OutputError with the database's own message.
class Statement {
public:
    virtual ~Statement() = default;
    /// Binds text to the 1-based parameter `i`.
    virtual void bind(int i, std::string_view text) = 0;
    /// Binds an integer.
    virtual void bind(int i, int64_t value) = 0;
    /// Binds a real.
    virtual void bind(int i, double value) = 0;
    /// Binds bytes as a BLOB (BYTEA).
    virtual void bind_blob(int i, std::string_view bytes) = 0;
    /// Binds NULL.
    virtual void bind_null(int i) = 0;
    /// Runs an INSERT, UPDATE or DELETE and makes the statement ready for new values.
    virtual void execute() = 0;
    /// Makes a SELECT ready to run again with new values.
    virtual void reset() = 0;
    /// Steps a SELECT: true while there is a row.
    virtual bool next() = 0;
    /// Whether column `i` (0-based) of the current row is NULL.
    virtual bool is_null(int i) const = 0;
    /// Column `i` of the current row as text.
    virtual std::string text(int i) const = 0;
    /// Column `i` of the current row as bytes.
    virtual std::string blob(int i) const = 0;
    /// Column `i` as an integer.
    virtual int64_t integer(int i) const = 0;
    /// Column `i` as a real.
    virtual double real(int i) const = 0;
};

/// One value of a row given to `Database::bulk_insert`.
struct SqlValue {
    enum class Kind { null, integer, real, text, blob } kind = Kind::null;
    int64_t integer = 0;
    double real = 0;
    std::string bytes;        ///< text or blob, owned
    std::string_view shared;  ///< text the caller owns (see `borrowing`)
    /// NULL.
    static SqlValue none() { return {}; }
    /// An integer.
    static SqlValue of(int64_t v) { return {Kind::integer, v, 0, {}, {}}; }
    /// A real.
    static SqlValue of(double v) { return {Kind::real, 0, v, {}, {}}; }
    /// Text.
    static SqlValue of(std::string v) { return {Kind::text, 0, 0, std::move(v), {}}; }
    /// Text not copied: it must outlive every use of this value. For the thousands of rows a
    /// workbook gives, whose text the caller holds anyway.
    static SqlValue borrowing(std::string_view v) {
        SqlValue value{Kind::text, 0, 0, {}, v};
        if (v.data() == nullptr) value.shared = std::string_view("", 0);
        return value;
    }
    /// Bytes.
    static SqlValue blob_of(std::string v) { return {Kind::blob, 0, 0, std::move(v), {}}; }
    /// The text or bytes, owned or borrowed.
    std::string_view view() const { return shared.data() != nullptr ? shared : std::string_view(bytes); }
};

/// Rows of equal width for `Database::bulk_insert`, their values side by side in one vector:
/// one allocation for the thousands of facts of a workbook, not one per row.
class SqlRows {
public:
    explicit SqlRows(size_t width) : width_(width) {}
    /// Makes room for `rows` rows.
    void reserve(size_t rows) { values_.reserve(rows * width_); }
    /// Adds a row of `width()` values.
    void add(std::initializer_list<SqlValue> row) {
        if (row.size() != width_)
            throw std::logic_error("a row of " + std::to_string(row.size()) + " values where " +
                                   std::to_string(width_) + " were expected");
        values_.insert(values_.end(), row);
    }
    /// Adds a row of `width()` values, moved in.
    void add(std::vector<SqlValue>&& row) {
        if (row.size() != width_)
            throw std::logic_error("a row of " + std::to_string(row.size()) + " values where " +
                                   std::to_string(width_) + " were expected");
        std::move(row.begin(), row.end(), std::back_inserter(values_));
    }
    /// The number of rows.
    size_t size() const { return width_ == 0 ? 0 : values_.size() / width_; }
    bool empty() const { return values_.empty(); }
    /// The number of values of each row.
    size_t width() const { return width_; }
    /// The first of row `i`'s values.
    const SqlValue* row(size_t i) const { return values_.data() + i * width_; }
    /// Forgets the rows, keeping the room.
    void clear() { values_.clear(); }

private:
    size_t width_;
    std::vector<SqlValue> values_;
};

/// Binds `value` to the 1-based parameter `i` of `statement`, whatever its kind.
inline void bind_value(Statement& statement, int i, const SqlValue& value) {
    switch (value.kind) {
        case SqlValue::Kind::null: statement.bind_null(i); break;
        case SqlValue::Kind::integer: statement.bind(i, value.integer); break;
        case SqlValue::Kind::real: statement.bind(i, value.real); break;
        case SqlValue::Kind::text: statement.bind(i, value.view()); break;
        case SqlValue::Kind::blob: statement.bind_blob(i, value.bytes); break;
    }
}

/// A column of a table as the database declares it.
struct Column {
    std::string name;
    SqlValue::Kind kind = SqlValue::Kind::text;  ///< how its values are read and written
};

/// One connection to the store's database: the only code that talks to SQLite or PostgreSQL.
/// Thread-safe for one statement at a time; a write transaction excludes every other writer
/// of the same database (in any process), as SQLite's single writer does.
class Database {
public:
    virtual ~Database() = default;
    /// Opens (creating the SQLite file or connecting to the server) the database of `where`.
    static std::unique_ptr<Database> open(const StoreLocation& where);

    /// Which backend this is.
    virtual Dialect dialect() const = 0;
    /// Where it is, for messages (a URL without its password, or a file path).
    virtual std::string description() const = 0;
    /// A statement prepared for repeated use on this connection.
    virtual std::unique_ptr<Statement> prepare(std::string_view sql) = 0;
    /// The statement `sql`, prepared on first use on this connection and kept, reset, for the
    /// next: for statements run again and again, whose preparing costs more than running them
    /// (a 500-row `VALUES` list: ~1.2 ms against 0.2). Any thread may ask; a statement is run
    /// by one thread at a time.
    Statement& kept(const std::string& sql);
    /// Runs statements without values (schema, pragmas); several may be `;`-separated.
    virtual void exec(std::string_view sql) = 0;
    /// Inserts many rows into `table` (`columns`, as many as each row's values) in the current
    /// transaction, the fastest way the backend has (COPY for PostgreSQL).
    virtual void bulk_insert(const std::string& table, const std::vector<std::string>& columns,
                             const SqlRows& rows) = 0;
    /// Begins a write transaction, or joins the one open on this connection (see
    /// `in_transaction`, which is how callers use it).
    void enter_write(bool durable);
    /// Ends what `enter_write` began: the outermost commits when every part succeeded, and
    /// rolls back (throwing when `succeeded` was said) otherwise; an inner one only counts.
    void leave_write(bool succeeded);
    /// Whether `table` exists.
    virtual bool has_table(const std::string& table) = 0;
    /// The columns of `table`, in their order.
    virtual std::vector<Column> columns(const std::string& table) = 0;
    /// The schema version recorded in the database (0 for a new or unversioned one).
    virtual int schema_version() = 0;
    /// Records the schema version (inside the migrating transaction).
    virtual void set_schema_version(int version) = 0;
    /// Starts moving what was committed so far from the write-ahead log into the database
    /// file, beside the caller's work, so that closing the connection has less of it left to
    /// do. Nothing where the server does this on its own.
    virtual void checkpoint_in_background() {}
    /// Waits until the checkpoint `checkpoint_in_background` started has ended: the database
    /// file alone then holds what was committed before it, for a copy made while open.
    virtual void wait_for_checkpoint() {}
    /// `text` as a TEXT column gives it back: a server replaces what is not UTF-8.
    virtual std::string stored_text(std::string_view text) const { return std::string(text); }
    /// `value` as a REAL column gives it back: SQLite keeps -0 as the integer 0.
    virtual double stored_real(double value) const { return value; }

protected:
    /// Starts a write transaction, waiting for any other writer of this database. `durable`:
    /// its commit waits until it is on disk (and with it every earlier one); otherwise a
    /// commit may be lost in a power cut, never half-applied.
    virtual void begin_write(bool durable) = 0;
    /// Commits the current transaction.
    virtual void commit() = 0;
    /// Rolls back the current transaction.
    virtual void rollback() = 0;
    /// Finalizes the kept statements: a backend's destructor calls it before it closes.
    void forget_kept();

private:
    std::mutex kept_mutex_;  ///< guards the cache, not the statements
    std::map<std::string, std::unique_ptr<Statement>> kept_;
    int write_depth_ = 0;          ///< open `in_transaction` calls on this connection
    bool write_durable_ = false;   ///< the outermost one waits for the disk
    bool part_failed_ = false;     ///< an inner one failed: the outermost must roll back
};

/// Runs `body` in one write transaction on `db`; rolls back and rethrows on any error.
/// Inside another transaction on the same connection, `body` joins it: its writes commit or
/// roll back with the outer ones, and a failure in it rolls the whole back even if the outer
/// body catches it. A durable `body` cannot join one that is not.
template <class Body>
void in_transaction(Database& db, Body&& body, bool durable = false) {
    db.enter_write(durable);
    try {
        body();
    } catch (...) {
        db.leave_write(false);
        throw;
    }
    db.leave_write(true);
}

}  // namespace sitrep
