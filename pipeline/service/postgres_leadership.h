#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "pipeline/service/leader_connection.h"
#include "pipeline/service/leadership.h"

namespace sitrep {

/// How often a PostgresLeadership looks, and how long one good look lasts.
struct LeadershipTiming {
    /// A standby tries the lock, a leader checks its session, this often.
    std::chrono::milliseconds tick{2000};
    /// A leader leads for this long after its last good check, and a new leader waits this
    /// long after taking the lock before it leads. Must be longer than a tick plus a check.
    std::chrono::milliseconds lease{6000};
};

/// Leadership among the `sitrep serve` instances on one PostgreSQL database: the leader is
/// the instance whose session holds the advisory lock leader_lock_key().
///
/// A thread owns one dedicated session. While standing by it tries the lock every tick;
/// while leading it checks the session every tick, and when the session drops it stops
/// leading at once (the lock died with it) and reconnects. Each tick it also writes this
/// instance's row in the instances table, for the status page.
///
/// No two instances lead at once, even when a leader's check hangs on a dead network: a
/// leader leads only until `lease` after its last good check, and a new leader only from
/// `lease` after it took the lock, which the server frees only after the old session's last
/// good check. So a killed leader is replaced within about tick + lease (8 s); a leader whose
/// machine dies, once the server's keepalives drop its session (about 15 s), plus that.
class PostgresLeadership : public Leadership {
public:
    /// Starts standing by; `instance_name` must be unique among the instances on the database.
    /// Never throws for an unreachable server: it keeps trying, and says so in
    /// holder_description().
    PostgresLeadership(std::string url, std::string instance_name, LeadershipTiming timing = {});
    ~PostgresLeadership() override;
    PostgresLeadership(const PostgresLeadership&) = delete;
    PostgresLeadership& operator=(const PostgresLeadership&) = delete;

    bool leading() const override;
    std::string holder_description() const override;
    /// Stops the thread, marks this instance as not leading and closes the session, which
    /// frees the lock for a standby.
    void stop() override;

    /// The instances table as of the last tick.
    std::vector<InstanceSeen> instances() const;
    /// The server process of the current session, 0 when not connected (for tests).
    int backend_pid() const;

private:
    using Clock = std::chrono::steady_clock;

    void loop();
    void tick();
    void lose(const std::string& why);
    void describe(const std::vector<InstanceSeen>& seen);

    const std::string url_;
    const std::string name_;
    const LeadershipTiming timing_;
    const std::chrono::system_clock::time_point started_at_ = std::chrono::system_clock::now();

    std::unique_ptr<LeaderConnection> connection_;  // the thread's alone
    bool holds_lock_ = false;                       // the thread's alone

    mutable std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    Clock::time_point leads_from_ = Clock::time_point::max();
    Clock::time_point leads_until_ = Clock::time_point::min();
    std::string description_ = "not connected yet";
    std::string last_error_;
    std::vector<InstanceSeen> instances_;
    int backend_pid_ = 0;
    std::thread thread_;
};

}  // namespace sitrep
