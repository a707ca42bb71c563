#pragma once

#include <mutex>
#include <string>

#include "pipeline/store/database.h"

namespace sitrep {

/// "One process delivers at a time" for the mail queue of one store. On SQLite, a lock file in
/// the state folder (the folder is on one machine); on PostgreSQL, a session advisory lock on
/// the queue's own connection (several machines share the queue there). Either is released
/// when its holder dies (the kernel closes the file, the server ends the session), so a mail
/// found in `sending` by the holder was abandoned, not in flight.
class DeliveryLock {
public:
    /// Takes the lock of the queue in `db` (`state_dir` holds the SQLite lock file). `wait`:
    /// until it is free; otherwise only if it is free now (see `held`). `connection_guard` is
    /// the mutex its owner keeps around `db`, taken for each statement only, so that other
    /// threads can read the queue while this one waits.
    DeliveryLock(Database& db, std::mutex& connection_guard, const std::string& state_dir,
                 bool wait);
    ~DeliveryLock();
    DeliveryLock(const DeliveryLock&) = delete;
    DeliveryLock& operator=(const DeliveryLock&) = delete;

    /// Whether this object holds the lock.
    bool held() const { return held_; }

private:
    bool try_advisory_lock();

    Database& db_;
    std::mutex& guard_;
    int fd_ = -1;  ///< the lock file on SQLite; closing it releases the lock
    bool held_ = false;
};

}  // namespace sitrep
