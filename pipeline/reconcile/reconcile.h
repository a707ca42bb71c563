#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "pipeline/model/date.h"
#include "pipeline/reconcile/finding_news.h"
#include "pipeline/reconcile/partner_status.h"
#include "pipeline/reconcile/reconciled_view.h"
#include "pipeline/reconcile/rules.h"
#include "pipeline/reconcile/series_checks.h"
#include "pipeline/store/store.h"

namespace sitrep {

/// What reconciliation may know, and how it decides.
struct ReconcileRequest {
    int number = 0;            ///< the report's number: since when a new finding stands
    Date as_of;
    std::optional<Date> watched_since;  ///< the first report's day: when feeds became due
    int64_t max_sequence = 0;  ///< the submissions it may use: sequence <= this
    int64_t max_receipt = 0;   ///< the file names it has seen: receipt id <= this
    ReconcileRules rules;      ///< precedence, tolerances and checks
    std::vector<Cadence> cadences;  ///< which feeds we expect, how often
    PublishedFigures previous;  ///< the report before, for revisions and changes
    NewsRule news = NewsRule::by_subject;  ///< how findings are matched with `previous`'s
    WholeMonths whole_months = WholeMonths::covered_by_partner;  ///< which months are compared
};

/// Reads what the store knew and reconciles it: input status, effective facts, figures with
/// their previous values, findings, notes as of the day, and each partner's timeliness.
ReconciledView reconcile(const Store& store, const ReconcileRequest& request);

}  // namespace sitrep
