#pragma once

#include <vector>

#include "pipeline/model/finding.h"
#include "pipeline/reconcile/facts.h"
#include "pipeline/reconcile/rules.h"

namespace sitrep {

/// Checks each indicator's series per area over time: a cumulative count that goes down, and a
/// value far off the months before it (an implausible jump, often a typo or a changed scope).
/// A flow's month counts only once it is whole: over by `as_of`, and reached by its data.
std::vector<Finding> check_series(const std::vector<Fact>& facts, const ReconcileRules& rules,
                                  Date as_of);

/// Checks each share a partner sent against the counts it can be computed from (a share of a
/// breakdown cell in its total): beyond the rounding tolerance it is a finding.
std::vector<Finding> check_shares(const std::vector<Fact>& facts, const ReconcileRules& rules);

}  // namespace sitrep
