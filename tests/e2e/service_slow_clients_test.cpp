// Clients that send their request a byte at a time must not take the service from the others.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <atomic>
#include <memory>

#include "tests/e2e/service_process.h"

using namespace sitrep::test;

namespace {

// A loopback connection to `port`, or -1.
int connect_to(int port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) return -1;
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<uint16_t>(port));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

// Connections that send `at_once` whole, then one more byte of a request that never ends
// every half second, until destroyed (also when a REQUIRE leaves the test early).
class Trickle {
public:
    Trickle(int port, int count, const std::string& at_once = "") {
        for (int i = 0; i < count; ++i) {
            const int fd = connect_to(port);
            if (fd < 0) continue;
            fds_.push_back(fd);
            if (!at_once.empty()) ::send(fd, at_once.data(), at_once.size(), MSG_NOSIGNAL);
        }
        const bool body = !at_once.empty();
        thread_ = std::thread([this, body] {
            const std::string head =
                body ? "" : "GET /api/v1/reports HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ";
            for (size_t i = 0; !done_; ++i) {
                const char c = i < head.size() ? head[i] : 'a';
                for (int fd : fds_) ::send(fd, &c, 1, MSG_NOSIGNAL | MSG_DONTWAIT);
                for (int w = 0; w < 5 && !done_; ++w)
                    std::this_thread::sleep_for(std::chrono::milliseconds(100));
            }
        });
    }
    ~Trickle() {
        done_ = true;
        thread_.join();
        for (int fd : fds_) ::close(fd);
    }
    const std::vector<int>& fds() const { return fds_; }

private:
    std::vector<int> fds_;
    std::atomic<bool> done_{false};
    std::thread thread_;
};

}  // namespace

TEST_CASE("fifty clients trickling their headers a byte at a time do not stop the service answering") {
    TempDir t;
    ServiceProcess service(write_config(t, 0));
    auto slow = std::make_unique<Trickle>(service.port(), 50);
    REQUIRE(slow->fds().size() == 50);
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));

    const auto health = http_with(service.port(), "GET", "/healthz", {}, 5);
    CHECK_MESSAGE(health.status == 200, health.body);
    const auto reports = http_with(service.port(), "GET", "/api/v1/reports",
                                   {{"Authorization", std::string("Bearer ") + kOperator}}, 5);
    CHECK_MESSAGE(reports.status == 200, reports.body);

    // A slow client is let go within seconds, not held for as long as it keeps sending.
    pollfd p{slow->fds().front(), POLLIN, 0};
    REQUIRE(::poll(&p, 1, 30000) == 1);
    char buf[256];
    const ssize_t n = ::recv(slow->fds().front(), buf, sizeof buf, 0);
    if (n > 0) CHECK(std::string(buf, static_cast<size_t>(n)).find(" 408 ") != std::string::npos);

    slow.reset();
    CHECK(http_with(service.port(), "GET", "/healthz", {}, 5).status == 200);
}

TEST_CASE("clients trickling the body of a request they may not make do not hold the workers") {
    TempDir t;
    ServiceProcess service(write_config(t, 0));
    // More connections than workers, each with a whole head and a body that comes a byte at a
    // time: an upload without a token, answered 401 after a short, bounded drain.
    const std::string head =
        "POST /api/v1/submissions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
        "multipart/form-data; boundary=x\r\nContent-Length: 1000000\r\n\r\n";
    auto slow = std::make_unique<Trickle>(service.port(), 80, head);
    REQUIRE(slow->fds().size() == 80);
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));

    const auto health = http_with(service.port(), "GET", "/healthz", {}, 5);
    CHECK_MESSAGE(health.status == 200, health.body);
    // Each slow body is cut short: its client gets the 401 within seconds.
    pollfd p{slow->fds().back(), POLLIN, 0};
    REQUIRE(::poll(&p, 1, 10000) == 1);
    char buf[256];
    const ssize_t n = ::recv(slow->fds().back(), buf, sizeof buf, 0);
    REQUIRE(n > 0);
    CHECK(std::string(buf, static_cast<size_t>(n)).find(" 401 ") != std::string::npos);
}
