#include "pipeline/service/instance_lock.h"

#include <Poco/File.h>
#include <Poco/Path.h>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace sitrep {

InstanceLock::InstanceLock(const std::string& state_dir) {
    Poco::File(state_dir).createDirectories();
    const std::string path = Poco::Path(state_dir, "serve.lock").toString();
    fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0) throw OutputError("cannot open " + path + ": " + std::strerror(errno));
    if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
        const int err = errno;
        char buf[32] = {};
        const ssize_t n = ::pread(fd_, buf, sizeof buf - 1, 0);
        std::string pid = n > 0 ? std::string(buf, static_cast<size_t>(n)) : "";
        while (!pid.empty() && (pid.back() == '\n' || pid.back() == ' ')) pid.pop_back();
        ::close(fd_);
        fd_ = -1;
        if (err != EWOULDBLOCK)
            throw OutputError("cannot lock " + path + ": " + std::strerror(err));
        // The holder may not have written its PID yet, in the instant after taking the lock.
        throw AlreadyRunningError("sitrep serve is already running on the state folder " +
                                  state_dir + " (PID " + (pid.empty() ? "unknown" : pid) +
                                  ", holding " + path + "); stop it before starting another");
    }
    const std::string pid = std::to_string(::getpid()) + "\n";
    if (::ftruncate(fd_, 0) != 0 || ::pwrite(fd_, pid.data(), pid.size(), 0) < 0)
        throw OutputError("cannot write " + path + ": " + std::strerror(errno));
}

InstanceLock::~InstanceLock() {
    if (fd_ < 0) return;
    // Emptied, not removed: removing a lock file lets a waiting process lock the old inode
    // while a new one locks a new file.
    if (::ftruncate(fd_, 0) != 0) {
    }
    ::close(fd_);
}

}  // namespace sitrep
