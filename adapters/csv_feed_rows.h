#pragma once

#include "adapters/csv_table.h"
#include "adapters/feed_rows.h"

namespace sitrep {

/// A CSV feed file's rows: a CsvTable seen as FeedRows (locations `line 12, column 'x'`).
class CsvFeedRows : public FeedRows {
public:
    /// Parses `utf8_text` as CsvTable does.
    CsvFeedRows(std::string_view utf8_text, std::vector<ColumnSpec> columns, ParseResult& result,
                bool search_header)
        : table_(utf8_text, std::move(columns), result, search_header) {}

    size_t size() const override { return table_.rows().size(); }
    std::string_view text(size_t r, size_t c) const override { return table_.text(row(r), c); }
    std::optional<double> count(size_t r, size_t c) const override { return table_.count(row(r), c); }
    std::optional<Date> day(size_t r, size_t c) const override { return table_.day(row(r), c); }
    std::optional<Month> month(size_t r, size_t c) const override { return table_.month(row(r), c); }
    void problem(size_t r, std::optional<size_t> c, const std::string& message) const override {
        table_.problem(row(r), c, message);
    }
    std::string location(size_t first, size_t last, size_t c) const override;

private:
    const CsvRow& row(size_t r) const { return *table_.rows()[r]; }
    CsvTable table_;
};

}  // namespace sitrep
