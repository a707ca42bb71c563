#pragma once

#include <memory>

#include "pipeline/service/operations.h"
#include "pipeline/service/leadership.h"
#include "pipeline/service/scheduler.h"

namespace Poco {
class ThreadPool;
namespace Net {
class TCPServer;
}
}  // namespace Poco

namespace sitrep {

/// The long-running service: the HTTP API and status page, the daily schedule, partner
/// pulls and mail delivery, over one Operations.
class Service {
public:
    Service(Config config, Templates templates);
    ~Service();

    /// Binds the HTTP port and starts the scheduler.
    void start();
    /// Stops accepting requests, finishes those under way, stops the scheduler.
    void stop();
    /// The bound port (useful with port 0).
    int port() const;

private:
    Operations ops_;
    std::unique_ptr<Leadership> leadership_;
    Scheduler scheduler_;
    std::unique_ptr<Poco::ThreadPool> pool_;
    std::unique_ptr<Poco::Net::TCPServer> http_;
};

}  // namespace sitrep
