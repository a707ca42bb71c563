#include "pipeline/store/postgres_database.h"

#include <cstdio>
#include <cstdlib>
#include <tuple>

#include "pipeline/foundation/errors.h"
#include "pipeline/text/encoding.h"

namespace sitrep {
namespace {

// The key of the writers' transaction lock: any fixed number that no other application
// sharing the database would choose ("sitrep w" in ASCII).
constexpr const char* kWriterLock = "SELECT pg_advisory_xact_lock(8316571807934441591)";

// A URL as messages may show it: any password it holds is left out.
std::string without_password(const std::string& url) {
    const auto scheme = url.find("://");
    const auto at = url.find('@');
    if (scheme == std::string::npos || at == std::string::npos) return url;
    const auto colon = url.find(':', scheme + 3);
    if (colon == std::string::npos || colon > at) return url;
    return url.substr(0, colon) + ":***" + url.substr(at);
}

void ignore_notice(void*, const char*) {}

// Whether `text` is ASCII without NUL, as nearly every value is: the server takes it as it is.
bool plain_ascii(std::string_view text) {
    for (const char c : text)
        if (c == 0 || static_cast<unsigned char>(c) >= 0x80) return false;
    return true;
}

// PostgreSQL's text is UTF-8 without NUL: each byte that is not (a file name in another
// encoding, say) becomes U+FFFD, as the manifest's JSON shows it anyway. SQLite keeps such
// bytes; only what is written to a server is replaced.
std::string server_text(std::string_view s) {
    if (plain_ascii(s)) return std::string(s);
    std::string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size();) {
        const size_t at = i;
        const auto c = decode_utf8_at(s, i);  // past the sequence, or one byte on
        if (c && *c != 0) out.append(s.substr(at, i - at));
        else out += "\xEF\xBF\xBD";
    }
    return out;
}

// COPY's text format: backslash, tab, newline and carriage return escaped; \N is NULL.
// The text is the server's (see server_text); runs with nothing to escape go in whole.
void append_copy_text(std::string& line, std::string_view text) {
    size_t from = 0;
    for (size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c != '\\' && c != '\t' && c != '\n' && c != '\r') continue;
        line.append(text.substr(from, i - from));
        line += c == '\\' ? "\\\\" : c == '\t' ? "\\t" : c == '\n' ? "\\n" : "\\r";
        from = i + 1;
    }
    line.append(text.substr(from));
}

std::string real_text(double v) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.17g", v);
    return buf;
}

class PostgresStatement final : public Statement {
public:
    PostgresStatement(PostgresDatabase& db, std::string_view sql) : db_(db) {
        int count = 0;
        std::tie(sql_, count) = numbered_placeholders(sql);
        values_.resize(static_cast<size_t>(count));
        set_.assign(static_cast<size_t>(count), false);
        formats_.assign(static_cast<size_t>(count), 0);
    }
    ~PostgresStatement() override { clear(); }

    void bind(int i, std::string_view text) override { put(i, server_text(text), 0); }
    void bind(int i, int64_t value) override { put(i, std::to_string(value), 0); }
    void bind(int i, double value) override { put(i, real_text(value), 0); }
    void bind_blob(int i, std::string_view bytes) override { put(i, std::string(bytes), 1); }
    void bind_null(int i) override {
        check(i);
        set_[static_cast<size_t>(i - 1)] = false;
    }
    void execute() override {
        run();
        clear();
    }
    void reset() override { clear(); }
    bool next() override {
        if (!result_) {
            run();
            row_ = -1;
        }
        return ++row_ < PQntuples(result_);
    }
    bool is_null(int i) const override { return PQgetisnull(result_, row_, i) != 0; }
    std::string text(int i) const override {
        return std::string(PQgetvalue(result_, row_, i),
                           static_cast<size_t>(PQgetlength(result_, row_, i)));
    }
    std::string blob(int i) const override {
        if (is_null(i)) return "";
        size_t length = 0;
        unsigned char* bytes = PQunescapeBytea(
            reinterpret_cast<const unsigned char*>(PQgetvalue(result_, row_, i)), &length);
        if (!bytes) throw OutputError("store: a stored BYTEA value cannot be read");
        std::string out(reinterpret_cast<const char*>(bytes), length);
        PQfreemem(bytes);
        return out;
    }
    int64_t integer(int i) const override {
        const char* v = PQgetvalue(result_, row_, i);
        // Booleans come as t/f; aggregates of nothing as NULL (read as 0, as SQLite does).
        if (*v == 't') return 1;
        if (*v == 'f') return 0;
        return std::strtoll(v, nullptr, 10);
    }
    double real(int i) const override { return std::strtod(PQgetvalue(result_, row_, i), nullptr); }

private:
    void check(int i) const {
        if (i < 1 || static_cast<size_t>(i) > values_.size())
            throw OutputError("store: no parameter " + std::to_string(i) + " in " + sql_);
    }
    void put(int i, std::string value, int format) {
        check(i);
        const auto at = static_cast<size_t>(i - 1);
        values_[at] = std::move(value);
        set_[at] = true;
        formats_[at] = format;
    }
    void run() {
        clear();
        std::vector<const char*> values(values_.size());
        std::vector<int> lengths(values_.size());
        for (size_t i = 0; i < values_.size(); ++i) {
            values[i] = set_[i] ? values_[i].c_str() : nullptr;
            lengths[i] = static_cast<int>(values_[i].size());
        }
        result_ = db_.run(sql_, static_cast<int>(values.size()), values.data(), lengths.data(),
                          formats_.data());
    }
    void clear() {
        if (result_) PQclear(result_);
        result_ = nullptr;
        row_ = -1;
    }

