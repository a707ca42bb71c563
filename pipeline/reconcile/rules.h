#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

namespace sitrep {

/// How often a feed is expected, and how old its newest data may be.
struct Cadence {
    std::string partner;
    std::string feed;  ///< a feed id (`dvz.decisions`, `education.hxl`); empty: every feed of
                       ///< the partner (a partner's cadence set in the configuration)
    int every_days;    ///< 1 daily, 7 weekly, 31 monthly
    int grace_days;    ///< days after the end of its newest period before it counts as late
};

/// How reconciliation decides and what it checks, read from `rules/reconcile.ini`.
struct ReconcileRules {
    /// indicator -> partners in order of authority (the first wins a conflict)
    std::map<std::string, std::vector<std::string>> precedence;
    /// indicator -> how far two sources may differ before it is a conflict
    std::map<std::string, double> tolerance;
    double default_tolerance = 0;
    /// feeds whose files hold disjoint records, so that their flows always add up
    std::set<std::string> additive_feeds;
    /// indicators whose counts only grow
    std::set<std::string> cumulative;  ///< from the catalogue (and old rules snapshots)
    /// indicator -> the levels inside its total
    std::map<std::string, std::set<std::string>> levels_inside;
    /// breakdown dimensions whose values together make the total
    std::set<std::string> partitions = {"sex", "age", "nationality"};
    double jump_factor_up = 4;
    double jump_factor_down = 10;
    int jump_window = 3;
    double jump_min_change = 100;
    double share_tolerance = 0.005;
    /// `[cadence]`: every feed whose timeliness is watched, in the rules' order
    std::vector<Cadence> cadences;

    /// The tolerance for an indicator.
    double tolerance_for(const std::string& indicator) const;
    /// The rank of a partner for an indicator: 0 is the most authoritative; unlisted partners
    /// come after the listed ones.
    size_t rank(const std::string& indicator, const std::string& partner) const;
};

/// Reads a rules file; throws ConfigError naming the file, line and problem.
ReconcileRules load_rules(const std::string& path);

/// The rules shipped with the project (`rules/reconcile.ini` in the source tree).
std::string default_rules_path();

}  // namespace sitrep
