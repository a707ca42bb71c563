#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sitrep {

/// How much a finding matters to the reader of the report.
enum class Severity { kInfo, kWarning, kError };

/// `info`, `warning` or `error`.
const char* to_string(Severity s);

/// The severity `to_string` wrote; anything else reads as a warning.
Severity severity_named(std::string_view name);

/// One data-quality problem found while reconciling; shown in the report, never silently fixed.
struct Finding {
    std::string kind;       ///< parts_vs_total, regions_vs_national, levels_vs_total, ...
    Severity severity = Severity::kWarning;
    std::string indicator;
    std::string area;
    std::string breakdown;  ///< the breakdown cell concerned (`sex=F`), empty for a total
    std::string period;     ///< the date or period concerned, yyyy-mm-dd or from..to
    std::string message;    ///< in English, with every number needed to check it
    double expected = 0;    ///< the figure the partner gave as total
    double actual = 0;      ///< what its parts sum to
    std::vector<std::string> sources;  ///< SHA-256 of the submissions involved
    std::string feed;       ///< the feed concerned, for late_partner and missing_partner
    /// new (not in the previous report) | changed (there, with other figures) | persisting
    std::string news = "new";
    int since = 0;          ///< the first report of the unbroken run this finding stands in
};

/// What identifies a finding from one report to the next: kind, feed, indicator, area,
/// breakdown and period; a feed's lateness is one finding while it lasts, whatever the day.
std::string finding_key(const Finding& f);

}  // namespace sitrep
