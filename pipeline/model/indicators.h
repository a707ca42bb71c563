#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "pipeline/model/observation.h"

namespace sitrep {

/// A canonical indicator of partners/README.md.
struct Indicator {
    std::string code;     ///< tp.register.persons
    Kind kind;            ///< flow (summed over periods) or stock (latest wins)
    std::string partner;  ///< who reports it, for the partner-status section
};

/// Every canonical indicator, in the order of the spec.
const std::vector<Indicator>& all_indicators();

/// The indicator with this code, or nullptr for an unknown code.
const Indicator* find_indicator(std::string_view code);

/// The domain of an indicator: the part of its code before the first dot (tp, reception ...).
std::string domain_of(std::string_view code);

}  // namespace sitrep
