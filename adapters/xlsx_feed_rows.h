#pragma once

#include <string>
#include <vector>

#include "adapters/csv_table.h"
#include "adapters/feed_rows.h"
#include "pipeline/readers/xlsx_reader.h"

namespace sitrep {

/// One sheet of a partner workbook read as a feed's rows. Columns are found by header as in
/// CSV; real Excel dates and numbers are taken as typed, text ones as in CSV; every problem
/// names its cell (`Sheet name!C12`). Hidden rows and columns are not read: what the partner
/// hid (filtered rows, helper columns) is not what it reports.
class XlsxFeedRows : public FeedRows {
public:
    /// Reads `sheet` (letter case ignored; empty: the first visible sheet) of `book`.
    XlsxFeedRows(const XlsxReader& book, const std::string& sheet, std::vector<ColumnSpec> columns,
                 ParseResult& result, bool search_header);

    size_t size() const override { return rows_.size(); }
    std::string_view text(size_t r, size_t c) const override { return rows_[r].cells[c].text; }
    std::optional<double> count(size_t r, size_t c) const override;
    std::optional<Date> day(size_t r, size_t c) const override;
    std::optional<Month> month(size_t r, size_t c) const override;
    void problem(size_t r, std::optional<size_t> c, const std::string& message) const override;
    std::string location(size_t first, size_t last, size_t c) const override;

private:
    struct Cell {
        std::string text;  // trimmed; a number's as Excel stores it
        std::optional<double> number;
        bool is_date = false;
        bool no_cached_value = false;  // a formula never computed
    };
    struct Row {
        uint32_t number = 0;
        std::vector<Cell> cells;  // one per spec
    };
    std::string ref(size_t r, size_t c) const;
    // A real date cell as a day, or a problem; nullopt for a cell that is not one.
    std::optional<Date> real_date(size_t r, size_t c, bool& failed) const;
    // A day or month written as text, read with `parse`; else a problem saying `expected`.
    template <class Period, class Parse>
    std::optional<Period> text_period(size_t r, size_t c, Parse parse,
                                      const std::string& expected) const;

    std::string sheet_;
    std::vector<ColumnSpec> specs_;
    std::vector<uint32_t> index_;  // spec -> 0-based sheet column
    std::vector<Row> rows_;
    ParseResult& result_;
};

}  // namespace sitrep
