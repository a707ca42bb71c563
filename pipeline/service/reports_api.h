#pragma once

#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>

#include "pipeline/service/operations.h"

namespace sitrep {

/// The languages a report's PDFs are written in (the configured ones, else the templates').
std::vector<std::string> report_languages(const Operations& ops);

/// `GET /api/v1/reports`: every report issued, newest first, with links.
void list_reports(Poco::Net::HTTPServerResponse& response, const Operations& ops);

/// `GET /api/v1/reports/N`, `/N/pdf?lang=xx`, `/N/annex`: a report's manifest or files.
void get_report(const Poco::Net::HTTPServerRequest& request,
                Poco::Net::HTTPServerResponse& response, const Operations& ops, int number,
                const std::string& what);

/// `POST /api/v1/reports` with `{"reason": "..."}`: an operator's urgent report, issued and
/// sent at once; answers its number and links.
void trigger_urgent(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response,
                    Operations& ops);

}  // namespace sitrep
