#pragma once

#include <cstdint>
#include <ctime>
#include <deque>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <xlsxwriter.h>

#include "pipeline/writers/annex_deflate.h"
#include "pipeline/model/date.h"

namespace sitrep {

/// The cell formats every annex sheet shares, owned by the workbook.
struct AnnexFormats {
    lxw_format* header = nullptr;
    lxw_format* count = nullptr;
    lxw_format* decimal = nullptr;
    lxw_format* share = nullptr;
    lxw_format* date = nullptr;
    lxw_format* datetime = nullptr;
    lxw_format* month = nullptr;
    std::string month_code;  ///< the number format of `month`, for chart axes
};

/// One column of a sheet's table: its header and the range its width may take.
struct AnnexColumn {
    std::string title;
    double min_width = 8;
    double max_width = 50;
};

/// A worksheet whose every write is checked: a failure throws OutputError naming sheet and cell.
/// It also measures what it writes so that columns get widths that fit their content.
class AnnexSheet {
public:
    AnnexSheet(lxw_worksheet* ws, std::string name, const AnnexFormats& formats);

    const std::string& name() const { return name_; }
    lxw_worksheet* raw() const { return ws_; }
    const AnnexFormats& formats() const { return formats_; }

    /// Writes text (made valid UTF-8 without control characters); writes nothing for "".
    void text(lxw_row_t row, lxw_col_t col, std::string_view s, lxw_format* format = nullptr);
    /// The same for a string, without a copy when it is clean already.
    void text(lxw_row_t row, lxw_col_t col, const std::string& s, lxw_format* format = nullptr);
    /// The same for a C string.
    void text(lxw_row_t row, lxw_col_t col, const char* s, lxw_format* format = nullptr);
    /// Writes a number; a NaN or an infinity, which XLSX cannot hold, becomes the text `n/a`.
    void number(lxw_row_t row, lxw_col_t col, double v, lxw_format* format);
    /// Writes a day as a real Excel date shown dd/mm/yyyy.
    void date(lxw_row_t row, lxw_col_t col, Date d);
    /// Writes a day when there is one.
    void date(lxw_row_t row, lxw_col_t col, const std::optional<Date>& d);
    /// Writes a formula together with its computed value, which readers that do not
    /// recalculate show instead of 0.
    void formula(lxw_row_t row, lxw_col_t col, const std::string& formula, double value,
                 lxw_format* format);
    /// Writes the bold header row of the sheet's table in row 1 and records its columns'
    /// width limits. Headers must differ from each other: they name the table's columns.
    void header(const std::vector<AnnexColumn>& columns);
    /// Declares rows 1 to `last_row` (the header row when empty) an Excel table named by
    /// its header, which gives it a filter; freezes the header and repeats it on printed
    /// pages. An empty table keeps one blank row, since Excel has no table without one.
    void finish_table(lxw_row_t last_row);
    /// Hides the sheet from the tabs (it stays readable by formulas, charts and tools).
    void hide();
    /// Places a chart with its top-left corner at the cell, scaled from 480 x 288 pixels.
    void insert_chart(lxw_row_t row, lxw_col_t col, lxw_chart* chart, double x_scale,
                      double y_scale);
    /// Landscape, one page wide, the classification and title in the printed page header.
    void set_print_layout(const std::string& left, const std::string& right);
    /// Sets every measured column's width; called once when the workbook closes.
    void apply_widths();

private:
    void check(lxw_error err, lxw_row_t row, lxw_col_t col, const char* what) const;
    void write_clean(lxw_row_t row, lxw_col_t col, const std::string& clean, lxw_format* format);
    void measure(lxw_col_t col, double width);

    lxw_worksheet* ws_;
    std::string name_;
    const AnnexFormats& formats_;
    std::vector<double> widths_;
    std::vector<AnnexColumn> columns_;
};

/// An .xlsx workbook with checked calls, kept in memory until `close` (Excel tables and
/// chart caches need the cells).
class AnnexBook {
public:
    /// Creates the workbook; the file itself is written by `close`. Months are shown with
    /// `month_format` (an Excel code, which may name a locale for the month names).
    explicit AnnexBook(const std::string& path, const std::string& month_format = "mmm yyyy",
                       AnnexDeflate deflate = AnnexDeflate::fast);
    ~AnnexBook();
    AnnexBook(const AnnexBook&) = delete;
    AnnexBook& operator=(const AnnexBook&) = delete;

    /// Keeps `name` free for a later `add_sheet(name)` so that no domain sheet takes it.
    void reserve_name(const std::string& name);
    /// Adds a sheet named as close to `wanted` as Excel allows, unique ignoring case;
    /// `claim` takes the name kept free by `reserve_name`.
    AnnexSheet& add_sheet(const std::string& wanted, bool claim = false);
    /// The name `add_sheet(wanted, true)` will give a name kept free by `reserve_name`, for
    /// references made before that sheet exists.
    std::string claimed_name(const std::string& wanted) const;
    /// Adds a chart of libxlsxwriter type `type`; `what` names it in errors.
    lxw_chart* add_chart(uint8_t type, const std::string& what);
    /// Sets the document properties; `created` pins the date so equal input gives equal bytes.
    void set_properties(const std::string& title, const std::string& subject,
                        const std::string& company, const std::string& keywords,
                        const std::string& comments, std::time_t created);
    /// Adds a custom document property holding text.
    void set_custom_property(const std::string& name, const std::string& value);
    /// Adds a custom document property holding a number.
    void set_custom_property(const std::string& name, double value);
    const AnnexFormats& formats() const { return formats_; }
    /// Writes the file; the workbook cannot be used afterwards.
    void close();

private:
    lxw_format* add_format() const;
    std::string unique_name(const std::string& wanted) const;
    static std::string sheet_base(const std::string& wanted);

    struct Free {
        void operator()(lxw_workbook* wb) const { lxw_workbook_free(wb); }
    };
    std::unique_ptr<lxw_workbook, Free> wb_;
    std::string path_;
    AnnexDeflate deflate_;
    AnnexFormats formats_;
    std::deque<AnnexSheet> sheets_;  // a deque keeps the references add_sheet returned valid
    std::set<std::string> used_;     // folded names taken by sheets
    std::set<std::string> reserved_;
};

/// Whether `clean_text(text, max_bytes)` would give `text` back unchanged.
bool is_clean_text(std::string_view text, size_t max_bytes);

/// `text` as valid UTF-8 without the control characters XML 1.0 forbids, at most `max_bytes`
/// long (cut on a character boundary, marked with an ellipsis).
std::string clean_text(std::string_view text, size_t max_bytes);

/// The A1 name of a cell: row 0, column 0 is `A1`.
std::string cell_name(lxw_row_t row, lxw_col_t col);

}  // namespace sitrep
