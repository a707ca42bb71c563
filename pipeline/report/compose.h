#pragma once

#include <string>

#include "pipeline/reconcile/rules.h"
#include "pipeline/report/partner_status.h"
#include "pipeline/report/report_model.h"
#include "pipeline/store/store.h"

namespace sitrep {

/// What a report is, apart from the facts: its number, kind, time and what it may know.
struct ReportRequest {
    int number = 0;
    std::string kind = "daily";  ///< daily | urgent
    std::string reason;          ///< for an urgent report
    std::string issued_at;       ///< ISO 8601 with offset, Europe/Brussels
    Date as_of;
    std::string classification = "TLP:AMBER";
    std::string next_report;     ///< ISO 8601, may be empty
    int64_t max_sequence = 0;    ///< the submissions it may use: sequence <= this
    int64_t max_receipt = 0;     ///< the file names it has seen: receipt id <= this
    ReconcileRules rules;        ///< precedence, tolerances and checks
    std::vector<Cadence> cadences = expected_partners();  ///< whom we expect, how often
};

/// Builds report N from what the store knew: inputs and their status, the figures as of the
/// request's date with the previous report's values, findings, notes and partner status.
Report compose_report(const Store& store, const ReportRequest& request);

}  // namespace sitrep
