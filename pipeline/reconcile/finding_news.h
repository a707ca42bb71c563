#pragma once

#include <vector>

#include "pipeline/model/finding.h"

namespace sitrep {

/// How a finding is matched with the previous report's, which decides whether it is news.
enum class NewsRule {
    /// By subject and period: a totals check on a newer stock is a new finding, and the one on
    /// the older stock is cleared (reports of reconciliation version 2).
    by_period,
    /// The same, except that a totals check whose subject had one finding before and has one
    /// now, on a later period, is that finding changed: it still stands since the report that
    /// first raised it, and nothing is cleared (a weekly register that keeps its nation above
    /// its regions is one standing finding, not a new one and a cleared one every week).
    by_subject,
};

/// Marks each finding new, changed or persisting against the previous report's, with the
/// report since which it stands (`number` for a new one), and returns the previous findings
/// that no longer stand.
std::vector<Finding> mark_news(std::vector<Finding>& findings, const std::vector<Finding>& before,
                               int number, NewsRule rule = NewsRule::by_subject);

}  // namespace sitrep
