#pragma once

#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <thread>

#include "pipeline/service/operations.h"

namespace sitrep {

/// The service's clock: the daily report at the configured local time, each partner's pull
/// on its interval, and mail delivery when mails are due. One thread; it sleeps until the
/// next thing to do, and a poke (an urgent report, an upload) wakes it early.
class Scheduler {
public:
    explicit Scheduler(Operations& ops);
    ~Scheduler();
    Scheduler(const Scheduler&) = delete;
    Scheduler& operator=(const Scheduler&) = delete;

    /// Starts the thread.
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
    void run_pulls(std::chrono::system_clock::time_point now);

    Operations& ops_;
    std::thread thread_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    bool poked_ = false;
    std::chrono::system_clock::time_point next_daily_;
    std::map<std::string, std::chrono::system_clock::time_point> next_pull_;
};

}  // namespace sitrep
