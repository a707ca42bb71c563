#pragma once

#include <vector>

#include "pipeline/reconcile/facts.h"
#include "pipeline/model/report.h"

namespace sitrep {

/// The report's figures from the effective facts: per indicator, area, unit and breakdown,
/// the latest value of a stock, or the sum of a flow over non-overlapping periods (a
/// partner's longer total wins over its shorter parts); then each flow per month, and each
/// stock reported in several months per month. Headlines come first.
std::vector<Figure> compute_figures(const std::vector<Fact>& facts);

/// The facts the figures are made of: per indicator, area, unit and breakdown, a stock's latest
/// fact and a flow's chosen periods. A submission's totals are checked on these, so that the
/// register of three weeks ago stops raising its findings once a newer one is in. They point
/// into `facts`.
std::vector<const Fact*> feeding_facts(const std::vector<Fact>& facts);

}  // namespace sitrep
