#pragma once

#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/NameValueCollection.h>
#include <Poco/Net/SecureServerSocket.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/StreamCopier.h>
#include <Poco/ThreadPool.h>
#include <Poco/URI.h>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace sitrep::test {

/// One answer the test server gives.
struct ScriptedResponse {
    int status = 200;
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;  ///< e.g. {"ETag", "\"v1\""}
    /// Wait this long before answering, to try a client's timeout.
    std::chrono::milliseconds delay{0};
    /// Send without Content-Length, so that the client learns the size only by reading.
    bool chunked = false;
    /// Send half the body, then wait this long before the rest, to stall a client mid-body.
    std::chrono::milliseconds stall_midway{0};
};

/// A request the test server received.
struct RecordedRequest {
    std::string method;
    std::string uri;                         ///< path and query, as sent
    std::string path;                        ///< the path alone
    Poco::Net::NameValueCollection headers;  ///< names compare ignoring case
};

/// A real Poco HTTP server on 127.0.0.1 and a free port, answering each path from a script:
/// responses are given in order and the last one repeats; an unscripted path gets 404.
/// It records every request. Started by the constructor, stopped by the destructor.
class TestHttpServer {
public:
    /// Listens on a free loopback port, speaking HTTPS with `tls` when given (a server Context).
    explicit TestHttpServer(Poco::Net::Context::Ptr tls = nullptr)
        : scheme_(tls ? "https" : "http"),
          pool_(1, 4),
          server_(new Factory(*this), pool_, listen(tls), params()) {
        server_.start();
    }

    ~TestHttpServer() {
        {
            std::lock_guard lock(mutex_);
            stopping_ = true;
        }
        wake_.notify_all();
        server_.stopAll(true);
        pool_.joinAll();
    }

    TestHttpServer(const TestHttpServer&) = delete;
    TestHttpServer& operator=(const TestHttpServer&) = delete;

    /// The port the server listens on.
    std::uint16_t port() const { return server_.port(); }

    /// `http://127.0.0.1:PORT` (or https) followed by `path_and_query`.
    std::string url(const std::string& path_and_query) const {
        return scheme_ + "://127.0.0.1:" + std::to_string(port()) + path_and_query;
    }

    /// Appends answers for requests to `path` (the query is ignored).
    void script(const std::string& path, std::vector<ScriptedResponse> responses) {
        std::lock_guard lock(mutex_);
        for (auto& r : responses) scripts_[path].push_back(std::move(r));
    }

    /// Every request received so far, in order.
    std::vector<RecordedRequest> requests() const {
        std::lock_guard lock(mutex_);
        return requests_;
    }

    /// How many requests have been received so far.
    size_t request_count() const {
        std::lock_guard lock(mutex_);
        return requests_.size();
    }

private:
    class Handler : public Poco::Net::HTTPRequestHandler {
    public:
        explicit Handler(TestHttpServer& server) : server_(server) {}
        void handleRequest(Poco::Net::HTTPServerRequest& request,
                           Poco::Net::HTTPServerResponse& response) override {
            server_.answer(request, response);
        }

    private:
        TestHttpServer& server_;
    };

    class Factory : public Poco::Net::HTTPRequestHandlerFactory {
    public:
        explicit Factory(TestHttpServer& server) : server_(server) {}
        Poco::Net::HTTPRequestHandler* createRequestHandler(
            const Poco::Net::HTTPServerRequest&) override {
            return new Handler(server_);
        }

    private:
        TestHttpServer& server_;
    };

    static Poco::Net::ServerSocket listen(Poco::Net::Context::Ptr tls) {
        const Poco::Net::SocketAddress loopback("127.0.0.1", 0);
        if (tls) return Poco::Net::SecureServerSocket(loopback, 64, tls);
        return Poco::Net::ServerSocket(loopback);
    }

    static Poco::Net::HTTPServerParams::Ptr params() {
        Poco::Net::HTTPServerParams::Ptr p = new Poco::Net::HTTPServerParams;
        // One request per connection, so that no idle connection delays the shutdown.
        p->setKeepAlive(false);
        p->setMaxThreads(4);
        return p;
    }

    void answer(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) {
        RecordedRequest seen;
        seen.method = request.getMethod();
        seen.uri = request.getURI();
        seen.path = Poco::URI(request.getURI()).getPath();
        for (const auto& [name, value] : request) seen.headers.add(name, value);

        ScriptedResponse r;
        r.status = 404;
        r.body = "no script for this path\n";
        {
            std::lock_guard lock(mutex_);
            requests_.push_back(seen);
            if (auto it = scripts_.find(seen.path); it != scripts_.end() && !it->second.empty()) {
                r = it->second.front();
                if (it->second.size() > 1) it->second.pop_front();
            }
        }
        if (!pause(r.delay)) return;
        response.setStatusAndReason(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(r.status));
        for (const auto& [name, value] : r.headers) response.set(name, value);
        if (r.chunked)
            response.setChunkedTransferEncoding(true);
        else
            response.setContentLength64(static_cast<Poco::Int64>(r.body.size()));
        std::ostream& out = response.send();
        const auto half = static_cast<std::streamsize>(
            r.stall_midway.count() > 0 ? r.body.size() / 2 : r.body.size());
        out.write(r.body.data(), half).flush();
        if (!pause(r.stall_midway)) return;
        out.write(r.body.data() + half, static_cast<std::streamsize>(r.body.size()) - half);
    }

    // Waits on the condition, not in a plain sleep, so that the destructor can cut a slow answer
    // short; false when the server is stopping.
    bool pause(std::chrono::milliseconds how_long) {
        if (how_long.count() <= 0) return true;
        std::unique_lock lock(mutex_);
        return !wake_.wait_for(lock, how_long, [this] { return stopping_; });
    }

    std::string scheme_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::map<std::string, std::deque<ScriptedResponse>> scripts_;
    std::vector<RecordedRequest> requests_;
    Poco::ThreadPool pool_;
    Poco::Net::HTTPServer server_;
};

}  // namespace sitrep::test
