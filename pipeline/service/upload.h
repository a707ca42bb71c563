#pragma once

#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>

#include "pipeline/config/config.h"
#include "pipeline/service/http_util.h"

namespace sitrep {

/// `POST /api/v1/submissions`: stores a partner's multipart upload (field `file`) atomically in
/// the inbox, then validates it at once and answers what it will contribute (202) or what is
/// wrong with it (422; the file is kept and the next report lists it as not used). 413 past the
/// size limit, 403 for a file of another partner, 409 for a different file under a name
/// already received, 400 for a name that is not valid UTF-8 or holds a control character.
void handle_upload(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response,
                   const Caller& caller, const Config& config);

}  // namespace sitrep
