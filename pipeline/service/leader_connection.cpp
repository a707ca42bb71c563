#include "pipeline/service/leader_connection.h"

#include <libpq-fe.h>

#include <cmath>
#include <memory>
#include <utility>
#include <vector>

namespace sitrep {
namespace {

constexpr std::uint64_t fnv1a64(const char* text) {
    std::uint64_t hash = 14695981039346656037ull;
    for (; *text; ++text) {
        hash ^= static_cast<unsigned char>(*text);
        hash *= 1099511628211ull;
    }
    return hash;
}

using Result = std::unique_ptr<PGresult, decltype(&PQclear)>;

std::string trimmed_error(PGconn* conn) {
    std::string message = PQerrorMessage(conn);
    while (!message.empty() && (message.back() == '\n' || message.back() == ' '))
        message.pop_back();
    return message;
}

// Runs one statement; throws with the statement's purpose and the server's words when it
// fails (a dropped session fails here first).
Result run(PGconn* conn, const char* what, const char* sql, std::vector<std::string> params = {}) {
    std::vector<const char*> values;
    for (const auto& p : params) values.push_back(p.c_str());
    Result result(PQexecParams(conn, sql, static_cast<int>(values.size()), nullptr, values.data(),
                               nullptr, nullptr, 0),
                  &PQclear);
    const auto status = result ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
        throw LeaderConnectionError("leadership: " + std::string(what) +
                                    " failed: " + trimmed_error(conn));
    }
    return result;
}

double epoch_seconds(std::chrono::system_clock::time_point t) {
    return std::chrono::duration<double>(t.time_since_epoch()).count();
}

std::chrono::system_clock::time_point from_epoch(const char* text) {
    const auto micros = std::llround(std::stod(text) * 1e6);
    return std::chrono::system_clock::time_point(std::chrono::microseconds(micros));
}

}  // namespace

std::int64_t leader_lock_key() { return static_cast<std::int64_t>(fnv1a64("sitrep leader")); }

LeaderConnection::LeaderConnection(const std::string& url, const std::string& instance_name)
    : name_(instance_name) {
    // Ours come first and the URL last, so that a URL that sets one of these wins. The
    // client's keepalives make a leader notice a dead server; the server's (in options) make
    // the server drop a dead leader's session, and with it the lock, within about 15 s. The
    // notices of CREATE TABLE IF NOT EXISTS would go to stderr.
    const std::pair<const char*, std::string> settings[] = {
        {"connect_timeout", "5"},
        {"keepalives", "1"},
        {"keepalives_idle", "5"},
        {"keepalives_interval", "2"},
        {"keepalives_count", "3"},
        {"tcp_user_timeout", "10000"},
        {"application_name", "sitrep " + instance_name},
        {"options",
         "-c tcp_keepalives_idle=5 -c tcp_keepalives_interval=2 -c tcp_keepalives_count=3"
         " -c tcp_user_timeout=10000 -c statement_timeout=10000 -c client_min_messages=warning"},
        {"dbname", url},
    };
    std::vector<const char*> keys, values;
    for (const auto& [key, value] : settings) {
        keys.push_back(key);
        values.push_back(value.c_str());
    }
    keys.push_back(nullptr);
    values.push_back(nullptr);
    conn_ = PQconnectdbParams(keys.data(), values.data(), /*expand_dbname=*/1);
    if (!conn_ || PQstatus(conn_) != CONNECTION_OK) {
        const std::string message = conn_ ? trimmed_error(conn_) : "out of memory";
        PQfinish(conn_);
        conn_ = nullptr;
        // Not the URL itself: it may carry a password.
        throw LeaderConnectionError("leadership: cannot connect instance '" + instance_name +
                                    "' to PostgreSQL: " + message);
    }
    try {
        create_table();
    } catch (...) {
        PQfinish(conn_);
        throw;
    }
}

LeaderConnection::~LeaderConnection() { PQfinish(conn_); }

void LeaderConnection::create_table() {
    // Two instances starting together would race in CREATE TABLE IF NOT EXISTS (one fails
    // on pg_type's unique index), so they take turns under a transaction lock.
    run(conn_, "BEGIN", "BEGIN");
    run(conn_, "locking the instances table's creation", "SELECT pg_advisory_xact_lock($1)",
        {std::to_string(static_cast<std::int64_t>(fnv1a64("sitrep instances table")))});
    run(conn_, "creating the instances table",
        // "leads", not "leading": LEADING is an SQL keyword, which every query would quote.
        "CREATE TABLE IF NOT EXISTS instances ("
        " name text PRIMARY KEY,"
        " started_at timestamptz NOT NULL,"
        " last_seen timestamptz NOT NULL,"
        " leads boolean NOT NULL)");
    run(conn_, "COMMIT", "COMMIT");
}

bool LeaderConnection::try_lock() {
    auto result = run(conn_, "taking the leader lock", "SELECT pg_try_advisory_lock($1)",
                      {std::to_string(leader_lock_key())});
    return std::string(PQgetvalue(result.get(), 0, 0)) == "t";
}

void LeaderConnection::ping() { run(conn_, "checking the session", "SELECT 1"); }

void LeaderConnection::record(std::chrono::system_clock::time_point started_at, bool leading) {
    run(conn_, "recording this instance",
        "INSERT INTO instances (name, started_at, last_seen, leads)"
        " VALUES ($1, to_timestamp($2::float8), now(), $3::boolean)"
        " ON CONFLICT (name) DO UPDATE SET started_at = EXCLUDED.started_at,"
        " last_seen = EXCLUDED.last_seen, leads = EXCLUDED.leads",
        {name_, std::to_string(epoch_seconds(started_at)), leading ? "true" : "false"});
}

void LeaderConnection::clear_other_leaders() {
    run(conn_, "clearing stale leaders", "UPDATE instances SET leads = false WHERE name <> $1",
        {name_});
}

std::vector<InstanceSeen> LeaderConnection::instances() {
    auto result = run(conn_, "reading the instances",
                      "SELECT name, extract(epoch FROM started_at)::float8,"
                      " extract(epoch FROM last_seen)::float8, leads"
                      " FROM instances ORDER BY name");
    std::vector<InstanceSeen> seen;
    for (int row = 0; row < PQntuples(result.get()); ++row) {
        seen.push_back({PQgetvalue(result.get(), row, 0),
                        from_epoch(PQgetvalue(result.get(), row, 1)),
                        from_epoch(PQgetvalue(result.get(), row, 2)),
                        std::string(PQgetvalue(result.get(), row, 3)) == "t"});
    }
    return seen;
}

int LeaderConnection::backend_pid() const { return PQbackendPID(conn_); }

}  // namespace sitrep
