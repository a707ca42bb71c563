#include "pipeline/service/metrics.h"

#include <map>

#include "pipeline/reconcile/inputs.h"
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

}  // namespace

std::string metrics_text(Operations& ops) {
    Store store(ops.config().state);
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
    sample(out, "sitrep_reports", "", static_cast<double>(store.reports().size()));
    family(out, "sitrep_reports_issued_total", "counter", "Reports issued by this process.");
    sample(out, "sitrep_reports_issued_total", "", ops.reports_issued());
    family(out, "sitrep_mails", "gauge", "Mails in the queue by status.");
    for (const auto& [status, n] : mails) sample(out, "sitrep_mails", "status=\"" + status + "\"", n);
    family(out, "sitrep_last_run_duration_seconds", "gauge", "Duration of the last report run.");
    sample(out, "sitrep_last_run_duration_seconds", "", ops.last_run_seconds());
    return out;
}

}  // namespace sitrep
