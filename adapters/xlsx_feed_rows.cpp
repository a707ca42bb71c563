#include "adapters/xlsx_feed_rows.h"

#include <algorithm>
#include <cmath>

#include "pipeline/foundation/errors.h"
#include "pipeline/foundation/strings.h"
#include "pipeline/readers/csv.h"
#include "pipeline/text/numbers.h"

namespace sitrep {
namespace {

std::string column_letters(uint32_t column) {
    std::string letters;
    for (uint64_t n = uint64_t{column} + 1; n > 0; n = (n - 1) / 26)
        letters.insert(letters.begin(), static_cast<char>('A' + (n - 1) % 26));
    return letters;
}

std::string lower(std::string_view s) {
    std::string out;
    for (char c : s) out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

// The sheet the feed names (letter case ignored), or without a name the first visible one.
std::optional<std::string> find_sheet(const XlsxReader& book, const std::string& wanted) {
    for (const auto& name : book.sheet_names()) {
        if (wanted.empty() ? !book.is_hidden(name) : lower(trim(name)) == lower(trim(wanted)))
            return name;
    }
    return std::nullopt;
}

// Where each spec's header is among the row's visible cells; `missing` lists those it lacks.
std::vector<uint32_t> find_columns(const XlsxRow& row, const std::vector<uint32_t>& hidden,
                                   const std::vector<ColumnSpec>& specs,
                                   std::vector<std::string>& missing) {
    std::vector<uint32_t> index;
    for (const auto& spec : specs) {
        std::optional<uint32_t> found;
        for (const auto& cell : row.cells) {
            if (found || std::binary_search(hidden.begin(), hidden.end(), cell.column)) continue;
            const std::string h = fold_header(cell.text);
            if (h == fold_header(spec.name)) found = cell.column;
            for (const auto& alias : spec.aliases)
                if (h == fold_header(alias)) found = cell.column;
        }
        if (!found) missing.push_back("'" + spec.name + "'");
        index.push_back(found.value_or(0));
    }
    return index;
}

const char* const kNoCachedValue =
    "formula without a computed value (open and save the workbook in Excel, or send values)";

bool blank(const XlsxRow& row) {
    return std::all_of(row.cells.begin(), row.cells.end(), [](const XlsxCell& c) {
        return trim(c.text, " \t").empty() && !c.has_formula && c.type != XlsxCell::Type::kBool;
    });
}

}  // namespace

XlsxFeedRows::XlsxFeedRows(const XlsxReader& book, const std::string& sheet,
                           std::vector<ColumnSpec> columns, ParseResult& result, bool search_header)
    : specs_(std::move(columns)), result_(result) {
    const auto found = find_sheet(book, sheet);
    if (!found) {
        std::string names;
        for (const auto& n : book.sheet_names()) names += (names.empty() ? "'" : ", '") + n + "'";
        result_.add_problem({"", sheet.empty() ? "the workbook has no visible sheet"
                                               : "no sheet '" + sheet + "' (the workbook has " +
                                                     (names.empty() ? "none" : names) + ")",
                             ""});
        return;
    }
    sheet_ = *found;
    const std::vector<uint32_t> hidden = book.hidden_columns(sheet_);
    bool header_found = false, gave_up = false;
    std::optional<uint32_t> first_row;
    std::vector<std::string> first_missing;
    book.read_sheet(sheet_, [&](const XlsxRow& row) {
        if (gave_up || row.hidden || blank(row)) return;
        if (!header_found) {
            std::vector<std::string> missing;
            auto index = find_columns(row, hidden, specs_, missing);
            if (missing.empty()) {
                header_found = true;
                index_ = std::move(index);
            } else if (!first_row) {
                first_row = row.number;
                first_missing = std::move(missing);
            }
            // Title rows above the header are skipped only when the feed searches for it.
            gave_up = !header_found && !search_header;
            return;
        }
        Row out{row.number, {}};
        for (uint32_t column : index_) {
            Cell cell;
            if (const XlsxCell* c = row.at(column)) {
                cell.text = std::string(trim(c->text, " \t"));
                if (c->type == XlsxCell::Type::kNumber) {
                    cell.number = c->number;
                    cell.is_date = c->is_date;
                } else if (c->type == XlsxCell::Type::kBool) {
                    cell.text = c->number != 0 ? "TRUE" : "FALSE";
                }
                cell.no_cached_value = c->has_formula && !c->has_cached_value;
            }
            out.cells.push_back(std::move(cell));
        }
        if (std::all_of(out.cells.begin(), out.cells.end(),
                        [](const Cell& c) { return c.text.empty() && !c.no_cached_value; }))
            return;  // only notes outside the feed's columns
        rows_.push_back(std::move(out));
        ++result_.rows;
    });
    if (header_found) return;
    if (!first_row) {
        result_.add_problem({sheet_, "the sheet is empty", ""});
        return;
    }
    std::string list, expected;
    for (const auto& m : first_missing) list += (list.empty() ? "" : ", ") + m;
    for (const auto& s : specs_) expected += (expected.empty() ? "" : ", ") + s.name;
    result_.add_problem({sheet_ + "!row " + std::to_string(*first_row),
                         (search_header ? "no row has every column; this one lacks " : "header lacks column ") +
                             list + "; expected '" + expected + "'",
                         ""});
}

std::string XlsxFeedRows::ref(size_t r, size_t c) const {
    return column_letters(index_[c]) + std::to_string(rows_[r].number);
}

void XlsxFeedRows::problem(size_t r, std::optional<size_t> c, const std::string& message) const {
    result_.add_problem({sheet_ + "!" + (c ? ref(r, *c) : "row " + std::to_string(rows_[r].number)),
                         message, ""});
}

std::string XlsxFeedRows::location(size_t first, size_t last, size_t c) const {
    return sheet_ + "!" + ref(first, c) + (first == last ? "" : ":" + ref(last, c));
}

std::optional<double> XlsxFeedRows::count(size_t r, size_t c) const {
    const Cell& cell = rows_[r].cells[c];
    if (cell.no_cached_value) {
        problem(r, c, kNoCachedValue);
        return std::nullopt;
    }
    if (cell.number) {
        // As parse_number: no head count nears 10^18, and casting beyond it is undefined.
        if (*cell.number >= 1e18) {
            problem(r, c, "'" + cell.text + "' is too large to be a plausible figure");
            return std::nullopt;
        }
        if (*cell.number < 0 || *cell.number != std::floor(*cell.number)) {
            problem(r, c, "'" + cell.text + "' is not a whole non-negative count");
            return std::nullopt;
        }
        return cell.number;
    }
    NumberParse n = parse_count(cell.text);
    if (!n.value) problem(r, c, n.error);
    return n.value;
}

std::optional<Date> XlsxFeedRows::real_date(size_t r, size_t c, bool& failed) const {
    const Cell& cell = rows_[r].cells[c];
    failed = false;
    if (!cell.number || !cell.is_date) return std::nullopt;
    try {
        return excel_serial_to_date(*cell.number);
    } catch (const InputError& e) {
        problem(r, c, e.what());
        failed = true;
        return std::nullopt;
    }
}

template <class Period, class Parse>
std::optional<Period> XlsxFeedRows::text_period(size_t r, size_t c, Parse parse,
                                                const std::string& expected) const {
    const Cell& cell = rows_[r].cells[c];
    if (cell.no_cached_value) {
        problem(r, c, kNoCachedValue);
        return std::nullopt;
    }
    if (!cell.number)
        if (auto p = parse(cell.text)) return p;
    problem(r, c, "'" + cell.text + "' is not " + expected);
    return std::nullopt;
}

std::optional<Date> XlsxFeedRows::day(size_t r, size_t c) const {
    bool failed = false;
    if (auto d = real_date(r, c, failed)) return d;
    if (failed) return std::nullopt;
    return text_period<Date>(r, c, parse_day,
                             std::string("a date (dd/mm/yyyy)") +
                                 (rows_[r].cells[c].number ? ": a number; format the cell as a date" : ""));
}

std::optional<Month> XlsxFeedRows::month(size_t r, size_t c) const {
    bool failed = false;
    if (auto d = real_date(r, c, failed)) return month_of(*d);
    if (failed) return std::nullopt;
    return text_period<Month>(r, c, parse_month, "a month (yyyy-mm)");
}

}  // namespace sitrep
