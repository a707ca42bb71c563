#include "adapters/feed_rows.h"

#include "pipeline/reference/areas.h"

namespace sitrep {

std::optional<std::string> FeedRows::area(size_t r, size_t c) const {
    auto a = resolve_area(text(r, c));
    if (!a) problem(r, c, "unknown area '" + std::string(text(r, c)) + "'");
    return a;
}

}  // namespace sitrep
