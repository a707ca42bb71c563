#pragma once

#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

#include "pipeline/service/operations.h"
#include "pipeline/store/store.h"

namespace sitrep {

/// Whether today's daily report (in the configured zone) was missed: its time has passed, no
/// daily report was issued today, and some report was issued before (a fresh installation
/// has missed nothing).
bool missed_daily(std::chrono::system_clock::time_point now,
                  const std::vector<ReportSummary>& reports, const Config& config);

/// The service's clock: the daily report at the configured local time, each partner's pull
/// on its interval, and mail delivery when mails are due. One thread; it sleeps until the
/// next thing to do, and a poke (an urgent report, an upload) wakes it early.
class Scheduler {
public:
    explicit Scheduler(Operations& ops);
    ~Scheduler();
    Scheduler(const Scheduler&) = delete;
    Scheduler& operator=(const Scheduler&) = delete;

    /// Issues today's daily report late if it was missed (see missed_daily and
    /// `[report] catch_up`), then starts the thread.
    void start();
    /// Stops the thread after what it is doing now.
    void stop();
    /// Wakes the thread to look at the mail queue now.
    void poke();
    /// When the next daily report runs.
    std::chrono::system_clock::time_point next_daily() const;

private:
    void loop();
    void run_daily();
    void catch_up_daily(std::chrono::system_clock::time_point now);
    void run_pulls(std::chrono::system_clock::time_point now);
    void take_over(std::chrono::system_clock::time_point now);

    /// How often a standby asks whether it leads now.
    static constexpr std::chrono::seconds kStandbyLook{1};
    /// How often the leader of a shared store looks at the mail queue, whoever filled it.
    static constexpr std::chrono::seconds kSharedQueueLook{10};

    Operations& ops_;
    std::thread thread_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    bool poked_ = false;
    bool was_leading_ = false;
    std::chrono::system_clock::time_point next_daily_;
    std::map<std::string, std::chrono::system_clock::time_point> next_pull_;
};

}  // namespace sitrep
