#pragma once

#include <string>
#include <vector>

#include "pipeline/reconcile/facts.h"
#include "pipeline/model/report.h"

namespace sitrep {

/// The effective facts per indicator, area, breakdown and unit, and each group's choice: a
/// stock's latest fact, a flow's non-overlapping periods (a partner's longer total wins over
/// its shorter parts). Made once for both the figures and the totals' check. It points into
/// the facts it was made from, which must outlive it.
struct FactGroups {
    std::vector<const Fact*> facts;       ///< group after group, each in the order given
    std::vector<std::string> breakdowns;  ///< breakdown_key of each of `facts`
    std::vector<size_t> starts;           ///< where each group begins in `facts`, then the end
    std::vector<std::vector<const Fact*>> chosen;  ///< each group's choice
};

/// Groups the facts and makes each group's choice.
FactGroups group_facts(const std::vector<Fact>& facts);

/// The report's figures from the grouped facts: per indicator, area, unit and breakdown, the
/// latest value of a stock, or the sum of a flow over its chosen periods; then each flow per
/// month, and each stock reported in several months per month. Headlines come first.
std::vector<Figure> compute_figures(const FactGroups& groups);

/// The same, from the facts themselves.
std::vector<Figure> compute_figures(const std::vector<Fact>& facts);

/// The facts the figures are made of: every group's choice. A submission's totals are checked
/// on these, so that the register of three weeks ago stops raising its findings once a newer
/// one is in. They point into the facts the groups were made from.
std::vector<const Fact*> feeding_facts(const FactGroups& groups);

/// The same, from the facts themselves.
std::vector<const Fact*> feeding_facts(const std::vector<Fact>& facts);

}  // namespace sitrep
