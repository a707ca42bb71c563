#include "adapters/file_names.h"

#include <algorithm>
#include <cctype>

namespace sitrep {
namespace {

bool iequal(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(a[i])) !=
            std::tolower(static_cast<unsigned char>(b[i])))
            return false;
    return true;
}

}  // namespace

bool has_prefix_and_extension(std::string_view name, std::string_view prefix,
                              std::string_view extension) {
    return name.size() >= prefix.size() + extension.size() &&
           iequal(name.substr(0, prefix.size()), prefix) &&
           iequal(name.substr(name.size() - extension.size()), extension);
}

ParseResult with_counted_problems(ParseResult r) {
    r.problem_count = std::max(r.problem_count, r.problems.size());
    return r;
}

}  // namespace sitrep
