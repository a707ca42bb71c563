#include "adapters/csv_feed_rows.h"

namespace sitrep {

std::string CsvFeedRows::location(size_t first, size_t last, size_t) const {
    const size_t a = row(first).line, b = row(last).line;
    return a == b ? "line " + std::to_string(a) : "lines " + std::to_string(a) + "-" + std::to_string(b);
}

}  // namespace sitrep
