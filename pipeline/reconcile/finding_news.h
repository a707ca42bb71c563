#pragma once

#include <vector>

#include "pipeline/model/finding.h"

namespace sitrep {

/// Marks each finding new, changed or persisting against the previous report's, with the
/// report since which it stands (`number` for a new one), and returns the previous findings
/// that no longer stand.
std::vector<Finding> mark_news(std::vector<Finding>& findings, const std::vector<Finding>& before,
                               int number);

}  // namespace sitrep
