#pragma once

#include <string>
#include <string_view>

#include "adapters/adapter.h"

namespace sitrep {

/// Whether `name` starts with `prefix` and ends with `extension`, ignoring letter case.
bool has_prefix_and_extension(std::string_view name, std::string_view prefix,
                              std::string_view extension);

/// The result with problems read before parsing began (e.g. a size limit) counted.
ParseResult with_counted_problems(ParseResult r);

}  // namespace sitrep
