#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "adapters/adapter.h"
#include "pipeline/readers/csv.h"
#include "pipeline/text/dates.h"

namespace sitrep {

/// A column a feed expects: its name as the partner writes it, and other accepted spellings.
struct ColumnSpec {
    std::string name;                  ///< shown in errors, e.g. `aantal`
    std::vector<std::string> aliases;  ///< other headers meaning the same column
};

/// A partner CSV with a header row, read into rows whose cells convert to canonical values.
/// Every conversion that fails records a Problem with the line and column and returns nullopt,
/// so adapters read like a mapping and never lose an error.
class CsvTable {
public:
    /// Parses `utf8_text` and finds `columns` in its first row (all required), or with
    /// `search_header` in the first row that holds them all (title rows above it are skipped).
    CsvTable(std::string_view utf8_text, std::vector<ColumnSpec> columns, ParseResult& result,
             bool search_header = false);

    /// Whether the header had every column; when false the table has no rows.
    bool ok() const { return ok_; }
    /// The data rows, blank lines skipped.
    const std::vector<const CsvRow*>& rows() const { return data_; }

    /// The raw text of column `c` (index into the specs) in `row`, trimmed.
    std::string_view text(const CsvRow& row, size_t c) const;
    /// A whole non-negative number.
    std::optional<double> count(const CsvRow& row, size_t c) const;
    /// An area name or code resolved to NUTS.
    std::optional<std::string> area(const CsvRow& row, size_t c) const;
    /// A day in any of the partner date styles.
    std::optional<Date> day(const CsvRow& row, size_t c) const;
    /// A month in any of the partner month styles.
    std::optional<Month> month(const CsvRow& row, size_t c) const;
    /// Records a problem about `row` (and column `c`, if given).
    void problem(const CsvRow& row, std::optional<size_t> c, const std::string& message) const;
    /// The spelling of column `c` the definition shows in errors.
    const std::string& column_name(size_t c) const { return specs_[c].name; }
    /// `line 12`: the location a fact read from `row` carries.
    static std::string location(const CsvRow& row);

private:
    CsvDocument doc_;
    std::vector<ColumnSpec> specs_;
    std::vector<size_t> index_;  // spec -> field index in the rows
    std::vector<const CsvRow*> data_;
    ParseResult& result_;
    bool ok_ = false;
};

}  // namespace sitrep
