#include "pipeline/service/scheduler.h"

#include <spdlog/spdlog.h>

#include "pipeline/run/clock.h"
#include "pipeline/sources/http_pull.h"

namespace sitrep {
namespace {

using Clock = std::chrono::system_clock;

Clock::time_point next_daily_after(Clock::time_point t, const Config& config) {
    const auto hm = parse_hh_mm(config.daily_at);
    return next_daily_run(t, hm->first, hm->second, config.timezone);
}

}  // namespace

bool missed_daily(Clock::time_point now, const std::vector<ReportSummary>& reports,
                  const Config& config) {
    if (reports.empty()) return false;
    const Date today = local_time(now, config.timezone).date;
    // The next run is still today: today's time has not come yet.
    if (local_time(next_daily_after(now, config), config.timezone).date == today) return false;
    // Today's time: the first after this time yesterday.
    const auto due = next_daily_after(now - std::chrono::hours(24), config);
    bool existed = false;
    for (const auto& r : reports) {
        const auto issued = parse_iso_instant(r.issued_at);
        if (!issued) continue;
        if (r.kind == "daily" && local_time(*issued, config.timezone).date == today) return false;
        // Only an installation that had issued a report before today's time missed it: one
        // whose first report (an urgent one, say) came after had nothing due yet.
        if (*issued < due) existed = true;
    }
    return existed;
}

Scheduler::Scheduler(Operations& ops) : ops_(ops) {}

Scheduler::~Scheduler() { stop(); }

void Scheduler::start() {
    const auto now = Clock::now();
    next_daily_ = next_daily_after(now, ops_.config());
    // A standby catches up when it comes to lead (see loop).
    was_leading_ = ops_.leading();
    if (was_leading_) catch_up_daily(now);
    for (const auto& [name, p] : ops_.config().partners)
        if (!p.pull_url.empty() && p.pull_every_seconds > 0) next_pull_[name] = now;
    spdlog::info("next daily report at {}",
                 local_time(next_daily_, ops_.config().timezone).iso);
    thread_ = std::thread([this] { loop(); });
}

void Scheduler::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void Scheduler::poke() {
    {
        std::lock_guard lock(mutex_);
        poked_ = true;
    }
    wake_.notify_all();
}

Clock::time_point Scheduler::next_daily() const {
    std::lock_guard lock(mutex_);
    return next_daily_;
}

void Scheduler::run_daily() {
    try {
        RunOptions daily;
        daily.once_a_day = true;
        const RunResult r = ops_.issue(daily);
        spdlog::info("daily report {} issued", r.report.number);
    } catch (const AlreadyIssuedToday& e) {
        spdlog::info("{}", e.what());
    } catch (const std::exception& e) {
        // The service goes on; the next day's run (or an operator) tries again.
        spdlog::error("daily report failed: {}", e.what());
    }
}

// Runs before the thread starts, so that the report is issued once, before anything else,
// and a start that follows is already past it.
void Scheduler::catch_up_daily(Clock::time_point now) {
    const Config& c = ops_.config();
    if (!c.catch_up) return;
    try {
        if (!missed_daily(now, Store(c.store()).report_summaries(), c)) return;
        const std::string due = local_time(now, c.timezone).date.iso() + " " + c.daily_at;
        spdlog::warn("the daily report due at {} ({}) was not issued: the service was not "
                     "running; issuing it now, late",
                     due, c.timezone);
        // Once a day under the run lock: a leader whose run outlived its lease may be
        // issuing it right now.
        RunOptions late;
        late.once_a_day = true;
        const RunResult r = ops_.issue(late);
        ops_.note_late_daily({r.report.number, due, r.report.issued_at});
        spdlog::warn("daily report {} issued late (due at {} {})", r.report.number, due,
                     c.timezone);
    } catch (const AlreadyIssuedToday& e) {
        spdlog::info("{}", e.what());
    } catch (const std::exception& e) {
        // The service goes on; the next day's run (or an operator) tries again.
        spdlog::error("catching up the missed daily report failed: {}", e.what());
    }
}

// Becoming the leader, an instance finishes what the one before may have left: today's daily
// report if none was issued, and the mails of the last report if they were never queued.
void Scheduler::take_over(Clock::time_point now) {
    spdlog::info("this instance leads: it runs the daily report, the pulls and the mail queue");
    catch_up_daily(now);
    try {
        ops_.catch_up_mail();
    } catch (const std::exception& e) {
        spdlog::error("mail catch-up: {}", e.what());
    }
}

void Scheduler::run_pulls(Clock::time_point now) {
    for (auto& [name, due] : next_pull_) {
        if (now < due) continue;
        const PartnerConfig& p = ops_.config().partners.at(name);
        PullOptions options;
        options.inbox = ops_.config().inbox;
        options.state = ops_.config().state;
        options.reference_date = local_time(now, ops_.config().timezone).date;
        try {
            // pull_partner logs its own outcome, at the level it deserves.
            pull_partner(p, options);
        } catch (const std::exception& e) {
            spdlog::warn("pull {} failed: {}", name, e.what());
        }
        due = now + std::chrono::seconds(p.pull_every_seconds);
    }
}

void Scheduler::loop() {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
        auto wake_at = next_daily_;
        for (const auto& [name, due] : next_pull_) wake_at = std::min(wake_at, due);
        try {
            if (auto mail = ops_.mail().next_due()) wake_at = std::min(wake_at, *mail);
        } catch (const std::exception& e) {
            // An exception leaving this thread would end the whole service: log and look
            // again in a minute.
            spdlog::error("mail queue: {}", e.what());
            wake_at = std::min(wake_at, Clock::now() + std::chrono::minutes(1));
        }
        // A standby looks often whether it leads now: a takeover should not wait for a timer.
        if (!was_leading_) wake_at = std::min(wake_at, Clock::now() + kStandbyLook);
        // On a shared store other instances queue mails too (an urgent report triggered
        // there): the leader looks at the queue often enough to send them soon.
        else if (!ops_.config().store_url.empty())
            wake_at = std::min(wake_at, Clock::now() + kSharedQueueLook);
        wake_.wait_until(lock, wake_at, [this] { return stopping_ || poked_; });
        if (stopping_) break;
        poked_ = false;
        const auto now = Clock::now();
        const bool daily_due = now >= next_daily_;
        if (daily_due) next_daily_ = next_daily_after(now, ops_.config());
        lock.unlock();
        const bool leading = ops_.leading();
        if (leading && !was_leading_) take_over(now);
        if (!leading && was_leading_) spdlog::warn("this instance no longer leads: {}", ops_.leader());
        was_leading_ = leading;
        if (leading) {
            if (daily_due) run_daily();
            run_pulls(now);
            try {
                ops_.deliver();
            } catch (const std::exception& e) {
                spdlog::warn("mail delivery: {}", e.what());
            }
        } else if (daily_due) {
            spdlog::info("the daily report is the leader's to issue ({})", ops_.leader());
        }
        lock.lock();
    }
}

}  // namespace sitrep
