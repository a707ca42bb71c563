#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "pipeline/model/date.h"
#include "pipeline/reconcile/partner_status.h"
#include "pipeline/reconcile/reconciled_view.h"
#include "pipeline/reconcile/rules.h"
#include "pipeline/store/store.h"

namespace sitrep {

/// The report a new one is compared with: what it had seen and the values it published.
struct PublishedReport {
    int64_t max_sequence = 0;                ///< the submissions it was built from
    std::map<std::string, double> values;    ///< figure_key -> value
};

/// What reconciliation may know, and how it decides.
struct ReconcileRequest {
    Date as_of;
    int64_t max_sequence = 0;  ///< the submissions it may use: sequence <= this
    int64_t max_receipt = 0;   ///< the file names it has seen: receipt id <= this
    ReconcileRules rules;      ///< precedence, tolerances and checks
    std::vector<Cadence> cadences = expected_partners();  ///< whom we expect, how often
    PublishedReport previous;  ///< the report before, for revisions and changes
};

/// Reads what the store knew and reconciles it: input status, effective facts, figures with
/// their previous values, findings, notes as of the day, and each partner's timeliness.
ReconciledView reconcile(const Store& store, const ReconcileRequest& request);

}  // namespace sitrep
