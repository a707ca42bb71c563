#include "pipeline/service/service.h"

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/File.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/TCPServer.h>
#include <Poco/ThreadPool.h>
#include <Poco/URI.h>
#include <spdlog/spdlog.h>

#include <charconv>
#include <optional>
#include <regex>

#include "pipeline/foundation/errors.h"
#include "pipeline/service/head_deadline.h"
#include "pipeline/service/http_util.h"
#include <Poco/Net/DNS.h>

#include "pipeline/service/leadership_for.h"
#include "pipeline/service/metrics.h"
#include "pipeline/service/reports_api.h"
#include "pipeline/service/status_page.h"
#include "pipeline/service/upload.h"
#include "pipeline/store/database.h"

namespace sitrep {
namespace {

using Poco::Net::HTTPRequest;
using Poco::Net::HTTPResponse;
using Poco::Net::HTTPServerRequest;
using Poco::Net::HTTPServerResponse;

// A client has this long to send its request head; then it is answered 408 and closed. A
// real client sends its head in one packet; one that trickles it must not hold a worker.
constexpr int kHeadSeconds = 5;
// Workers and waiting connections: enough that fifty slow clients, each held for
// kHeadSeconds at most, leave workers for everyone else.
constexpr int kWorkers = 64;
constexpr int kQueued = 256;

// One handler routes by method and path: the API is small, and one place shows all of it.
class Router : public Poco::Net::HTTPRequestHandler {
public:
    Router(Operations& ops, Scheduler& scheduler) : ops_(ops), scheduler_(scheduler) {}

    void handleRequest(HTTPServerRequest& request, HTTPServerResponse& response) override {
        const std::string path = Poco::URI(request.getURI()).getPath();
        const std::string& method = request.getMethod();
        try {
            route(request, response, path, method);
        } catch (const StoreUnavailableError& e) {
            // Nothing was taken: the client sends again once the store is back.
            spdlog::warn("{} {}: {}", method, path, e.what());
            if (!response.sent()) {
                response.set("Retry-After", "30");
                send_error(response, HTTPResponse::HTTP_SERVICE_UNAVAILABLE,
                           "the store is unreachable; nothing was taken, try again later");
            }
        } catch (const std::exception& e) {
            spdlog::error("{} {}: {}", method, path, e.what());
            if (!response.sent())
                send_error(response, HTTPResponse::HTTP_INTERNAL_SERVER_ERROR, e.what());
        }
        spdlog::debug("{} {} -> {}", method, path, static_cast<int>(response.getStatus()));
    }

private:
    // The methods each route answers, for 405's Allow; nullopt for a path that is no route.
    // HEAD goes wherever GET goes: Poco then sends the head of the same answer.
    static std::optional<std::string> allowed(const std::string& path) {
        static const std::regex kReport(R"(/api/v1/reports/\d+(?:/(pdf|annex))?)");
        if (path == "/" || path == "/healthz" || path == "/metrics") return "GET, HEAD";
        if (path == "/api/v1/submissions") return "POST";
        if (path == "/api/v1/reports") return "GET, HEAD, POST";
        if (std::regex_match(path, kReport)) return "GET, HEAD";
        return std::nullopt;
    }

    void route(HTTPServerRequest& request, HTTPServerResponse& response, const std::string& path,
               const std::string& method_asked) {
        const auto allow = allowed(path);
        if (allow && (", " + *allow + ",").find(", " + method_asked + ",") == std::string::npos) {
            drain(request);
            response.set("Allow", *allow);
            return send_error(response, HTTPResponse::HTTP_METHOD_NOT_ALLOWED,
                              method_asked + " is not a method of " + path + " (" + *allow + ")");
        }
        const std::string method =
            method_asked == HTTPRequest::HTTP_HEAD ? HTTPRequest::HTTP_GET : method_asked;
        if (path == "/healthz") {
            send_json(response, HTTPResponse::HTTP_OK, "{\"status\": \"ok\"}\n");
            return;
        }
        const auto caller = authenticate(request, ops_.config());
        if (path == "/metrics") {
            // Not "public on loopback": a reverse proxy on the same host makes every client
            // loopback. The operator says so, or the scraper brings the operator's token.
            if (!ops_.config().metrics_public && !caller)
                return send_unauthorized(response, "the operator's token is needed");
            if (!ops_.config().metrics_public && !caller->operator_)
                return send_error(response, HTTPResponse::HTTP_FORBIDDEN, "operator only");
            response.setContentType("text/plain; version=0.0.4; charset=utf-8");
            response.send() << metrics_text(ops_);
            return;
        }
        if (!caller) {
            drain(request);
            return send_unauthorized(response, "a valid bearer token is needed");
        }
        static const std::regex kReport(R"(/api/v1/reports/(\d+)(?:/(pdf|annex))?)");
        std::smatch m;
        if (path == "/" && method == HTTPRequest::HTTP_GET) {
            if (!caller->operator_)
                return send_error(response, HTTPResponse::HTTP_FORBIDDEN, "operator only");
            status_page(request, response);
        } else if (path == "/api/v1/submissions" && method == HTTPRequest::HTTP_POST) {
            handle_upload(request, response, *caller, ops_.config());
        } else if (path == "/api/v1/reports" && method == HTTPRequest::HTTP_POST) {
            if (!caller->operator_)
                return drain(request), send_error(response, HTTPResponse::HTTP_FORBIDDEN,
                                  "only the operator can trigger a report");
            trigger_urgent(request, response, ops_);
            scheduler_.poke();
        } else if (path == "/api/v1/reports" && method == HTTPRequest::HTTP_GET) {
            list_reports(response, ops_);
        } else if (std::regex_match(path, m, kReport) && method == HTTPRequest::HTTP_GET) {
            send_report(request, response, m[1], m[2]);
        } else {
            drain(request);
            send_error(response, HTTPResponse::HTTP_NOT_FOUND, "no route " + method + " " + path);
        }
    }