    PostgresDatabase& db_;
    std::string sql_;
    std::vector<std::string> values_;
    std::vector<bool> set_;
    std::vector<int> formats_;
    PGresult* result_ = nullptr;
    int row_ = -1;
};

}  // namespace

std::pair<std::string, int> numbered_placeholders(std::string_view sql) {
    std::string out;
    out.reserve(sql.size() + 16);
    int n = 0;
    char quote = 0;
    for (char c : sql) {
        if (quote) {
            if (c == quote) quote = 0;
            out += c;
        } else if (c == '\'' || c == '"') {
            quote = c;
            out += c;
        } else if (c == '?') {
            out += '$' + std::to_string(++n);
        } else {
            out += c;
        }
    }
    return {out, n};
}

PostgresDatabase::PostgresDatabase(const std::string& url, const std::string& password)
    : url_(without_password(url)), full_url_(url), password_(password) {
    connect();
}

PostgresDatabase::~PostgresDatabase() {
    forget_kept();
    if (conn_) PQfinish(conn_);
}

void PostgresDatabase::connect() {
    // Keepalives: a server whose machine vanished is noticed in seconds, not hours. Values
    // after the URL override what it says, so a password file wins over a URL's password.
    std::vector<const char*> keys{"dbname", "connect_timeout", "application_name",
                                  "keepalives_idle", "keepalives_interval", "keepalives_count"};
    std::vector<const char*> values{full_url_.c_str(), "10", "sitrep", "5", "2", "3"};
    if (!password_.empty()) {
        keys.push_back("password");
        values.push_back(password_.c_str());
    }
    keys.push_back(nullptr);
    values.push_back(nullptr);
    if (conn_) PQfinish(conn_);
    conn_ = PQconnectdbParams(keys.data(), values.data(), 1);
    if (!conn_ || PQstatus(conn_) != CONNECTION_OK) {
        const std::string why = conn_ ? PQerrorMessage(conn_) : "out of memory";
        throw StoreUnavailableError("cannot reach the store at " + url_ + ": " + why);
    }
    PQsetNoticeProcessor(conn_, ignore_notice, nullptr);
}

void PostgresDatabase::ensure_connected() {
    if (PQstatus(conn_) == CONNECTION_OK) return;
    if (in_transaction_) {
        in_transaction_ = false;
        connect();
        throw StoreUnavailableError("the connection to the store at " + url_ +
                                    " broke during a transaction; nothing of it was kept");
    }
    connect();
}

void PostgresDatabase::fail(const std::string& what, PGresult* result) {
    std::string why = result ? PQresultErrorMessage(result) : "";
    if (why.empty()) why = PQerrorMessage(conn_);
    if (result) PQclear(result);
    while (!why.empty() && why.back() == '\n') why.pop_back();
    if (PQstatus(conn_) != CONNECTION_OK)
        throw StoreUnavailableError("store " + url_ + " unreachable: " + what + ": " + why);
    throw OutputError("store " + url_ + ": " + what + ": " + why);
}

