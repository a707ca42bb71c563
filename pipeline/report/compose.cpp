#include "pipeline/report/compose.h"

#include <map>
#include <set>

#include "pipeline/model/indicators.h"
#include "pipeline/reconcile/checks.h"
#include "pipeline/reconcile/facts.h"
#include "pipeline/reconcile/figures.h"
#include "pipeline/reconcile/inputs.h"
#include "pipeline/report/manifest.h"
#include "pipeline/report/partner_status.h"

namespace sitrep {
namespace {

// The figures of the newest report before `number`, keyed for lookup.
std::map<std::string, double> previous_values(const Store& store, int number) {
    std::optional<StoredReport> previous;
    for (auto& r : store.reports())
        if (r.number < number) previous = std::move(r);
    if (!previous) return {};
    std::map<std::string, double> out;
    for (const auto& f : read_manifest_figures(previous->manifest))
        out[figure_key(f)] = f.value;
    return out;
}

}  // namespace

Report compose_report(const Store& store, const ReportRequest& request) {
    Report report;
    report.number = request.number;
    report.kind = request.kind;
    report.reason = request.reason;
    report.issued_at = request.issued_at;
    report.as_of = request.as_of;
    report.classification = request.classification;
    report.next_report = request.next_report;

    const auto submissions = store.submissions(request.max_sequence);
    const auto ledger = classify_inputs(submissions, store.receipts(request.max_receipt));
    report.inputs = ledger.inputs;
    const std::vector<std::string> used(ledger.used.begin(), ledger.used.end());

    std::vector<Fact> facts =
        effective_facts(store.observations(used), submissions, request.as_of);
    add_derived_totals(facts);
    report.figures = compute_figures(facts);
    report.findings = check_totals(facts);

    const auto previous = previous_values(store, request.number);
    for (auto& f : report.figures)
        if (auto it = previous.find(figure_key(f)); it != previous.end()) f.previous = it->second;

    for (auto& note : store.notes(used))
        if (auto d = Date::parse_iso(note.date); d && *d <= request.as_of)
            report.notes.push_back(std::move(note));
    report.partners = partner_statuses(submissions, ledger, request.as_of);
    return report;
}

}  // namespace sitrep
