#pragma once

#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>

#include <optional>
#include <string>

#include "pipeline/config/config.h"

namespace sitrep {

/// Who a request's bearer token says it is.
struct Caller {
    bool operator_ = false;
    std::string partner;  ///< the partner whose token it is, empty for the operator
};

/// The caller of a request (`Authorization: Bearer TOKEN`; `?token=` only for `GET /`, the
/// status page in a browser); nullopt when the token is missing or unknown. Constant time.
std::optional<Caller> authenticate(const Poco::Net::HTTPServerRequest& request,
                                   const Config& config);

/// Reads and discards what is left of a refused request's body (at most `limit` bytes), so
/// the client is not reset mid-upload and gets to read the answer.
void drain(Poco::Net::HTTPServerRequest& request, uint64_t limit = 16u << 20);

/// Sends a JSON body with a status.
void send_json(Poco::Net::HTTPServerResponse& response, Poco::Net::HTTPResponse::HTTPStatus status,
               const std::string& json);

/// Sends `{"error": message}` with a status.
void send_error(Poco::Net::HTTPServerResponse& response,
                Poco::Net::HTTPResponse::HTTPStatus status, const std::string& message);

/// Sends 401 with `WWW-Authenticate: Bearer`, which tells a client what credentials to bring.
void send_unauthorized(Poco::Net::HTTPServerResponse& response, const std::string& message);

/// Sends a file with its media type, or 404 when it does not exist.
void send_file(Poco::Net::HTTPServerResponse& response, const std::string& path,
               const std::string& media_type);

}  // namespace sitrep
