#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "adapters/adapter.h"
#include "pipeline/text/dates.h"

namespace sitrep {

/// The data rows of one tabular feed file, whatever its format: cells found by the feed's
/// columns (in the order of its specs), converted to canonical values. Every conversion that
/// fails records a Problem naming where the cell is (`line 12, column 'aantal'`, `Sheet!C12`),
/// so the feed's mapping is written once for CSV and XLSX.
class FeedRows {
public:
    virtual ~FeedRows() = default;

    /// How many data rows there are.
    virtual size_t size() const = 0;
    /// The text of column `c` in row `r`, trimmed.
    virtual std::string_view text(size_t r, size_t c) const = 0;
    /// A whole non-negative number.
    virtual std::optional<double> count(size_t r, size_t c) const = 0;
    /// A day in any of the partner date styles (or a real date where the format has them).
    virtual std::optional<Date> day(size_t r, size_t c) const = 0;
    /// A month in any of the partner month styles (or the month of a real date).
    virtual std::optional<Month> month(size_t r, size_t c) const = 0;
    /// Records a problem about row `r` (and column `c`, if given).
    virtual void problem(size_t r, std::optional<size_t> c, const std::string& message) const = 0;
    /// Where a fact read from column `c` of rows `first` to `last` comes from: `line 12`,
    /// `lines 2-3`, `Sheet!C12`, `Sheet!C2:C5`.
    virtual std::string location(size_t first, size_t last, size_t c) const = 0;

    /// An area name or code resolved to NUTS.
    std::optional<std::string> area(size_t r, size_t c) const;
};

}  // namespace sitrep
