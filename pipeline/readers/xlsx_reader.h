#pragma once

#include <cstdint>
#include <functional>
#include <istream>
#include <memory>
#include <string>
#include <vector>

#include "pipeline/model/date.h"

namespace sitrep {

/// One cell as read: its reference, its type and value.
struct XlsxCell {
    enum class Type { kEmpty, kNumber, kString, kBool, kError };
    std::string ref;      ///< "C2995"
    uint32_t column = 0;  ///< 0-based column index (A = 0)
    Type type = Type::kEmpty;
    double number = 0;  ///< for kNumber and kBool
    std::string text;   ///< for kString and kError; for kNumber the raw <v> text
    /// A number whose style is a date format (Excel serial date, always in the 1900 system).
    bool is_date = false;
    bool has_formula = false;
    bool has_cached_value = true;  ///< false for a formula cell without <v>
};

/// One row: its 1-based number and its non-empty cells in column order.
struct XlsxRow {
    uint32_t number = 0;
    bool hidden = false;  ///< the row is marked hidden (<row hidden="1">)
    std::vector<XlsxCell> cells;
    /// The cell in that 0-based column, or nullptr when the row has none there.
    const XlsxCell* at(uint32_t column) const;
};

/// Streams the worksheets of one .xlsx workbook read from memory or a stream.
class XlsxReader {
public:
    /// Opens the workbook; throws InputError ("not an .xlsx workbook (zip): ...") on a bad file.
    explicit XlsxReader(std::istream& in);
    ~XlsxReader();
    XlsxReader(XlsxReader&&) noexcept;
    XlsxReader& operator=(XlsxReader&&) noexcept;

    /// The sheet names in workbook order.
    std::vector<std::string> sheet_names() const;
    /// Whether the sheet is hidden ("hidden" or "veryHidden").
    bool is_hidden(const std::string& sheet) const;
    /// Column indexes marked hidden in that sheet, ascending.
    std::vector<uint32_t> hidden_columns(const std::string& sheet) const;
    /// Whether the workbook counts dates from 1904 (cells are converted to the 1900 system).
    bool uses_1904_dates() const;
    /// Streams each row to `on_row` in order; InputError if the sheet is missing or malformed.
    void read_sheet(const std::string& sheet,
                    const std::function<void(const XlsxRow&)>& on_row) const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

/// Converts an Excel serial day number (1900 date system) to a date.
Date excel_serial_to_date(double serial);

}  // namespace sitrep
