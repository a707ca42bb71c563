#pragma once

#include <atomic>
#include <chrono>
#include <string>

namespace sitrep {

/// Who runs the leader-only work (the daily report, the HTTP pulls, the mail queue) when
/// several `sitrep serve` share one database. Every instance accepts uploads and serves the
/// API and status page; only the leader does what must happen once.
///
/// How it is meant to be used: the service makes one Leadership when it starts (a
/// FileLeadership on SQLite, a PostgresLeadership on PostgreSQL) and keeps it for its life.
/// Before each leader-only job, and again right before a side effect a long job is about to
/// have (numbering a report, sending a mail), the scheduler asks leading() and skips the job
/// when it says no; a standby keeps its schedule ticking so that it can take over at once.
/// leading() is cheap enough to ask on every tick. stop() (or the destructor) when the
/// service stops hands the leadership over.
class Leadership {
public:
    virtual ~Leadership() = default;

    /// Whether this instance may run leader-only work now. Cheap and thread-safe.
    virtual bool leading() const = 0;
    /// Who leads, for the status page and the log ("this instance (web-2)", "web-1, seen
    /// 1 s ago", "no instance leads").
    virtual std::string holder_description() const = 0;
    /// Gives the leadership up for good; leading() says no from then on.
    virtual void stop() = 0;

    /// Waits until leading() says yes or the timeout passes; says which.
    bool wait_until_leading(std::chrono::milliseconds timeout) const;
};

/// The leadership of a service on SQLite: the InstanceLock already makes it the only service
/// on its state folder, so it leads from the start until stopped.
class FileLeadership : public Leadership {
public:
    /// Leads from now on.
    FileLeadership() = default;

    bool leading() const override;
    std::string holder_description() const override;
    void stop() override;

private:
    std::atomic<bool> stopped_{false};
};

}  // namespace sitrep
