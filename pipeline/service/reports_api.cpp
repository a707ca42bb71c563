#include "pipeline/service/reports_api.h"

#include "pipeline/store/database.h"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTMLForm.h>
#include <Poco/Path.h>
#include <Poco/URI.h>
#include <spdlog/spdlog.h>

#include <sstream>

#include "pipeline/foundation/errors.h"
#include "pipeline/foundation/file_names.h"
#include "pipeline/report/json_writer.h"
#include "pipeline/service/http_util.h"

namespace sitrep {
namespace {

using Poco::Net::HTTPResponse;

void links(JsonWriter& w, int number, const std::vector<std::string>& langs) {
    const std::string base = "/api/v1/reports/" + std::to_string(number);
    w.begin_object("links");
    w.string("manifest", base);
    w.begin_object("pdf");
    for (const auto& l : langs) w.string(l, base + "/pdf?lang=" + l);
    w.end_object();
    w.string("annex", base + "/annex");
    w.end_object();
}

std::vector<std::string> languages(const Operations& ops) { return report_languages(ops); }

}  // namespace

std::vector<std::string> report_languages(const Operations& ops) {
    return ops.config().languages.empty() ? ops.templates().languages() : ops.config().languages;
}

void list_reports(Poco::Net::HTTPServerResponse& response, const Operations& ops) {
    Store store(ops.config().store());
    const auto reports = store.report_summaries();
    JsonWriter w;
    w.begin_object().begin_array("reports");
    for (auto it = reports.rbegin(); it != reports.rend(); ++it) {
        w.begin_object();
        w.number("number", it->number).string("kind", it->kind);
        w.string("issued_at", it->issued_at).string("as_of", it->as_of);
        if (!it->reason.empty()) w.string("reason", it->reason);
        links(w, it->number, languages(ops));
        w.end_object();
    }
    w.end_array().end_object();
    send_json(response, HTTPResponse::HTTP_OK, w.str() + "\n");
}

void get_report(const Poco::Net::HTTPServerRequest& request,
                Poco::Net::HTTPServerResponse& response, const Operations& ops, int number,
                const std::string& what) {
    Store store(ops.config().store());
    const auto stored = store.report(number);
    if (!stored) {
        send_error(response, HTTPResponse::HTTP_NOT_FOUND,
                   "report " + std::to_string(number) + " was never issued");
        return;
    }
    const std::string stem = Poco::Path(ops.config().outbox, report_stem(number)).toString();
    if (what.empty()) {
        send_json(response, HTTPResponse::HTTP_OK, stored->manifest);
    } else if (what == "pdf") {
        std::string lang = languages(ops).front();
        for (const auto& [k, v] : Poco::URI(request.getURI()).getQueryParameters())
            if (k == "lang") lang = v;
        if (lang.size() != 2 || !std::isalpha(static_cast<unsigned char>(lang[0])) ||
            !std::isalpha(static_cast<unsigned char>(lang[1]))) {
            send_error(response, HTTPResponse::HTTP_BAD_REQUEST, "lang must be like nl, fr, en");
            return;
        }
        send_file(response, stem + "." + lang + ".pdf", "application/pdf");
    } else if (what == "annex") {
        send_file(response, stem + ".annex.xlsx",
                  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    } else {
        send_error(response, HTTPResponse::HTTP_NOT_FOUND, "no such resource: " + what);
    }
}

void trigger_urgent(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response,
                    Operations& ops) {
    std::string reason;
    const std::string type = request.getContentType();
    if (type.find("json") != std::string::npos) {
        std::stringstream body;
        body << request.stream().rdbuf();
        try {
            auto o = Poco::JSON::Parser().parse(body.str()).extract<Poco::JSON::Object::Ptr>();
            reason = o->optValue<std::string>("reason", "");
        } catch (const Poco::Exception& e) {
            send_error(response, HTTPResponse::HTTP_BAD_REQUEST, "body is not JSON: " + e.displayText());
            return;
        }
    } else {
        Poco::Net::HTMLForm form(request, request.stream());
        reason = form.get("reason", "");
    }
    if (reason.empty()) {
        send_error(response, HTTPResponse::HTTP_BAD_REQUEST,
                   "an urgent report needs a reason: {\"reason\": \"...\"}");
        return;
    }
    RunOptions options;
    options.kind = "urgent";
    options.reason = reason;
    try {
        const RunResult result = ops.issue(options);
        spdlog::warn("urgent report {} issued: {}", result.report.number, reason);
        JsonWriter w;
        w.begin_object();
        w.number("number", result.report.number).string("kind", "urgent").string("reason", reason);
        w.string("issued_at", result.report.issued_at);
        links(w, result.report.number, languages(ops));
        w.end_object();
        response.set("Location", "/api/v1/reports/" + std::to_string(result.report.number));
        send_json(response, HTTPResponse::HTTP_CREATED, w.str() + "\n");
    } catch (const StoreUnavailableError&) {
        throw;  // the router answers 503 with Retry-After: nothing was issued
    } catch (const Error& e) {
        spdlog::error("urgent report failed: {}", e.what());
        send_error(response, HTTPResponse::HTTP_INTERNAL_SERVER_ERROR, e.what());
    }
}

}  // namespace sitrep
