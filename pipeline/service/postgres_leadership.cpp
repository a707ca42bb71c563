#include "pipeline/service/postgres_leadership.h"

#include <spdlog/spdlog.h>

namespace sitrep {

PostgresLeadership::PostgresLeadership(std::string url, std::string instance_name,
                                       LeadershipTiming timing)
    : url_(std::move(url)), name_(std::move(instance_name)), timing_(timing) {
    thread_ = std::thread([this] { loop(); });
}

PostgresLeadership::~PostgresLeadership() { stop(); }

bool PostgresLeadership::leading() const {
    const auto now = Clock::now();
    std::lock_guard lock(mutex_);
    return !stopping_ && leads_from_ <= now && now < leads_until_;
}

std::string PostgresLeadership::holder_description() const {
    std::lock_guard lock(mutex_);
    return description_;
}

std::vector<InstanceSeen> PostgresLeadership::instances() const {
    std::lock_guard lock(mutex_);
    return instances_;
}

int PostgresLeadership::backend_pid() const {
    std::lock_guard lock(mutex_);
    return backend_pid_;
}

void PostgresLeadership::stop() {
    {
        std::lock_guard lock(mutex_);
        if (stopping_) return;
        stopping_ = true;
        leads_until_ = Clock::time_point::min();
        description_ = "this instance (" + name_ + ") stopped";
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
    if (connection_) {
        try {
            connection_->record(started_at_, false);
        } catch (const std::exception&) {
            // The row goes stale by itself; closing the session is what frees the lock.
        }
        connection_.reset();
    }
}

void PostgresLeadership::loop() {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
        lock.unlock();
        tick();
        lock.lock();
        wake_.wait_for(lock, timing_.tick, [this] { return stopping_; });
    }
}

void PostgresLeadership::tick() {
    try {
        if (!connection_) {
            connection_ = std::make_unique<LeaderConnection>(url_, name_);
            std::lock_guard lock(mutex_);
            backend_pid_ = connection_->backend_pid();
            last_error_.clear();
        }
        const auto checked_at = Clock::now();
        if (holds_lock_) {
            connection_->ping();
            std::lock_guard lock(mutex_);
            leads_until_ = checked_at + timing_.lease;
        } else if (connection_->try_lock()) {
            holds_lock_ = true;
            spdlog::info("leadership: {} took the leader lock; leads in {} ms", name_,
                         timing_.lease.count());
            connection_->clear_other_leaders();
            std::lock_guard lock(mutex_);
            // Whoever held the lock before may think it leads until its lease runs out.
            leads_from_ = checked_at + timing_.lease;
            leads_until_ = leads_from_;
        }
        connection_->record(started_at_, leading());
        describe(connection_->instances());
    } catch (const std::exception& e) {
        lose(e.what());
    }
}

void PostgresLeadership::lose(const std::string& why) {
    const bool was_leading = leading();
    connection_.reset();  // a broken session: the lock, if any, went with it
    holds_lock_ = false;
    std::lock_guard lock(mutex_);
    leads_from_ = Clock::time_point::max();
    leads_until_ = Clock::time_point::min();
    backend_pid_ = 0;
    description_ = "unknown: this instance (" + name_ + ") has no database session: " + why;
    if (was_leading) {
        spdlog::warn("{} (instance {} stops leading)", why, name_);
    } else if (why != last_error_) {
        spdlog::warn("{}", why);  // once per distinct error, not every tick
    }
    last_error_ = why;
}

void PostgresLeadership::describe(const std::vector<InstanceSeen>& seen) {
    const bool leads = leading();
    std::string description = "no instance leads";
    if (leads) {
        description = "this instance (" + name_ + ")";
    } else if (holds_lock_) {
        description = "this instance (" + name_ + "), from the end of the previous leader's lease";
    } else {
        const auto now = std::chrono::system_clock::now();
        for (const auto& instance : seen) {
            if (!instance.leading || instance.name == name_) continue;
            const auto ago =
                std::chrono::duration_cast<std::chrono::seconds>(now - instance.last_seen).count();
            description = instance.name + ", seen " + std::to_string(ago) + " s ago";
        }
    }
    std::lock_guard lock(mutex_);
    instances_ = seen;
    if (!stopping_) description_ = description;  // stop() has said its last word
}

}  // namespace sitrep
