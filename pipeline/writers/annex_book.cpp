#include "pipeline/writers/annex_book.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "pipeline/foundation/errors.h"
#include "pipeline/model/wall_time.h"

namespace sitrep {
namespace {

// Excel refuses longer cells; a long list of locations is cut rather than failing the annex.
constexpr size_t kMaxCellBytes = 32000;
// Excel's column width unit is one digit of the default font; these are typed characters.
constexpr double kNumberPadding = 2;
constexpr double kFilterButton = 3;
// The number of characters (code points) in valid UTF-8.
size_t char_count(std::string_view s) {
    size_t n = 0;
    for (unsigned char c : s) n += (c & 0xC0) != 0x80;
    return n;
}

// A typed character count for a number as the count, share or decimal format shows it.
double number_width(double v, const AnnexFormats& f, lxw_format* format) {
    if (format == f.date) return 10;
    if (format == f.datetime) return 16;
    if (format == f.month) return 8;
    const double magnitude = std::fabs(v) * (format == f.share ? 100 : 1);
    const int digits = magnitude < 1 ? 1 : static_cast<int>(std::log10(magnitude)) + 1;
    double w = digits + (digits - 1) / 3 + (v < 0 ? 1 : 0);
    if (format == f.share) w += 3;
    if (format == f.decimal) w += 3;
    if (format != f.count && format != f.share && format != f.decimal) w = 11;  // General
    return w;
}

// Excel compares sheet names without case; ASCII folding covers the names sitrep makes.
std::string fold(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) {
        return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : static_cast<char>(c);
    });
    return out;
}

// `text` cut to at most `n` code points.
std::string first_chars(const std::string& text, size_t n) {
    size_t count = 0;
    for (size_t i = 0; i < text.size(); ++i) {
        if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;
        if (count++ == n) return text.substr(0, i);
    }
    return text;
}

// `&` starts a code in Excel's page headers.
std::string escape_header(const std::string& s) {
    std::string out;
    for (char c : s) {
        out += c;
        if (c == '&') out += '&';
    }
    return out;
}

