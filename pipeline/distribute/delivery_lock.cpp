#include "pipeline/distribute/delivery_lock.h"

#include <Poco/Path.h>
#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <thread>

#include "pipeline/foundation/errors.h"

namespace sitrep {
namespace {

// The key of the delivery lock: a fixed number no other application sharing the database
// would choose ("sitrep m" in ASCII), and none of the store's own locks.
constexpr const char* kTryLock = "SELECT pg_try_advisory_lock(8316306221593272429)";
constexpr const char* kUnlock = "SELECT pg_advisory_unlock(8316306221593272429)";

// How often a waiting delivery asks again. Waiting in pg_advisory_lock instead would hold the
// connection, and with it every reader of the queue in this process, for the whole delivery
// of another machine.
constexpr auto kPollInterval = std::chrono::milliseconds(100);

}  // namespace

DeliveryLock::DeliveryLock(Database& db, std::mutex& connection_guard, const std::string& state_dir,
                           bool wait)
    : db_(db), guard_(connection_guard) {
    if (db.dialect() == Dialect::postgres) {
        while (!(held_ = try_advisory_lock()) && wait) std::this_thread::sleep_for(kPollInterval);
        return;
    }
    const std::string path = Poco::Path(state_dir).append("mail-queue.lock").toString();
    fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0) throw OutputError("cannot open " + path + ": " + std::strerror(errno));
    int r;
    do r = ::flock(fd_, wait ? LOCK_EX : LOCK_EX | LOCK_NB);
    while (r != 0 && errno == EINTR);
    held_ = r == 0;
    if (!held_ && errno != EWOULDBLOCK) {
        const int err = errno;
        ::close(fd_);
        throw OutputError("cannot lock " + path + ": " + std::strerror(err));
    }
}

DeliveryLock::~DeliveryLock() {
    if (fd_ >= 0) ::close(fd_);  // closing the descriptor releases the lock
    if (fd_ >= 0 || !held_) return;
    try {
        std::lock_guard lock(guard_);
        auto unlock = db_.prepare(kUnlock);
        unlock->next();
    } catch (const std::exception& e) {
        // A connection that broke has lost the lock with its session already.
        spdlog::warn("mail queue: cannot release the delivery lock on {}: {}", db_.description(),
                     e.what());
    }
}

bool DeliveryLock::try_advisory_lock() {
    std::lock_guard lock(guard_);
    auto take = db_.prepare(kTryLock);
    return take->next() && take->integer(0) != 0;
}

}  // namespace sitrep
