// One configuration, one service: a second would listen beside it and issue every report twice.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "tests/e2e/service_process.h"

using namespace sitrep::test;

namespace {

// A loopback port that was free a moment ago.
int free_port() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(fd >= 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
    socklen_t len = sizeof a;
    REQUIRE(::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) == 0);
    ::close(fd);
    return ntohs(a.sin_port);
}

// `sitrep serve` that must give up by itself; `timeout` ends it (exit 124) if it serves instead.
CommandResult serve_briefly(const std::string& config) {
    return run("timeout 20 " + std::string(SITREP_BINARY) + " serve --config " + config);
}

}  // namespace

TEST_CASE("a second service on the same configuration refuses to start and names the first") {
    TempDir t;
    const std::string config = write_config(t, 0);
    ServiceProcess first(config);
    const auto second = serve_briefly(config);
    CHECK(second.exit_code == 75);
    CHECK_MESSAGE(second.output.find("PID " + std::to_string(first.pid())) != std::string::npos,
                  second.output);
    CHECK(http(first.port(), "GET", "/healthz").status == 200);
    // The lock goes with the process, however it ends: no stale lock after a SIGKILL.
    first.stop(SIGKILL);
    ServiceProcess third(config);
    CHECK(http(third.port(), "GET", "/healthz").status == 200);
}

TEST_CASE("a service does not share its port with another one") {
    TempDir a, b;
    const int port = free_port();
    const std::string listen = "[http]\nport = " + std::to_string(port) + "\n";
    ServiceProcess first(write_config(a, 0, 64, listen));
    REQUIRE(first.port() == port);
    const auto second = serve_briefly(write_config(b, 0, 64, listen));
    CHECK(second.exit_code == 78);
    CHECK_MESSAGE(second.output.find("cannot listen on 127.0.0.1:" + std::to_string(port)) !=
                      std::string::npos,
                  second.output);
}
