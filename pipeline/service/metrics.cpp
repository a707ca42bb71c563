#include "pipeline/service/metrics.h"

#include <chrono>
#include <map>

#include "pipeline/reconcile/inputs.h"
#include "pipeline/run/clock.h"
#include "pipeline/store/store.h"

namespace sitrep {
namespace {

// The text format is four kinds of line; a client library would add a dependency for that.
void family(std::string& out, const char* name, const char* type, const char* help) {
    out += std::string("# HELP ") + name + " " + help + "\n# TYPE " + name + " " + type + "\n";
}

void sample(std::string& out, const std::string& name, const std::string& labels, double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.17g", v);
    out += name + (labels.empty() ? "" : "{" + labels + "}") + " " + buf + "\n";
}

std::string label(const std::string& value) {
    std::string out;
    for (char c : value) {
        if (c == '\\' || c == '"') out += '\\';
        if (c == '\n') out += "\\n";
        else out += c;
    }
    return out;
}

double unix_seconds(const std::string& iso) {
    const auto t = parse_iso_instant(iso);
    return t ? std::chrono::duration<double>(t->time_since_epoch()).count() : 0;
}

// For alerts on silence: per partner and feed, the newest reference date among the files
// whose facts count, and when the last file of any status arrived.
void feed_freshness(std::string& out, const InputLedger& ledger, Date today) {
    std::map<std::pair<std::string, std::string>, Date> newest;
    std::map<std::pair<std::string, std::string>, double> received;
    for (const auto& in : ledger.inputs) {
        const std::pair<std::string, std::string> key{in.partner, in.feed};
        received[key] = std::max(received[key], unix_seconds(in.received_at));
        if (in.status == "used" && in.reference_date &&
            (!newest.count(key) || newest.at(key) < *in.reference_date))
            newest.insert_or_assign(key, *in.reference_date);
    }
    family(out, "sitrep_feed_data_age_days", "gauge",
           "Days from a feed's newest used data (its reference date) to today.");
    for (const auto& [key, date] : newest)
        sample(out, "sitrep_feed_data_age_days",
               "partner=\"" + label(key.first) + "\",feed=\"" + label(key.second) + "\"",
               today - date);
    family(out, "sitrep_feed_last_received_timestamp_seconds", "gauge",
           "When a feed's last file arrived (Unix time), whatever became of it.");
    for (const auto& [key, t] : received)
        sample(out, "sitrep_feed_last_received_timestamp_seconds",
               "partner=\"" + label(key.first) + "\",feed=\"" + label(key.second) + "\"", t);
}

}  // namespace

std::string metrics_text(Operations& ops) {
    Store store(ops.config().store());
    const auto ledger = classify_inputs(store.submissions(INT64_MAX), store.receipts(INT64_MAX));
    std::map<std::string, int> by_status = {{"used", 0}, {"duplicate", 0}, {"superseded", 0},
                                            {"rejected", 0}};
    for (const auto& in : ledger.inputs) ++by_status[in.status];
    std::map<std::string, int> mails = {{"queued", 0}, {"sending", 0}, {"sent", 0},
                                        {"in_doubt", 0}, {"failed", 0}};
    for (const auto& m : ops.mail().all()) ++mails[m.status];

    std::string out;
    family(out, "sitrep_submissions", "gauge", "Received files by status.");
    for (const auto& [status, n] : by_status)
        sample(out, "sitrep_submissions", "status=\"" + status + "\"", n);
    family(out, "sitrep_reports", "gauge", "Reports issued (all time).");
    const auto reports = store.report_summaries();
    sample(out, "sitrep_reports", "", static_cast<double>(reports.size()));
    if (!reports.empty()) {
        family(out, "sitrep_last_report_timestamp_seconds", "gauge",
               "When the newest report was issued (Unix time); only reports that were issued "
               "whole are recorded.");
        sample(out, "sitrep_last_report_timestamp_seconds", "",
               unix_seconds(reports.back().issued_at));
    }
    feed_freshness(out, ledger,
                   local_time(std::chrono::system_clock::now(), ops.config().timezone).date);
    family(out, "sitrep_reports_issued_total", "counter", "Reports issued by this process.");
    sample(out, "sitrep_reports_issued_total", "", ops.reports_issued());
    family(out, "sitrep_mails", "gauge", "Mails in the queue by status.");
    for (const auto& [status, n] : mails) sample(out, "sitrep_mails", "status=\"" + status + "\"", n);
    family(out, "sitrep_leader", "gauge",
           "1 when this instance runs the daily report, the pulls and the mail queue.");
    sample(out, "sitrep_leader", "", ops.leading() ? 1 : 0);
    family(out, "sitrep_last_run_duration_seconds", "gauge", "Duration of the last report run.");
    sample(out, "sitrep_last_run_duration_seconds", "", ops.last_run_seconds());
    return out;
}

}  // namespace sitrep
