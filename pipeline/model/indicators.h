#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/model/observation.h"

namespace sitrep {

/// An indicator of the catalogue (catalogue/indicators.ini).
struct Indicator {
    std::string code;                          ///< tp.register.persons
    Kind kind = Kind::kStock;                  ///< flow (summed over periods) or stock (latest wins)
    Unit unit = Unit::kCount;                  ///< a head count or a share
    bool cumulative = false;                   ///< only grows: a fall is a finding
    std::vector<std::string> breakdowns;       ///< dimensions its facts may carry
    std::map<std::string, std::string> labels;  ///< language -> name
    std::string where;                         ///< `catalogue/indicators.ini:12`, for errors
};

/// The domain of an indicator: the part of its code before the first dot (tp, reception ...).
std::string domain_of(std::string_view code);

}  // namespace sitrep
