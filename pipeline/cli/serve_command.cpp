#include "pipeline/cli/serve_command.h"

#include "pipeline/catalogue/active_catalogue.h"

#include <Poco/Util/ServerApplication.h>
#include <spdlog/spdlog.h>

#include <csignal>
#include <iostream>
#include <thread>

#include "pipeline/foundation/errors.h"
#include "pipeline/service/instance_lock.h"
#include "pipeline/service/service.h"

namespace sitrep {
namespace {

class ServeApplication : public Poco::Util::ServerApplication {
public:
    ServeApplication(const Config& config, const Templates& templates)
        : config_(config), templates_(templates) {}

protected:
    int main(const std::vector<std::string>&) override {
        Service service(config_, templates_);
        try {
            service.start();
        } catch (const Error& e) {
            // Application::run would make any exception exit 70; keep the error's own code
            // (78 for a port already taken).
            spdlog::error("{}", e.what());
            return e.exit_code();
        }
        // Tests and scripts read the bound port from here when the configuration says 0.
        std::cout << "listening on " << config_.http_bind << ":" << service.port() << std::endl;
        waitForTerminationRequest();
        spdlog::info("termination requested; stopping");
        service.stop();
        return EXIT_OK;
    }

private:
    const Config& config_;
    const Templates& templates_;
};

}  // namespace

int serve(const Config& config, const Templates& templates) {
    // Checked here, not only in the service: Poco's Application::run turns exceptions into a
    // generic exit code, and an operator needs the key's name and EX_CONFIG.
    if (config.operator_token.empty())
        throw ConfigError("[http] operator_token (or operator_token_file) is required to serve");
    // Before the port is bound: a second service on one state folder would issue every
    // daily report twice. Held until the process ends.
    const InstanceLock lock(config.state);
    // Block the termination signals before any thread starts, so that every thread inherits
    // the mask and the signal reaches waitForTerminationRequest instead of killing the process.
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGQUIT);
    sigaddset(&set, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
    // SIGHUP: read the catalogue again now (edits are also seen within a second on their own).
    std::thread([] {
        sigset_t hup;
        sigemptyset(&hup);
        sigaddset(&hup, SIGHUP);
        for (int sig = 0;;)
            if (sigwait(&hup, &sig) == 0) {
                spdlog::info("SIGHUP: reading the catalogue again");
                reload_catalogue();
            }
    }).detach();
    ServeApplication app(config, templates);
    return app.run(std::vector<std::string>{"sitrep serve"});
}

}  // namespace sitrep
