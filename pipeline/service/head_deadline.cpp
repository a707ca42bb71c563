#include "pipeline/service/head_deadline.h"

#include <Poco/Net/HTTPServerConnection.h>
#include <Poco/Net/TCPServerConnection.h>
#include <poll.h>
#include <sys/socket.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <thread>

namespace sitrep {
namespace {

// A head longer than this is refused: Poco's own limits are far larger, and a client could
// send this much at once and then trickle the rest past the deadline.
constexpr size_t kMaxHead = 64 * 1024;

enum class Head { complete, late, too_large, gone };

// Waits, without reading, until the socket holds a whole request head (up to the blank line).
// Peeking leaves the bytes for Poco to parse. SO_RCVLOWAT makes poll() wait for more bytes
// than were already looked at, instead of waking at once for the same incomplete head.
Head wait_for_head(int fd, std::chrono::milliseconds deadline) {
    const auto end = std::chrono::steady_clock::now() + deadline;
    static thread_local char buf[kMaxHead];
    int seen = 0;
    Head result = Head::late;
    for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                              end - std::chrono::steady_clock::now())
                              .count();
        if (left <= 0) break;
        const int want = seen + 1;
        ::setsockopt(fd, SOL_SOCKET, SO_RCVLOWAT, &want, sizeof want);
        pollfd p{fd, POLLIN | POLLRDHUP, 0};
        const int ready = ::poll(&p, 1, static_cast<int>(left));
        if (ready < 0 && errno == EINTR) continue;
        if (ready <= 0) break;
        const ssize_t n = ::recv(fd, buf, sizeof buf, MSG_PEEK | MSG_DONTWAIT);
        if (n < 0 && (errno == EAGAIN || errno == EINTR)) continue;
        if (n <= 0) {
            result = Head::gone;
            break;
        }
        if (::memmem(buf, static_cast<size_t>(n), "\r\n\r\n", 4) != nullptr ||
            ::memmem(buf, static_cast<size_t>(n), "\n\n", 2) != nullptr) {
            result = Head::complete;
            break;
        }
        if (static_cast<size_t>(n) >= kMaxHead) {
            result = Head::too_large;
            break;
        }
        if (p.revents & (POLLRDHUP | POLLERR | POLLHUP)) {
            result = Head::gone;
            break;
        }
        // Should SO_RCVLOWAT not hold poll() back, do not spin on the same bytes.
        if (n == seen) std::this_thread::sleep_for(std::chrono::milliseconds(20));
        seen = static_cast<int>(n);
    }
    // Poco reads with ordinary blocking receives, which SO_RCVLOWAT would hold back too.
    const int one = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_RCVLOWAT, &one, sizeof one);
    return result;
}

// Answers a refused head and closes without a reset: the unread bytes are read first, since
// closing a socket with unread data sends RST, which can make the client lose the answer.
void refuse(int fd, const char* status) {
    const std::string answer = std::string("HTTP/1.1 ") + status +
                               "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
    ::send(fd, answer.data(), answer.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    ::shutdown(fd, SHUT_WR);
    char buf[4096];
    for (int i = 0; i < 64 && ::recv(fd, buf, sizeof buf, MSG_DONTWAIT) > 0; ++i) {
    }
}

class HeadDeadlineConnection : public Poco::Net::TCPServerConnection {
public:
    HeadDeadlineConnection(const Poco::Net::StreamSocket& socket,
                           Poco::Net::HTTPServerParams::Ptr params,
                           Poco::Net::HTTPRequestHandlerFactory::Ptr handlers,
                           Poco::Timespan deadline)
        : TCPServerConnection(socket), params_(params), handlers_(handlers), deadline_(deadline) {}

    void run() override {
        const int fd = socket().impl()->sockfd();
        switch (wait_for_head(fd, std::chrono::milliseconds(deadline_.totalMilliseconds()))) {
            case Head::complete:
                Poco::Net::HTTPServerConnection(socket(), params_, handlers_).run();
                break;
            case Head::late: refuse(fd, "408 Request Timeout"); break;
            case Head::too_large: refuse(fd, "431 Request Header Fields Too Large"); break;
            case Head::gone: break;
        }
    }

private:
    Poco::Net::HTTPServerParams::Ptr params_;
    Poco::Net::HTTPRequestHandlerFactory::Ptr handlers_;
    Poco::Timespan deadline_;
};

}  // namespace

HeadDeadlineFactory::HeadDeadlineFactory(Poco::Net::HTTPServerParams::Ptr params,
                                         Poco::Net::HTTPRequestHandlerFactory::Ptr handlers,
                                         Poco::Timespan deadline)
    : params_(params), handlers_(handlers), deadline_(deadline) {}

Poco::Net::TCPServerConnection* HeadDeadlineFactory::createConnection(
    const Poco::Net::StreamSocket& socket) {
    return new HeadDeadlineConnection(socket, params_, handlers_, deadline_);
}

}  // namespace sitrep
