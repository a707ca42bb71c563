#include "pipeline/service/http_util.h"

#include <Poco/File.h>
#include <Poco/Net/HTMLForm.h>
#include <Poco/Path.h>
#include <Poco/URI.h>

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
    std::istream& in = request.stream();
    char buf[1 << 16];
    uint64_t read = 0;
    while (in && read < limit) {
        in.read(buf, sizeof buf);
        read += static_cast<uint64_t>(in.gcount());
    }
    // Past the limit the connection closes: better than reading a huge body for nothing.
    if (read >= limit) request.response().setKeepAlive(false);
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