PGresult* PostgresDatabase::run(const std::string& sql, int count, const char* const* values,
                                const int* lengths, const int* formats) {
    std::lock_guard<std::mutex> lock(mutex_);
    for (int attempt = 0;; ++attempt) {
        ensure_connected();
        // Parse, bind and execute in one round trip: on a server a round trip costs more than
        // parsing these short statements again.
        PGresult* result =
            PQexecParams(conn_, sql.c_str(), count, nullptr, values, lengths, formats, 0);
        const auto status = PQresultStatus(result);
        if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return result;
        if (!retry_after_reconnect(attempt)) fail(sql, result);
        PQclear(result);
    }
}

bool PostgresDatabase::retry_after_reconnect(int attempt) {
    // A server that restarted leaves this connection looking fine until its next statement
    // fails; outside a transaction nothing was lost, so that statement is worth one retry on
    // a new connection. Inside one, the transaction is gone: the caller must know.
    if (attempt > 0 || in_transaction_ || PQstatus(conn_) == CONNECTION_OK) return false;
    try {
        connect();
    } catch (const StoreUnavailableError&) {
        return false;
    }
    return true;
}

std::unique_ptr<Statement> PostgresDatabase::prepare(std::string_view sql) {
    return std::make_unique<PostgresStatement>(*this, sql);
}

void PostgresDatabase::exec(std::string_view sql) {
    std::lock_guard<std::mutex> lock(mutex_);
    const std::string text(sql);
    for (int attempt = 0;; ++attempt) {
        ensure_connected();
        PGresult* result = PQexec(conn_, text.c_str());
        const auto status = PQresultStatus(result);
        if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) {
            PQclear(result);
            return;
        }
        if (!retry_after_reconnect(attempt)) fail(text, result);
        PQclear(result);
    }
}

// How many values a bulk insert sends as an INSERT rather than a COPY.
constexpr size_t kValuesPerInsert = 2000;

void PostgresDatabase::bulk_insert(const std::string& table, const std::vector<std::string>& columns,
                                   const SqlRows& rows) {
    if (rows.empty()) return;
    // A few rows go as one INSERT, one round trip; COPY takes two, and pays off beyond.
    if (rows.size() * columns.size() <= kValuesPerInsert) {
        std::string sql = "INSERT INTO " + table + " (";
        for (size_t i = 0; i < columns.size(); ++i) sql += (i ? "," : "") + columns[i];
        sql += ") VALUES ";
        std::string marks = "(";
        for (size_t i = 0; i < columns.size(); ++i) marks += i ? ",?" : "?";
        marks += ")";
        for (size_t r = 0; r < rows.size(); ++r) sql += (r ? "," : "") + marks;
        auto insert = prepare(sql);
        int param = 1;
        for (size_t r = 0; r < rows.size(); ++r)
            for (size_t c = 0; c < rows.width(); ++c) bind_value(*insert, param++, rows.row(r)[c]);
        insert->execute();
        return;
    }
    std::string sql = "COPY " + table + " (";
    for (size_t i = 0; i < columns.size(); ++i) sql += (i ? "," : "") + columns[i];
    sql += ") FROM STDIN";
    std::lock_guard<std::mutex> lock(mutex_);
    ensure_connected();
    PGresult* started = PQexec(conn_, sql.c_str());
    if (PQresultStatus(started) != PGRES_COPY_IN) fail(sql, started);
    PQclear(started);
    std::string chunk;
    static const char* hex = "0123456789abcdef";
    for (size_t r = 0; r < rows.size(); ++r) {
        for (size_t i = 0; i < rows.width(); ++i) {
            if (i) chunk += '\t';
            const SqlValue& v = rows.row(r)[i];
            switch (v.kind) {
                case SqlValue::Kind::null: chunk += "\\N"; break;
                case SqlValue::Kind::integer: chunk += std::to_string(v.integer); break;
                case SqlValue::Kind::real: chunk += real_text(v.real); break;
                case SqlValue::Kind::text:
                    if (plain_ascii(v.view())) append_copy_text(chunk, v.view());
                    else append_copy_text(chunk, server_text(v.view()));
                    break;
                case SqlValue::Kind::blob:
                    chunk += "\\\\x";
                    for (unsigned char c : v.bytes) {
                        chunk += hex[c >> 4];
                        chunk += hex[c & 15];
                    }
                    break;
            }
        }
        chunk += '\n';
        if (chunk.size() > (1 << 16)) {
            if (PQputCopyData(conn_, chunk.data(), static_cast<int>(chunk.size())) != 1)
                fail("cannot send rows to " + table);
            chunk.clear();
        }
    }
    if (!chunk.empty() && PQputCopyData(conn_, chunk.data(), static_cast<int>(chunk.size())) != 1)
        fail("cannot send rows to " + table);
    if (PQputCopyEnd(conn_, nullptr) != 1) fail("cannot end the rows of " + table);
    PGresult* done = PQgetResult(conn_);
    if (PQresultStatus(done) != PGRES_COMMAND_OK) {
        // Read to the end so that the connection is ready for the rollback.
        while (PGresult* more = PQgetResult(conn_)) PQclear(more);
        fail(sql, done);
    }
    PQclear(done);
    while (PGresult* more = PQgetResult(conn_)) PQclear(more);
}