// Length of the UTF-8 sequence starting at s[i] when it is well formed, else 0.
size_t utf8_sequence(std::string_view s, size_t i) {
    const auto c = static_cast<unsigned char>(s[i]);
    size_t len = 0;
    uint32_t cp = 0;
    if (c < 0x80) return 1;
    if ((c & 0xE0) == 0xC0) len = 2, cp = c & 0x1F;
    else if ((c & 0xF0) == 0xE0) len = 3, cp = c & 0x0F;
    else if ((c & 0xF8) == 0xF0) len = 4, cp = c & 0x07;
    else return 0;
    if (i + len > s.size()) return 0;
    for (size_t k = 1; k < len; ++k) {
        const auto cc = static_cast<unsigned char>(s[i + k]);
        if ((cc & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (cc & 0x3F);
    }
    const uint32_t min[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < min[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    // U+FFFE and U+FFFF are not XML characters either.
    if (cp == 0xFFFE || cp == 0xFFFF) return 0;
    return len;
}

}  // namespace

bool is_clean_text(std::string_view text, size_t max_bytes) {
    if (text.size() > max_bytes) return false;
    for (size_t i = 0; i < text.size();) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c >= 0x20 && c < 0x80) {
            ++i;
            continue;
        }
        const size_t len = utf8_sequence(text, i);
        if (len == 0 || (len == 1 && c != '\t' && c != '\n' && c != '\r')) return false;
        i += len;
    }
    return true;
}

std::string clean_text(std::string_view text, size_t max_bytes) {
    static constexpr std::string_view kReplacement = "\xEF\xBF\xBD";
    static constexpr std::string_view kEllipsis = "\xE2\x80\xA6";
    std::string out;
    out.reserve(text.size());
    for (size_t i = 0; i < text.size();) {
        const size_t len = utf8_sequence(text, i);
        const auto c = static_cast<unsigned char>(text[i]);
        if (len == 0) out += kReplacement;
        else if (len == 1 && c < 0x20 && c != '\t' && c != '\n' && c != '\r') out += ' ';
        else out.append(text.substr(i, len));
        i += len ? len : 1;
    }
    if (out.size() <= max_bytes) return out;
    size_t cut = max_bytes - kEllipsis.size();
    while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;
    out.resize(cut);
    return out += kEllipsis;
}

std::string cell_name(lxw_row_t row, lxw_col_t col) {
    std::string letters;
    for (unsigned c = col + 1u; c > 0; c = (c - 1) / 26)
        letters.insert(letters.begin(), static_cast<char>('A' + (c - 1) % 26));
    return letters + std::to_string(row + 1);
}

// ---------------------------------------------------------------------------------------------

AnnexSheet::AnnexSheet(lxw_worksheet* ws, std::string name, const AnnexFormats& formats)
    : ws_(ws), name_(std::move(name)), formats_(formats) {}

void AnnexSheet::check(lxw_error err, lxw_row_t row, lxw_col_t col, const char* what) const {
    if (err == LXW_NO_ERROR) return;
    throw OutputError("annex: sheet '" + name_ + "' cell " + cell_name(row, col) + ": " + what +
                      ": " + lxw_strerror(err));
}

void AnnexSheet::measure(lxw_col_t col, double width) {
    if (widths_.size() <= col) widths_.resize(col + 1u, 0);
    widths_[col] = std::max(widths_[col], width);
}

void AnnexSheet::text(lxw_row_t row, lxw_col_t col, std::string_view s, lxw_format* format) {
    if (s.empty()) return;
    write_clean(row, col, clean_text(s, kMaxCellBytes), format);
}

void AnnexSheet::text(lxw_row_t row, lxw_col_t col, const std::string& s, lxw_format* format) {
    if (s.empty()) return;
    // Nearly every cell is clean already: written as it is, without a copy.
    if (is_clean_text(s, kMaxCellBytes)) write_clean(row, col, s, format);
    else write_clean(row, col, clean_text(s, kMaxCellBytes), format);
}

void AnnexSheet::text(lxw_row_t row, lxw_col_t col, const char* s, lxw_format* format) {
    text(row, col, std::string_view(s), format);
}

void AnnexSheet::write_clean(lxw_row_t row, lxw_col_t col, const std::string& clean,
                             lxw_format* format) {
    check(worksheet_write_string(ws_, row, col, clean.c_str(), format), row, col,
          "writing text");
    measure(col, static_cast<double>(char_count(clean)) + 1);
}

void AnnexSheet::number(lxw_row_t row, lxw_col_t col, double v, lxw_format* format) {
    if (!std::isfinite(v)) {
        text(row, col, "n/a");
        return;
    }
    check(worksheet_write_number(ws_, row, col, v, format), row, col, "writing a number");
    measure(col, number_width(v, formats_, format) + kNumberPadding);
}

void AnnexSheet::date(lxw_row_t row, lxw_col_t col, Date d) {
    number(row, col, excel_serial(d), formats_.date);
}

void AnnexSheet::date(lxw_row_t row, lxw_col_t col, const std::optional<Date>& d) {
    if (d) date(row, col, *d);
}

void AnnexSheet::formula(lxw_row_t row, lxw_col_t col, const std::string& formula, double value,
                         lxw_format* format) {
    if (!std::isfinite(value)) {
        text(row, col, "n/a");
        return;
    }
    check(worksheet_write_formula_num(ws_, row, col, formula.c_str(), format, value), row, col,
          "writing a formula");
    measure(col, number_width(value, formats_, format) + kNumberPadding);
}

void AnnexSheet::header(const std::vector<AnnexColumn>& columns) {
    columns_ = columns;
    for (lxw_col_t c = 0; c < columns.size(); ++c) {
        const std::string title = clean_text(columns[c].title, 255);
        check(worksheet_write_string(ws_, 0, c, title.c_str(), formats_.header), 0, c,
              "writing a header");
        measure(c, static_cast<double>(char_count(title)) + kFilterButton);
    }
}

void AnnexSheet::finish_table(lxw_row_t last_row) {
    if (columns_.empty()) return;
    const auto last_col = static_cast<lxw_col_t>(columns_.size() - 1);
    // libxlsxwriter copies the headers; the table rewrites them with the header format.
    std::vector<std::string> titles;
    for (const auto& c : columns_) titles.push_back(clean_text(c.title, 255));
    std::vector<lxw_table_column> cols(columns_.size());
    std::vector<lxw_table_column*> col_ptrs;
    for (size_t i = 0; i < cols.size(); ++i) {
        cols[i].header = titles[i].data();
        cols[i].header_format = formats_.header;
        col_ptrs.push_back(&cols[i]);
    }
    col_ptrs.push_back(nullptr);
    lxw_table_options options{};
    options.columns = col_ptrs.data();
    options.style_type = LXW_TABLE_STYLE_TYPE_LIGHT;
    options.style_type_number = 1;
    check(worksheet_add_table(ws_, 0, 0, std::max<lxw_row_t>(1, last_row), last_col, &options), 0,
          0, "declaring the table");
    worksheet_freeze_panes(ws_, 1, 0);
    check(worksheet_repeat_rows(ws_, 0, 0), 0, 0, "repeating the header on printed pages");
}

void AnnexSheet::hide() { worksheet_hide(ws_); }

void AnnexSheet::insert_chart(lxw_row_t row, lxw_col_t col, lxw_chart* chart, double x_scale,
                              double y_scale) {
    lxw_chart_options options{};
    options.x_scale = x_scale;
    options.y_scale = y_scale;
    check(worksheet_insert_chart_opt(ws_, row, col, chart, &options), row, col,
          "inserting a chart");
}

void AnnexSheet::set_print_layout(const std::string& left, const std::string& right) {
    worksheet_set_landscape(ws_);
    worksheet_fit_to_pages(ws_, 1, 0);
    const std::string header = "&L" + escape_header(left) + "&R" + escape_header(right);
    check(worksheet_set_header(ws_, header.c_str()), 0, 0, "setting the page header");
}

void AnnexSheet::apply_widths() {
    for (lxw_col_t c = 0; c < widths_.size(); ++c) {
        if (widths_[c] <= 0) continue;
        double width = widths_[c];
        if (c < columns_.size())
            width = std::clamp(width, columns_[c].min_width, columns_[c].max_width);
        check(worksheet_set_column(ws_, c, c, std::min(width, 100.0), nullptr), 0, c,
              "setting the column width");
    }
}

// ---------------------------------------------------------------------------------------------

AnnexBook::AnnexBook(const std::string& path, const std::string& month_format,
                     AnnexDeflate deflate)
    : path_(path), deflate_(deflate) {
    // Not constant memory: Excel tables and the charts' cached values need the cells, at
    // ~130 bytes each (a year's 1,200 figures by 17 columns is under 3 MB).
    lxw_workbook_options options{};
    options.constant_memory = LXW_FALSE;
    // No folder for its temporary files: it writes the parts in memory (xlsxwriter_hooks.cpp).
    options.tmpdir = nullptr;
    options.use_zip64 = LXW_FALSE;
    wb_.reset(workbook_new_opt(path.c_str(), &options));
    if (!wb_) throw OutputError("annex: cannot create workbook " + path);
    // Excel reserves this name for its change history.
    reserved_.insert("history");

    formats_.header = add_format();
    format_set_bold(formats_.header);
    format_set_bottom(formats_.header, LXW_BORDER_THIN);
    format_set_bg_color(formats_.header, 0xD9E1F2);
    formats_.count = add_format();
    format_set_num_format(formats_.count, "#,##0");
    formats_.decimal = add_format();
    format_set_num_format(formats_.decimal, "#,##0.00");
    formats_.share = add_format();
    format_set_num_format(formats_.share, "0.0%");
    formats_.date = add_format();
    format_set_num_format(formats_.date, "dd/mm/yyyy");
    formats_.datetime = add_format();
    format_set_num_format(formats_.datetime, "dd/mm/yyyy hh:mm");
    formats_.month = add_format();
    format_set_num_format(formats_.month, month_format.c_str());
    formats_.month_code = month_format;
}

AnnexBook::~AnnexBook() = default;

lxw_format* AnnexBook::add_format() const {
    lxw_format* f = workbook_add_format(wb_.get());
    if (!f) throw OutputError("annex: cannot add a cell format to " + path_);
    return f;
}

void AnnexBook::reserve_name(const std::string& name) { reserved_.insert(fold(name)); }

std::string AnnexBook::claimed_name(const std::string& wanted) const {
    return first_chars(sheet_base(wanted), LXW_SHEETNAME_MAX);
}

std::string AnnexBook::sheet_base(const std::string& wanted) {
    std::string base;
    constexpr std::string_view kForbidden = "[]:*?/\\";
    for (char c : wanted) base += kForbidden.find(c) == std::string_view::npos ? c : '_';
    while (!base.empty() && base.front() == '\'') base.erase(base.begin());
    while (!base.empty() && base.back() == '\'') base.pop_back();
    base = clean_text(base, 4 * LXW_SHEETNAME_MAX);
    if (base.empty()) base = "Sheet";
    return base;
}

std::string AnnexBook::unique_name(const std::string& wanted) const {
    const std::string base = sheet_base(wanted);
    std::string name = first_chars(base, LXW_SHEETNAME_MAX);
    for (int n = 2; used_.count(fold(name)) || reserved_.count(fold(name)); ++n) {
        const std::string suffix = " (" + std::to_string(n) + ")";
        name = first_chars(base, LXW_SHEETNAME_MAX - suffix.size()) + suffix;
    }
    return name;
}

AnnexSheet& AnnexBook::add_sheet(const std::string& wanted, bool claim) {
    if (claim) reserved_.erase(fold(wanted));
    const std::string name = unique_name(wanted);
    lxw_worksheet* ws = workbook_add_worksheet(wb_.get(), name.c_str());
    if (!ws) {
        const lxw_error err = workbook_validate_sheet_name(wb_.get(), name.c_str());
        throw OutputError("annex: cannot add sheet '" + name + "': " +
                          (err ? lxw_strerror(err) : "libxlsxwriter refused it"));
    }
    used_.insert(fold(name));
    return sheets_.emplace_back(ws, name, formats_);
}

lxw_chart* AnnexBook::add_chart(uint8_t type, const std::string& what) {
    lxw_chart* chart = workbook_add_chart(wb_.get(), type);
    if (!chart) throw OutputError("annex: cannot add chart " + what);
    return chart;
}

void AnnexBook::set_properties(const std::string& title, const std::string& subject,
                               const std::string& company, const std::string& keywords,
                               const std::string& comments, std::time_t created) {
    // libxlsxwriter copies the strings; its struct just is not const-correct.
    std::string t = title, s = subject, a = "sitrep", c = company, k = keywords, m = comments;
    lxw_doc_properties p{};
    p.title = t.data();
    p.subject = s.data();
    p.author = a.data();
    p.company = c.data();
    p.keywords = k.data();
    p.comments = m.data();
    p.created = created;
    if (const lxw_error err = workbook_set_properties(wb_.get(), &p))
        throw OutputError("annex: cannot set document properties: " +
                          std::string(lxw_strerror(err)));
}

void AnnexBook::set_custom_property(const std::string& name, const std::string& value) {
    const std::string clean = clean_text(value, 255);
    if (const lxw_error err =
            workbook_set_custom_property_string(wb_.get(), name.c_str(), clean.c_str()))
        throw OutputError("annex: cannot set property '" + name + "': " + lxw_strerror(err));
}

void AnnexBook::set_custom_property(const std::string& name, double value) {
    if (const lxw_error err = workbook_set_custom_property_number(wb_.get(), name.c_str(), value))
        throw OutputError("annex: cannot set property '" + name + "': " + lxw_strerror(err));
}

void AnnexBook::close() {
    for (auto& sheet : sheets_) sheet.apply_widths();
    // workbook_close frees the workbook whatever it returns. Its zip errors hide the cause;
    // errno still holds it when a write failed.
    errno = 0;
    const AnnexDeflateScope deflated(deflate_);
    const lxw_error err = workbook_close(wb_.release());
    if (err != LXW_NO_ERROR) {
        const int cause = errno;
        std::string why = lxw_strerror(err);
        if (cause == ENOSPC || cause == EDQUOT) why = std::strerror(cause) + (" (" + why + ")");
        throw OutputError("annex: cannot write " + path_ + ": " + why);
    }
    if (deflate_ == AnnexDeflate::fast && !deflated.applied())
        throw OutputError("annex: " + path_ + " was not deflated fast, as its report records: "
                          "libxlsxwriter's zip calls do not reach sitrep in this build "
                          "(pipeline/writers/xlsxwriter_hooks.cpp)");
}

}  // namespace sitrep
