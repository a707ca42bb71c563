#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sitrep {

/// ASCII white space: what `std::isspace` accepts in the C locale.
inline constexpr std::string_view kWhiteSpace = " \t\n\v\f\r";

/// `s` without the characters of `strip` at either end.
std::string_view trim(std::string_view s, std::string_view strip = kWhiteSpace);

/// Splits `a, b,c` into {"a","b","c"}, dropping empty items; commas inside `{...}` (a
/// breakdown such as `{sex=f, age=0-17}`) do not split.
std::vector<std::string> split_list(std::string_view text);

/// `s` with its ASCII letters in lower case; other bytes (UTF-8 included) as they are.
std::string ascii_lower(std::string_view s);

/// Whether `a` and `b` are equal ignoring ASCII letter case.
bool iequal(std::string_view a, std::string_view b);

}  // namespace sitrep