void PostgresDatabase::begin_write(bool durable) {
    exec(std::string("BEGIN; ") + kWriterLock +
         // Said either way: a server's own default may be off.
         (durable ? "; SET LOCAL synchronous_commit = on" : "; SET LOCAL synchronous_commit = off"));
    in_transaction_ = true;
}

void PostgresDatabase::commit() {
    std::lock_guard<std::mutex> lock(mutex_);
    // Never retried on a new connection, where there is nothing to commit: a COMMIT whose
    // connection broke may or may not have been applied, and the caller must hear so.
    if (PQstatus(conn_) != CONNECTION_OK) {
        in_transaction_ = false;
        throw StoreUnavailableError("the connection to the store at " + url_ +
                                    " broke during a transaction; nothing of it was kept");
    }
    PGresult* result = PQexec(conn_, "COMMIT");
    in_transaction_ = false;
    if (PQresultStatus(result) != PGRES_COMMAND_OK) fail("COMMIT", result);
    // A transaction a statement failed in ends in ROLLBACK, whatever COMMIT says.
    const std::string tag = PQcmdStatus(result);
    PQclear(result);
    if (tag != "COMMIT")
        throw OutputError("store " + url_ + ": the transaction was rolled back (" + tag +
                          "): a statement in it had failed");
}

void PostgresDatabase::rollback() {
    in_transaction_ = false;
    if (PQstatus(conn_) != CONNECTION_OK) return;  // the server rolled back with the session
    exec("ROLLBACK");
}

bool PostgresDatabase::has_table(const std::string& table) {
    // The catalogue itself: information_schema's view costs milliseconds to plan, and every
    // command asks this when it opens the store.
    auto select = prepare("SELECT COUNT(*) FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n"
                          " ON n.oid = c.relnamespace WHERE n.nspname = current_schema()"
                          " AND c.relname = ? AND c.relkind IN ('r', 'p')");
    select->bind(1, std::string_view(table));
    return select->next() && select->integer(0) > 0;
}

std::vector<Column> PostgresDatabase::columns(const std::string& table) {
    auto info = prepare("SELECT column_name, data_type FROM information_schema.columns"
                        " WHERE table_schema = current_schema() AND table_name = ?"
                        " ORDER BY ordinal_position");
    info->bind(1, std::string_view(table));
    std::vector<Column> out;
    while (info->next()) {
        const std::string type = info->text(1);
        SqlValue::Kind kind = SqlValue::Kind::text;
        if (type == "bigint" || type == "integer") kind = SqlValue::Kind::integer;
        else if (type == "double precision") kind = SqlValue::Kind::real;
        else if (type == "bytea") kind = SqlValue::Kind::blob;
        out.push_back({info->text(0), kind});
    }
    return out;
}

int PostgresDatabase::schema_version() {
    if (!has_table("store_meta")) return 0;
    auto select = prepare("SELECT value FROM store_meta WHERE key = 'schema_version'");
    return select->next() ? std::atoi(select->text(0).c_str()) : 0;
}

std::string PostgresDatabase::stored_text(std::string_view text) const { return server_text(text); }

void PostgresDatabase::set_schema_version(int version) {
    exec("CREATE TABLE IF NOT EXISTS store_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
    auto upsert = prepare("INSERT INTO store_meta (key, value) VALUES ('schema_version', ?)"
                          " ON CONFLICT (key) DO UPDATE SET value = excluded.value");
    upsert->bind(1, std::to_string(version));
    upsert->execute();
}

}  // namespace sitrep
