#include "pipeline/service/leadership.h"

#include <thread>

namespace sitrep {

bool Leadership::wait_until_leading(std::chrono::milliseconds timeout) const {
    // Polling, not a condition: a PostgresLeadership starts leading when a lease runs out,
    // a moment no thread signals.
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!leading()) {
        if (std::chrono::steady_clock::now() >= deadline) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return true;
}

bool FileLeadership::leading() const { return !stopped_; }

std::string FileLeadership::holder_description() const {
    return stopped_ ? "no instance leads (stopped)"
                    : "this instance (the only one on its state folder)";
}

void FileLeadership::stop() { stopped_ = true; }

}  // namespace sitrep
