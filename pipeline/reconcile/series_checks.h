#pragma once

#include <vector>

#include "pipeline/model/finding.h"
#include "pipeline/reconcile/facts.h"
#include "pipeline/reconcile/rules.h"

namespace sitrep {

/// Which of a flow's months are whole, and so compared and averaged; partial ones are neither.
enum class WholeMonths {
    /// Over by the report's day, and for each partner whose facts it sums, that partner's data
    /// of the indicator begins on or before its first day and reaches its last (a gap inside
    /// the month is not seen): a feed whose first file starts on the 10th has a partial first
    /// month, and a partner behind the others has partial months of its own.
    covered_by_partner,
    /// Reconciliation version 3 and before: over, and reached to its last day by any data of
    /// the indicator; a month the data began in the middle of counted as whole.
    reached_by_indicator,
};

/// Checks each indicator's series per area over time: a cumulative count that goes down, and a
/// value far off the months before it (an implausible jump, often a typo or a changed scope).
/// A flow's month counts only once it is whole, as `whole` says.
std::vector<Finding> check_series(const std::vector<Fact>& facts, const ReconcileRules& rules,
                                  Date as_of,
                                  WholeMonths whole = WholeMonths::covered_by_partner);

/// Checks each share a partner sent against the counts it can be computed from (a share of a
/// breakdown cell in its total): beyond the rounding tolerance it is a finding.
std::vector<Finding> check_shares(const std::vector<Fact>& facts, const ReconcileRules& rules);

}  // namespace sitrep
