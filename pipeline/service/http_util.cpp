#include "pipeline/service/http_util.h"

#include <Poco/File.h>
#include <Poco/Net/HTMLForm.h>
#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/Path.h>
#include <Poco/Timespan.h>
#include <Poco/URI.h>

#include <algorithm>
#include <chrono>
#include <fstream>

#include "pipeline/report/json_writer.h"

namespace sitrep {
namespace {

// Constant-time comparison, so that a token cannot be guessed byte by byte from timings.
bool same(const std::string& a, const std::string& b) {
    if (a.size() != b.size() || a.empty()) return false;
    unsigned char diff = 0;
    for (size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
    return diff == 0;
}

// A token in a URL ends up in logs, histories and Referer headers, and a link can make a
// browser send it: only the status page, read-only, takes one, because a browser cannot send
// a header from the address bar. Everything else reads the Authorization header alone.
std::string token_of(const Poco::Net::HTTPServerRequest& request) {
    const std::string auth = request.get("Authorization", "");
    if (auth.rfind("Bearer ", 0) == 0) return auth.substr(7);
    if (!auth.empty() || request.getMethod() != Poco::Net::HTTPRequest::HTTP_GET) return "";
    Poco::URI uri(request.getURI());
    if (uri.getPath() != "/") return "";
    for (const auto& [k, v] : uri.getQueryParameters())
        if (k == "token") return v;
    return "";
}

}  // namespace

std::optional<Caller> authenticate(const Poco::Net::HTTPServerRequest& request,
                                   const Config& config) {
    const std::string token = token_of(request);
    if (token.empty()) return std::nullopt;
    if (same(token, config.operator_token)) return Caller{true, ""};
    for (const auto& [name, partner] : config.partners)
        if (same(token, partner.token)) return Caller{false, name};
    return std::nullopt;
}

void drain(Poco::Net::HTTPServerRequest& request, uint64_t limit) {
    // A body nobody will use is read for a moment at most, so that the client sees the answer
    // rather than a reset; one that is large or comes slowly must not hold a worker: past
    // 64 KiB or about two seconds the connection closes instead.
    constexpr uint64_t kMaxBytes = 64 * 1024;
    const uint64_t cap = std::min(limit, kMaxBytes);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(1);
    if (auto* impl = dynamic_cast<Poco::Net::HTTPServerRequestImpl*>(&request))
        impl->socket().setReceiveTimeout(Poco::Timespan(1, 0));  // bounds each wait for bytes
    std::istream& in = request.stream();
    bool whole = false;
    // Byte by byte from the stream's buffer: each refill is one receive, so the deadline is
    // checked however slowly the bytes come.
    for (uint64_t read = 0; read <= cap && std::chrono::steady_clock::now() < deadline; ++read) {
        if (in.get() == std::char_traits<char>::eof()) {
            whole = in.eof() && !in.bad();
            break;
        }
    }
    if (!whole) request.response().setKeepAlive(false);
}

void send_json(Poco::Net::HTTPServerResponse& response, Poco::Net::HTTPResponse::HTTPStatus status,
               const std::string& json) {
    response.setStatusAndReason(status);
    response.setContentType("application/json; charset=utf-8");
    response.setContentLength(static_cast<std::streamsize>(json.size()));
    response.send() << json;
}

void send_error(Poco::Net::HTTPServerResponse& response,
                Poco::Net::HTTPResponse::HTTPStatus status, const std::string& message) {
    JsonWriter w;
    w.begin_object().string("error", message).end_object();
    send_json(response, status, w.str() + "\n");
}

void send_unauthorized(Poco::Net::HTTPServerResponse& response, const std::string& message) {
    response.set("WWW-Authenticate", "Bearer");
    send_error(response, Poco::Net::HTTPResponse::HTTP_UNAUTHORIZED, message);
}

void send_file(Poco::Net::HTTPServerResponse& response, const std::string& path,
               const std::string& media_type) {
    if (!Poco::File(path).exists()) {
        send_error(response, Poco::Net::HTTPResponse::HTTP_NOT_FOUND,
                   Poco::Path(path).getFileName() + " does not exist");
        return;
    }
    response.set("Content-Disposition",
                 "attachment; filename=\"" + Poco::Path(path).getFileName() + "\"");
    response.sendFile(path, media_type);
}

}  // namespace sitrep
