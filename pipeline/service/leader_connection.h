#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "pipeline/foundation/errors.h"

typedef struct pg_conn PGconn;

namespace sitrep {

/// The PostgreSQL session of a PostgresLeadership failed or could not be opened.
class LeaderConnectionError : public Error {
public:
    using Error::Error;
    int exit_code() const override { return 75; }
};

/// The advisory lock key every sitrep instance on a database contends for: FNV-1a 64 of
/// "sitrep leader", so that it does not collide with small keys other programs pick.
std::int64_t leader_lock_key();

/// One `sitrep serve` as the instances table has it.
struct InstanceSeen {
    /// The instance's name (unique among the instances on one database).
    std::string name;
    /// When that instance started.
    std::chrono::system_clock::time_point started_at;
    /// When that instance last wrote its row (every tick, about every 2 s).
    std::chrono::system_clock::time_point last_seen;
    /// Whether it led at last_seen.
    bool leading = false;
};

/// The libpq session a PostgresLeadership holds the leader lock on, and nothing else: the
/// lock lives exactly as long as this session, so no other query may share (and risk) it.
/// Not thread-safe: one thread owns it.
class LeaderConnection {
public:
    /// Connects with TCP keepalives both ways (a leader whose machine dies is dropped by the
    /// server within about 15 s, which frees the lock) and application_name
    /// "sitrep <instance>", and creates the instances table when missing.
    LeaderConnection(const std::string& url, const std::string& instance_name);
    ~LeaderConnection();
    LeaderConnection(const LeaderConnection&) = delete;
    LeaderConnection& operator=(const LeaderConnection&) = delete;

    /// Takes the leader lock if no other session holds it; says whether this session holds it.
    bool try_lock();
    /// Throws LeaderConnectionError unless the server answers on this session.
    void ping();
    /// Writes this instance's row: seen now, leading or not.
    void record(std::chrono::system_clock::time_point started_at, bool leading);
    /// Marks every other instance as not leading: called by a new leader, whose lock proves
    /// that their rows are stale.
    void clear_other_leaders();
    /// Every instance's row (name, started_at, last_seen, leads), by name.
    std::vector<InstanceSeen> instances();
    /// The server process of this session (for pg_terminate_backend in tests).
    int backend_pid() const;

private:
    void create_table();

    PGconn* conn_ = nullptr;
    std::string name_;
};

}  // namespace sitrep
