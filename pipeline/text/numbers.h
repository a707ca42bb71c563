#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace sitrep {

/// A number read from partner text, or why it could not be read.
struct NumberParse {
    std::optional<double> value;
    std::string error;  ///< empty when value is set
};

/// Reads a number in Belgian or plain style: `53.450` and `53 450` are 53450, `1.234,5` is
/// 1234.5, `59,40%` is 0.594, `0.844` is 0.844. A value is never negative and carries no sign;
/// spaces (also no-break, narrow and thin) only group the whole part by threes: `4 4` is refused.
NumberParse parse_number(std::string_view text);

/// Reads a head count: a whole non-negative number in any style `parse_number` accepts.
NumberParse parse_count(std::string_view text);

}  // namespace sitrep
