#pragma once

#include <string>
#include <utility>
#include <vector>

#include "pipeline/model/date.h"

namespace sitrep {

/// Whether a figure counts events over a period (summed) or a state on a day (latest wins).
enum class Kind { kFlow, kStock };

/// What a value measures: a head count or a share between 0 and 1.
enum class Unit { kCount, kShare };

/// Breakdown dimensions of a fact, sorted by key: {"level","primary"}, {"month","2022-03"}.
using Breakdown = std::vector<std::pair<std::string, std::string>>;

/// `level=primary,sex=F`: one canonical text for a breakdown, empty for a headline.
std::string breakdown_key(const Breakdown& b);
/// The inverse of `breakdown_key`.
Breakdown parse_breakdown_key(const std::string& key);

/// One canonical fact read from a submission, with where it came from.
struct Observation {
    std::string indicator;  ///< canonical indicator code, e.g. tp.register.persons
    std::string area;       ///< NUTS code, e.g. BE2
    Date from;              ///< first day the value covers (a stock: its reference day)
    Date to;                ///< last day the value covers (a stock: its reference day)
    Breakdown breakdown;    ///< empty for the partner's own total
    double value = 0;
    Unit unit = Unit::kCount;
    std::string location;   ///< `line 12`, `lines 2-66800`, `Doorverwijzingen - Orientations!C2995`
    /// False when the partner left the value empty: not reported is not zero.
    bool reported = true;
};

}  // namespace sitrep
