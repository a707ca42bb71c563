#pragma once

#include <string>

#include "pipeline/foundation/errors.h"

namespace sitrep {

/// Another `sitrep serve` holds the state folder (EX_TEMPFAIL: start again once it stopped).
class AlreadyRunningError : public Error {
public:
    using Error::Error;
    int exit_code() const override { return 75; }
};

/// One service per state folder: holds an exclusive lock on `STATE/serve.lock`, which says
/// this process's PID, for as long as the object (the process) lives. The kernel drops the
/// lock when the process ends however it ends, so a SIGKILL leaves no stale lock behind.
class InstanceLock {
public:
    /// Takes the lock; throws AlreadyRunningError naming the holder's PID when it is taken.
    explicit InstanceLock(const std::string& state_dir);
    ~InstanceLock();
    InstanceLock(const InstanceLock&) = delete;
    InstanceLock& operator=(const InstanceLock&) = delete;

private:
    int fd_ = -1;
};

}  // namespace sitrep
