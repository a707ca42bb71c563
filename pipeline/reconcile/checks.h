#pragma once

#include <vector>

#include "pipeline/model/finding.h"
#include "pipeline/reconcile/facts.h"
#include "pipeline/reconcile/rules.h"

namespace sitrep {

/// Checks each submission against itself: a partner's total against its parts by area
/// (regions against the nation, provinces against their region, unallocated parts counted),
/// and against its breakdowns (levels inside a total, sex, age, nationality). Every mismatch
/// is a finding; nothing is corrected.
std::vector<Finding> check_totals(const std::vector<Fact>& facts, const ReconcileRules& rules);

/// The same, on facts held elsewhere (feeding_facts' choice), which outlive the call.
std::vector<Finding> check_totals(const std::vector<const Fact*>& facts,
                                  const ReconcileRules& rules);

}  // namespace sitrep