    void send_report(HTTPServerRequest& request, HTTPServerResponse& response,
                     const std::string& digits, const std::string& what) {
        // More digits than an int holds name no report either.
        int number = 0;
        const auto [end, error] =
            std::from_chars(digits.data(), digits.data() + digits.size(), number);
        if (digits.empty() || error != std::errc() || end != digits.data() + digits.size())
            return send_error(response, HTTPResponse::HTTP_NOT_FOUND,
                              "report " + digits + " was never issued");
        get_report(request, response, ops_, number, what);
    }

    // The page, or with `?report=N[&file=pdf|annex][&lang=xx]` one of its links: a browser
    // that opened the page with ?token= can follow them, which it could not to the API.
    void status_page(HTTPServerRequest& request, HTTPServerResponse& response) {
        std::string report, file, token;
        for (const auto& [k, v] : Poco::URI(request.getURI()).getQueryParameters()) {
            if (k == "report") report = v;
            else if (k == "file") file = v;
            else if (k == "token") token = v;
        }
        if (!report.empty()) return send_report(request, response, report, file);
        // A client that authenticated with its header sends it again; links need no token.
        if (request.has("Authorization")) token.clear();
        response.setContentType("text/html; charset=utf-8");
        response.send() << status_page_html(ops_, token);
    }

    Operations& ops_;
    Scheduler& scheduler_;
};

class Factory : public Poco::Net::HTTPRequestHandlerFactory {
public:
    Factory(Operations& ops, Scheduler& scheduler) : ops_(ops), scheduler_(scheduler) {}
    Poco::Net::HTTPRequestHandler* createRequestHandler(const HTTPServerRequest&) override {
        return new Router(ops_, scheduler_);
    }

private:
    Operations& ops_;
    Scheduler& scheduler_;
};

}  // namespace

Service::Service(Config config, Templates templates)
    : ops_(std::move(config), std::move(templates)), scheduler_(ops_) {}

Service::~Service() { stop(); }

void Service::start() {
    const Config& c = ops_.config();
    if (c.operator_token.empty())
        throw ConfigError("[http] operator_token is required to serve (or operator_token_file)");
    // Uploads and pulls write into the inbox before any run would have created it.
    for (const auto& dir : {c.inbox, c.outbox, c.state}) Poco::File(dir).createDirectories();
    try {
        // SO_REUSEADDR (a restart need not wait for TIME_WAIT) but not SO_REUSEPORT, which
        // Poco's one-step constructor also sets: it lets a second service listen beside us.
        Poco::Net::ServerSocket socket;
        socket.bind(Poco::Net::SocketAddress(c.http_bind, c.http_port), true, false);
        socket.listen(kQueued);
        Poco::Net::HTTPServerParams::Ptr params = new Poco::Net::HTTPServerParams;
        params->setMaxThreads(kWorkers);
        params->setMaxQueued(kQueued);
        // One request per connection: the head deadline guards the first request only, and
        // a kept-alive connection could trickle its second one.
        params->setKeepAlive(false);
        // Longest silence while reading a body; a whole head is already there.
        params->setTimeout(Poco::Timespan(15, 0));
        pool_ = std::make_unique<Poco::ThreadPool>(2, kWorkers);
        http_ = std::make_unique<Poco::Net::TCPServer>(
            new HeadDeadlineFactory(params, new Factory(ops_, scheduler_),
                                    Poco::Timespan(kHeadSeconds, 0)),
            *pool_, socket, params);
        http_->start();
    } catch (const Poco::Exception& e) {
        throw ConfigError("[http] cannot listen on " + c.http_bind + ":" +
                          std::to_string(c.http_port) + ": " + e.displayText());
    }
    leadership_ = make_leadership(c, Poco::Net::DNS::hostName() + ":" + std::to_string(port()));
    ops_.set_leadership(leadership_.get());
    if (ops_.leading()) {
        try {
            ops_.catch_up_mail();
        } catch (const Error& e) {
            spdlog::error("mail catch-up: {}", e.what());
        }
    }
    scheduler_.start();
    spdlog::info("serving on http://{}:{}", c.http_bind, port());
}

void Service::stop() {
    if (http_) {
        // Stop accepting, then let the requests under way finish.
        http_->stop();
        pool_->joinAll();
        http_.reset();
        pool_.reset();
    }
    scheduler_.stop();
    // Last: the lock goes with the session, and a standby takes over at once.
    if (leadership_) leadership_->stop();
}

int Service::port() const { return http_ ? http_->port() : 0; }

}  // namespace sitrep
