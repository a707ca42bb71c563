#include "pipeline/readers/xlsx_reader.h"

#include <Poco/Exception.h>
#include <Poco/URI.h>
#include <Poco/Zip/ZipArchive.h>
#include <Poco/Zip/ZipLocalFileHeader.h>
#include <Poco/Zip/ZipStream.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <exception>
#include <map>
#include <streambuf>

#include "pipeline/foundation/errors.h"
#include "pipeline/foundation/strings.h"
#include "pipeline/readers/sheet_data.h"
#include "pipeline/readers/xml_events.h"

namespace sitrep {
namespace {

// Excel's last column is XFD; `<col max>` often says 16384 to mean "all the rest".
constexpr uint32_t kMaxColumns = 16384;
// 1462 days separate the 1904 and 1900 date systems.
constexpr double kDays1904To1900 = 1462;

// Zip parsing and each entry read need a seekable stream over the bytes already in memory;
// Poco's MemoryInputStream cannot seekg to an absolute position, which ZipArchive relies on.
class MemoryBuffer : public std::streambuf {
public:
    MemoryBuffer(const char* data, std::size_t size) {
        char* begin = const_cast<char*>(data);  // only ever read
        setg(begin, begin, begin + size);
    }

protected:
    pos_type seekoff(off_type off, std::ios_base::seekdir dir,
                     std::ios_base::openmode which) override {
        if (!(which & std::ios_base::in)) return pos_type(off_type(-1));
        const off_type size = egptr() - eback();
        const off_type base = dir == std::ios_base::beg   ? 0
                              : dir == std::ios_base::cur ? gptr() - eback()
                                                          : size;
        const off_type target = base + off;
        if (target < 0 || target > size) return pos_type(off_type(-1));
        setg(eback(), eback() + target, egptr());
        return pos_type(target);
    }
    pos_type seekpos(pos_type pos, std::ios_base::openmode which) override {
        return seekoff(off_type(pos), std::ios_base::beg, which);
    }
};

// Everything left in `in`, appended to `out`.
void append_all(std::istream& in, std::string& out) {
    char chunk[1 << 16];
    while (in.read(chunk, sizeof chunk) || in.gcount() > 0)
        out.append(chunk, static_cast<std::size_t>(in.gcount()));
}

std::string ascii_lower(std::string s) {
    for (char& c : s) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return s;
}

bool ends_with(const std::string& s, const std::string& suffix) {
    return s.size() >= suffix.size() &&
           s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// Zip entry names as keys: some writers use backslashes or a leading slash, and OOXML part
// names are case-insensitive.
std::string part_key(std::string name) {
    std::replace(name.begin(), name.end(), '\\', '/');
    while (!name.empty() && name.front() == '/') name.erase(0, 1);
    return ascii_lower(name);
}

std::string directory_of(const std::string& path) {
    const auto slash = path.rfind('/');
    return slash == std::string::npos ? std::string() : path.substr(0, slash);
}

// A relationship target is a URI relative to the source part's folder, or absolute from the
// package root ("/xl/worksheets/sheet1.xml").
std::string resolve_target(const std::string& base_dir, const std::string& target) {
    std::string decoded;
    Poco::URI::decode(target, decoded);
    std::replace(decoded.begin(), decoded.end(), '\\', '/');
    const std::string joined =
        !decoded.empty() && decoded.front() == '/' ? decoded : base_dir + "/" + decoded;
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (start <= joined.size()) {
        auto end = joined.find('/', start);
        if (end == std::string::npos) end = joined.size();
        const std::string part = joined.substr(start, end - start);
        if (part == "..") {
            if (!parts.empty()) parts.pop_back();
        } else if (!part.empty() && part != ".") {
            parts.push_back(part);
        }
        start = end + 1;
    }
    std::string out;
    for (const auto& part : parts) out += (out.empty() ? "" : "/") + part;
    return out;
}

bool is_true(std::string_view v) { return v == "1" || v == "true"; }

bool parse_double(std::string_view raw, double& out) {
    const std::string_view s = trim(raw, " \t\r\n");
    if (s.empty()) return false;
    const char* begin = s.data() + (s.front() == '+' ? 1 : 0);
    const auto [end, ec] = std::from_chars(begin, s.data() + s.size(), out);
    // from_chars also reads `nan` and `inf`, which no spreadsheet writes in a <v>.
    return ec == std::errc() && end == s.data() + s.size() && std::isfinite(out);
}

bool parse_uint(std::string_view raw, uint64_t& out) {
    const std::string_view s = trim(raw, " \t\r\n");
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return !s.empty() && ec == std::errc() && end == s.data() + s.size();
}

// A number format shows a date when it has d, m or y tokens outside quoted text, [brackets]
// (colours, locales, elapsed time) and escaped characters; m also covers minutes, which
// matches the built-in time formats being counted as dates.
bool is_date_format_code(const std::string& code) {
    for (std::size_t i = 0; i < code.size(); ++i) {
        const char c = code[i];
        if (c == '"') {
            const auto close = code.find('"', i + 1);
            if (close == std::string::npos) return false;
            i = close;
        } else if (c == '[') {
            const auto close = code.find(']', i + 1);
            if (close == std::string::npos) return false;
            i = close;
        } else if (c == '\\' || c == '_' || c == '*') {
            ++i;  // the next character is literal or a padding/fill character
        } else {
            const char lower = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
            if (lower == 'd' || lower == 'm' || lower == 'y') return true;
        }
    }
    return false;
}

bool is_builtin_date_format(int id) { return (id >= 14 && id <= 22) || (id >= 45 && id <= 47); }

// "C2995" -> column 2 and row 2995; false when the reference is malformed.
bool parse_ref(const std::string& ref, uint32_t& column, uint32_t& row) {
    std::size_t i = 0;
    uint64_t col = 0;
    while (i < ref.size() && std::isalpha(static_cast<unsigned char>(ref[i]))) {
        col = col * 26 +
              static_cast<uint64_t>(std::toupper(static_cast<unsigned char>(ref[i])) - 'A' + 1);
        if (col > kMaxColumns) return false;
        ++i;
    }
    if (col == 0) return false;
    uint64_t r = 0;
    const auto [end, ec] = std::from_chars(ref.data() + i, ref.data() + ref.size(), r);
    if (ec != std::errc() || end != ref.data() + ref.size() || r == 0 || r > UINT32_MAX) {
        return false;
    }
    column = static_cast<uint32_t>(col - 1);
    row = static_cast<uint32_t>(r);
    return true;
}

std::string column_letters(uint32_t column) {
    std::string letters;
    for (uint64_t n = uint64_t{column} + 1; n > 0; n = (n - 1) / 26) {
        letters.insert(letters.begin(), static_cast<char>('A' + (n - 1) % 26));
    }
    return letters;
}

// Strict OOXML writes `t="d"` cells as ISO 8601 text; Excel's serial counts from 1899-12-30.
bool iso_to_serial(const std::string& raw, double& serial) {
    const std::string s(trim(raw, " \t\r\n"));
    const auto date = Date::parse_iso(s.substr(0, 10));
    if (!date) return false;
    int hours = 0, minutes = 0;
    double seconds = 0;
    if (s.size() > 10) {
        if (s[10] != 'T' && s[10] != ' ') return false;
        if (std::sscanf(s.c_str() + 11, "%d:%d:%lf", &hours, &minutes, &seconds) < 2) return false;
    }
    serial =
        (*date - Date::from_ymd(1899, 12, 30)) + (hours * 3600 + minutes * 60 + seconds) / 86400.0;
    return true;
}

struct Relationship {
    std::string id;
    std::string type;
    std::string target;  ///< resolved to a package path
};

class RelationshipsHandler : public XmlHandler {
public:
    explicit RelationshipsHandler(std::string base_dir) : base_dir_(std::move(base_dir)) {}
    std::vector<Relationship> relationships;

    void start(std::string_view local, const XmlAttributes& attrs) override {
        if (local != "Relationship" || attrs.get("TargetMode") == "External") return;
        relationships.push_back({std::string(attrs.get("Id")), std::string(attrs.get("Type")),
                                 resolve_target(base_dir_, std::string(attrs.get("Target")))});
    }
    void end(std::string_view) override {}

private:
    std::string base_dir_;
};

struct SheetEntry {
    std::string name;
    std::string rel_id;
    std::string path;
    bool hidden = false;
};

class WorkbookHandler : public XmlHandler {
public:
    std::vector<SheetEntry> sheets;
    bool date1904 = false;

    void start(std::string_view local, const XmlAttributes& attrs) override {
        if (local == "workbookPr") {
            date1904 = is_true(attrs.get("date1904"));
        } else if (local == "sheet") {
            SheetEntry sheet;
            sheet.name = attrs.get("name");
            const std::string_view state = attrs.get("state");
            sheet.hidden = state == "hidden" || state == "veryHidden";
            // r:id lives in the relationships namespace, whose URI differs in Strict OOXML.
            sheet.rel_id = attrs.get_namespaced("id");
            sheets.push_back(std::move(sheet));
        }
    }
    void end(std::string_view) override {}
};

class StylesHandler : public XmlHandler {
public:
    std::vector<bool> date_styles;  ///< by cellXfs index

    void start(std::string_view local, const XmlAttributes& attrs) override {
        if (local == "numFmt") {
            uint64_t id = 0;
            if (parse_uint(attrs.get("numFmtId"), id)) {
                custom_formats_[static_cast<int>(id)] = attrs.get("formatCode");
            }
        } else if (local == "cellXfs") {
            in_cell_xfs_ = true;
        } else if (local == "xf" && in_cell_xfs_) {
            uint64_t id = 0;
            xf_formats_.push_back(parse_uint(attrs.get("numFmtId"), id) ? static_cast<int>(id)
                                                                          : 0);
        }
    }
    void end(std::string_view local) override {
        if (local == "cellXfs") in_cell_xfs_ = false;
    }
    /// Resolves each cell style's format once the part is read.
    void finish() {
        // numFmts precede cellXfs in the schema, but resolving at the end does not rely on it.
        for (const int id : xf_formats_) {
            const auto custom = custom_formats_.find(id);
            date_styles.push_back(custom != custom_formats_.end()
                                      ? is_date_format_code(custom->second)
                                      : is_builtin_date_format(id));
        }
    }

private:
    bool in_cell_xfs_ = false;
    std::map<int, std::string> custom_formats_;
    std::vector<int> xf_formats_;
};

// Collects the text of <si> or <is>: plain <t>, or the <t> of each rich-text run <r>,
// skipping phonetic hints (<rPh>) which are not part of the displayed text.
class RichTextCollector {
public:
    void start(std::string_view local) {
        if (local == "rPh") {
            ++phonetic_depth_;
        } else if (local == "t" && phonetic_depth_ == 0) {
            in_text_ = true;
        }
    }
    void end(std::string_view local) {
        if (local == "rPh" && phonetic_depth_ > 0) {
            --phonetic_depth_;
        } else if (local == "t") {
            in_text_ = false;
        }
    }
    void characters(std::string_view chars) {
        if (in_text_) text.append(chars);
    }
    void reset() {
        text.clear();
        phonetic_depth_ = 0;
        in_text_ = false;
    }
    std::string text;

private:
    int phonetic_depth_ = 0;
    bool in_text_ = false;
};

class SharedStringsHandler : public XmlHandler {
public:
    std::vector<std::string> strings;

    void start(std::string_view local, const XmlAttributes& attrs) override {
        if (local == "sst") {
            uint64_t count = 0;
            // Bounded so that a lying header cannot make us reserve gigabytes.
            if (parse_uint(attrs.get("uniqueCount"), count)) {
                strings.reserve(static_cast<std::size_t>(std::min<uint64_t>(count, 1u << 20)));
            }
        } else if (local == "si") {
            in_item_ = true;
            collector_.reset();
        } else if (in_item_) {
            collector_.start(local);
        }
    }
    void end(std::string_view local) override {
        if (local == "si") {
            in_item_ = false;
            strings.push_back(std::move(collector_.text));
            collector_.reset();
        } else if (in_item_) {
            collector_.end(local);
        }
    }
    void text(std::string_view chars) override {
        if (!in_item_) return;
        // The table stays in memory: a few kilobytes of zip must not unpack into gigabytes.
        held_ += static_cast<uint64_t>(chars.size());
        if (held_ > kMaxSharedStringBytes)
            throw InputError("the shared strings unpack to more than " +
                             std::to_string(kMaxSharedStringBytes >> 20) +
                             " MiB; this is not a partner export");
        collector_.characters(chars);
    }

    static constexpr uint64_t kMaxSharedStringBytes = 256u << 20;

private:
    bool in_item_ = false;
    uint64_t held_ = 0;
    RichTextCollector collector_;
};

// What cell values are decoded with.
struct WorkbookData {
    std::vector<std::string> shared_strings;
    std::vector<bool> date_styles;  ///< by style (cellXfs) index
    bool date1904 = false;
};

}  // namespace

const XlsxCell* XlsxRow::at(uint32_t column) const {
    const auto it =
        std::lower_bound(cells.begin(), cells.end(), column,
                         [](const XlsxCell& c, uint32_t col) { return c.column < col; });
    return it != cells.end() && it->column == column ? &*it : nullptr;
}

struct XlsxReader::Impl : WorkbookData {
    std::string data;
    std::map<std::string, Poco::Zip::ZipLocalFileHeader> entries;  ///< by part_key
    std::vector<std::string> entry_names;                          ///< as stored, for errors
    std::vector<SheetEntry> sheets;

    const Poco::Zip::ZipLocalFileHeader* find(const std::string& path) const {
        const auto it = entries.find(part_key(path));
        return it == entries.end() ? nullptr : &it->second;
    }

    // The part's zip entry, if it is there and can be read.
    const Poco::Zip::ZipLocalFileHeader& readable(const std::string& path,
                                                  const std::string& what) const {
        const auto* header = find(path);
        if (!header) throw InputError(what + ": part " + path + " is missing from the workbook");
        if (header->isEncrypted()) throw InputError(what + ": part " + path + " is encrypted");
        if (!header->hasSupportedCompressionMethod()) {
            throw InputError(what + ": part " + path + " uses an unsupported zip compression");
        }
        return *header;
    }

    // Parses one part with `handler`; a StopXml thrown by the handler ends it quietly.
    void parse_part(const std::string& path, XmlHandler& handler,
                    const std::string& what) const {
        const auto& header = readable(path, what);
        MemoryBuffer buffer(data.data(), data.size());
        std::istream raw(&buffer);
        try {
            Poco::Zip::ZipInputStream zip(raw, header, true);
            // An early stop leaves bytes unread, so the CRC can only be checked after a full read.
            if (parse_xml(zip, handler) && !zip.crcValid()) {
                throw InputError(what + ": part " + path + " is corrupt (CRC mismatch)");
            }
        } catch (const XmlSyntaxError& e) {
            throw InputError(what + ": cannot read part " + path + ": " + e.what());
        } catch (const Poco::Exception& e) {
            throw InputError(what + ": cannot read part " + path + ": " + e.displayText());
        }
    }

    // One part's bytes, read whole; `crc_valid` says whether they match the zip's checksum,
    // which a parse that reads them to the end reports.
    std::string read_part(const std::string& path, const std::string& what,
                          bool& crc_valid) const {
        const auto& header = readable(path, what);
        MemoryBuffer buffer(data.data(), data.size());
        std::istream raw(&buffer);
        try {
            Poco::Zip::ZipInputStream zip(raw, header, true);
            std::string bytes;
            // As much as the zip says, within reason: a crafted header may claim gigabytes.
            bytes.reserve(std::min<std::size_t>(header.getUncompressedSize(), 64 << 20));
            append_all(zip, bytes);
            crc_valid = zip.crcValid();
            return bytes;
        } catch (const Poco::Exception& e) {
            throw InputError(what + ": cannot read part " + path + ": " + e.displayText());
        }
    }

    const SheetEntry& sheet(const std::string& name) const {
        for (const auto& s : sheets) {
            if (s.name == name) return s;
        }
        // Excel itself treats sheet names case-insensitively.
        const SheetEntry* match = nullptr;
        for (const auto& s : sheets) {
            if (ascii_lower(s.name) == ascii_lower(name)) {
                if (match) {
                    match = nullptr;
                    break;
                }
                match = &s;
            }
        }
        if (match) return *match;
        std::string list;
        for (const auto& s : sheets) list += (list.empty() ? "'" : ", '") + s.name + "'";
        throw InputError("sheet '" + name + "' not found; the workbook has " +
                         (list.empty() ? std::string("no sheets") : list));
    }

    std::vector<Relationship> relationships(const std::string& rels_path) const {
        if (!find(rels_path)) return {};
        // Package-root relationships (_rels/.rels) resolve against the root.
        const std::string rels_dir = directory_of(rels_path);
        const std::string source_dir = directory_of(rels_dir);
        RelationshipsHandler handler(source_dir);
        parse_part(rels_path, handler, "not a readable .xlsx workbook");
        return std::move(handler.relationships);
    }
};

namespace {

// Streams the rows of one worksheet; keeps only the current row.
class SheetHandler : public XmlHandler {
public:
    SheetHandler(const WorkbookData& book, const std::string& sheet_name,
                 const std::function<void(const XlsxRow&)>* on_row)
        : book_(book), sheet_name_(sheet_name), on_row_(on_row) {}

    std::vector<uint32_t> hidden_columns;
    std::exception_ptr callback_error;

    void start(std::string_view local, const XmlAttributes& attrs) override {
        if (!on_row_ && (local == "sheetData" || local == "row")) {
            // Only the <cols> were wanted, and they come before any row (a row outside
            // <sheetData> is malformed, but must not reach the absent callback).
            throw StopXml{};
        }
        if (in_cell_) {
            start_in_cell(local);
        } else if (local == "c" && in_row_) {
            start_cell(attrs);
        } else if (local == "row") {
            start_row(attrs);
        } else if (local == "col") {
            add_hidden_columns(attrs);
        }
    }

    void end(std::string_view local) override {
        if (in_cell_) {
            if (local == "c") {
                in_cell_ = false;
                finish_cell();
            } else {
                end_in_cell(local);
            }
        } else if (local == "row" && in_row_) {
            in_row_ = false;
            finish_row();
        }
    }

    void text(std::string_view chars) override {
        if (!in_cell_) return;
        if (in_value_) {
            value_.append(chars);
        } else if (in_inline_) {
            inline_.characters(chars);
        }
    }

private:
    std::string where() const { return "sheet '" + sheet_name_ + "' cell " + cell_.ref; }

    void add_hidden_columns(const XmlAttributes& attrs) {
        if (!is_true(attrs.get("hidden"))) return;
        uint64_t min = 0, max = 0;
        if (!parse_uint(attrs.get("min"), min) || !parse_uint(attrs.get("max"), max)) return;
        max = std::min<uint64_t>(max, kMaxColumns);
        for (uint64_t c = std::max<uint64_t>(min, 1); c <= max; ++c) {
            hidden_columns.push_back(static_cast<uint32_t>(c - 1));
        }
    }

    void start_row(const XmlAttributes& attrs) {
        in_row_ = true;
        uint64_t number = 0;
        if (attrs.has("r")) {
            if (!parse_uint(attrs.get("r"), number) || number == 0 || number > UINT32_MAX) {
                throw InputError("sheet '" + sheet_name_ + "': row number '" +
                                 std::string(attrs.get("r")) + "' is not valid");
            }
        } else {
            number = uint64_t{row_.number} + 1;  // writers may omit r for consecutive rows
        }
        row_.number = static_cast<uint32_t>(number);
        row_.hidden = is_true(attrs.get("hidden"));
        row_.cells.clear();
        next_column_ = 0;
    }

    void start_cell(const XmlAttributes& attrs) {
        in_cell_ = true;
        cell_ = XlsxCell{};
        value_.clear();
        inline_.reset();
        has_value_ = false;
        in_value_ = in_inline_ = false;
        type_ = attrs.get("t");
        style_ = 0;
        uint64_t style = 0;
        if (parse_uint(attrs.get("s"), style) && style < UINT32_MAX)
            style_ = static_cast<uint32_t>(style);
        if (attrs.has("r")) {
            cell_.ref = attrs.get("r");
            uint32_t row = 0;
            if (!parse_ref(cell_.ref, cell_.column, row)) {
                throw InputError("sheet '" + sheet_name_ + "' row " + std::to_string(row_.number) +
                                 ": cell reference '" + cell_.ref + "' is not valid");
            }
        } else {
            cell_.column = next_column_;  // writers may omit r for consecutive cells
            cell_.ref = column_letters(cell_.column) + std::to_string(row_.number);
        }
        next_column_ = cell_.column + 1;
    }

    void start_in_cell(std::string_view local) {
        if (in_inline_) {
            inline_.start(local);
        } else if (local == "v") {
            in_value_ = true;
            has_value_ = true;
        } else if (local == "f") {
            cell_.has_formula = true;
        } else if (local == "is") {
            in_inline_ = true;
            has_value_ = true;
        }
    }

    void end_in_cell(std::string_view local) {
        if (local == "v") {
            in_value_ = false;
        } else if (local == "is") {
            in_inline_ = false;
        } else if (in_inline_) {
            inline_.end(local);
        }
    }

    void finish_cell() {
        if (!has_value_) {
            // A styled blank is not a cell worth reporting; a formula without a result is.
            if (!cell_.has_formula) return;
            cell_.has_cached_value = false;
            row_.cells.push_back(std::move(cell_));
            return;
        }
        if (type_.empty() || type_ == "n") {
            set_number();
        } else if (type_ == "s") {
            uint64_t index = 0;
            if (!parse_uint(value_, index)) {
                throw InputError(where() + ": shared string index '" + value_ +
                                 "' is not a number");
            }
            if (index >= book_.shared_strings.size()) {
                throw InputError(where() + " refers to shared string " + std::to_string(index) +
                                 " but the workbook has " +
                                 std::to_string(book_.shared_strings.size()));
            }
            cell_.type = XlsxCell::Type::kString;
            cell_.text = book_.shared_strings[static_cast<std::size_t>(index)];
        } else if (type_ == "inlineStr") {
            cell_.type = XlsxCell::Type::kString;
            cell_.text = std::move(inline_.text);
        } else if (type_ == "str") {
            cell_.type = XlsxCell::Type::kString;
            cell_.text = std::move(value_);
        } else if (type_ == "b") {
            const std::string v(trim(value_, " \t\r\n"));
            if (v != "0" && v != "1" && v != "true" && v != "false") {
                throw InputError(where() + ": boolean value '" + value_ + "' is not 0 or 1");
            }
            cell_.type = XlsxCell::Type::kBool;
            cell_.number = v == "1" || v == "true" ? 1 : 0;
        } else if (type_ == "e") {
            cell_.type = XlsxCell::Type::kError;
            cell_.text = std::move(value_);
        } else if (type_ == "d") {
            if (!iso_to_serial(value_, cell_.number)) {
                throw InputError(where() + ": date value '" + value_ + "' is not ISO 8601");
            }
            cell_.type = XlsxCell::Type::kNumber;
            cell_.text = std::move(value_);
            cell_.is_date = true;
        } else {
            throw InputError(where() + ": unknown cell type t=\"" + type_ + "\"");
        }
        row_.cells.push_back(std::move(cell_));
    }

    void set_number() {
        if (!parse_double(value_, cell_.number)) {
            throw InputError(where() + ": value '" + value_ + "' is not a number");
        }
        cell_.type = XlsxCell::Type::kNumber;
        cell_.text = std::move(value_);
        cell_.is_date = style_ < book_.date_styles.size() && book_.date_styles[style_];
        if (cell_.is_date && book_.date1904) cell_.number += kDays1904To1900;
    }

    void finish_row() {
        // The schema requires column order; sorting keeps at() correct for writers that do not.
        if (!std::is_sorted(
                row_.cells.begin(), row_.cells.end(),
                [](const XlsxCell& a, const XlsxCell& b) { return a.column < b.column; })) {
            std::stable_sort(
                row_.cells.begin(), row_.cells.end(),
                [](const XlsxCell& a, const XlsxCell& b) { return a.column < b.column; });
        }
        try {
            (*on_row_)(row_);
        } catch (...) {
            // Carried past expat and Poco so that the caller's own exception reaches it intact.
            callback_error = std::current_exception();
            throw StopXml{};
        }
    }

    const WorkbookData& book_;
    const std::string& sheet_name_;
    const std::function<void(const XlsxRow&)>* on_row_;  ///< null: read the <cols> only

    XlsxRow row_;
    XlsxCell cell_;
    std::string type_;
    uint32_t style_ = 0;
    uint32_t next_column_ = 0;
    std::string value_;
    RichTextCollector inline_;
    bool in_row_ = false;
    bool in_cell_ = false;
    bool in_value_ = false;
    bool in_inline_ = false;
    bool has_value_ = false;
};

constexpr const char* kNotXlsx = "not an .xlsx workbook (zip): ";

}  // namespace

XlsxReader::XlsxReader(std::istream& in) : impl_(std::make_unique<Impl>()) {
    auto& book = *impl_;
    append_all(in, book.data);
    if (book.data.empty()) throw InputError(std::string(kNotXlsx) + "the input is empty");
    if (book.data.compare(0, 4, "\xD0\xCF\x11\xE0") == 0) {
        throw InputError(std::string(kNotXlsx) +
                         "it is an OLE2 file: a legacy .xls or a password-protected workbook");
    }
    if (book.data.compare(0, 2, "PK") != 0) {
        throw InputError(std::string(kNotXlsx) + "the input does not start with a zip signature");
    }
    try {
        MemoryBuffer buffer(book.data.data(), book.data.size());
        std::istream raw(&buffer);
        const Poco::Zip::ZipArchive archive(raw);
        for (auto it = archive.headerBegin(); it != archive.headerEnd(); ++it) {
            // isDirectory() reads the name's last character: an empty name has none.
            if (it->first.empty() || it->second.isDirectory()) continue;
            book.entries.emplace(part_key(it->first), it->second);
            book.entry_names.push_back(it->first);
        }
    } catch (const Poco::Exception& e) {
        throw InputError(std::string(kNotXlsx) + "the zip is truncated or damaged (" +
                         e.displayText() + ")");
    }
    if (book.entries.empty()) throw InputError(std::string(kNotXlsx) + "no entries found");

    std::string workbook_path = "xl/workbook.xml";
    for (const auto& rel : book.relationships("_rels/.rels")) {
        if (ends_with(rel.type, "/officeDocument")) workbook_path = rel.target;
    }
    if (!book.find(workbook_path)) {
        std::string names;
        for (std::size_t i = 0; i < book.entry_names.size() && i < 5; ++i) {
            names += (i ? ", " : "") + book.entry_names[i];
        }
        throw InputError("not an .xlsx workbook: the zip has no " + workbook_path + " (it holds " +
                         names + (book.entry_names.size() > 5 ? ", ..." : "") + ")");
    }

    WorkbookHandler workbook;
    book.parse_part(workbook_path, workbook, "not a readable .xlsx workbook");
    book.date1904 = workbook.date1904;

    const std::string dir = directory_of(workbook_path);
    const std::string rels_path = (dir.empty() ? "" : dir + "/") + "_rels/" +
                                  workbook_path.substr(dir.empty() ? 0 : dir.size() + 1) + ".rels";
    std::string styles_path = resolve_target(dir, "styles.xml");
    std::string strings_path = resolve_target(dir, "sharedStrings.xml");
    std::map<std::string, std::string> targets;
    for (const auto& rel : book.relationships(rels_path)) {
        targets[rel.id] = rel.target;
        if (ends_with(rel.type, "/styles")) styles_path = rel.target;
        if (ends_with(rel.type, "/sharedStrings")) strings_path = rel.target;
    }
    for (auto& sheet : workbook.sheets) {
        const auto target = targets.find(sheet.rel_id);
        if (target == targets.end()) {
            throw InputError("not a readable .xlsx workbook: sheet '" + sheet.name +
                             "' has no relationship '" + sheet.rel_id + "' in " + rels_path);
        }
        sheet.path = target->second;
    }
    book.sheets = std::move(workbook.sheets);

    if (book.find(styles_path)) {
        StylesHandler styles;
        book.parse_part(styles_path, styles, "not a readable .xlsx workbook");
        styles.finish();
        book.date_styles = std::move(styles.date_styles);
    }
    if (book.find(strings_path)) {
        SharedStringsHandler strings;
        book.parse_part(strings_path, strings, "not a readable .xlsx workbook");
        book.shared_strings = std::move(strings.strings);
    }
}

XlsxReader::~XlsxReader() = default;
XlsxReader::XlsxReader(XlsxReader&&) noexcept = default;
XlsxReader& XlsxReader::operator=(XlsxReader&&) noexcept = default;

std::vector<std::string> XlsxReader::sheet_names() const {
    std::vector<std::string> names;
    for (const auto& sheet : impl_->sheets) names.push_back(sheet.name);
    return names;
}

bool XlsxReader::is_hidden(const std::string& sheet) const { return impl_->sheet(sheet).hidden; }

bool XlsxReader::uses_1904_dates() const { return impl_->date1904; }

std::vector<uint32_t> XlsxReader::hidden_columns(const std::string& sheet) const {
    const auto& entry = impl_->sheet(sheet);
    SheetHandler handler(static_cast<const WorkbookData&>(*impl_), entry.name, nullptr);
    impl_->parse_part(entry.path, handler, "sheet '" + entry.name + "'");
    auto columns = std::move(handler.hidden_columns);
    std::sort(columns.begin(), columns.end());
    columns.erase(std::unique(columns.begin(), columns.end()), columns.end());
    return columns;
}

void XlsxReader::read_sheet(const std::string& sheet,
                            const std::function<void(const XlsxRow&)>& on_row) const {
    const auto& entry = impl_->sheet(sheet);
    const std::string what = "sheet '" + entry.name + "'";
    const auto& book = static_cast<const WorkbookData&>(*impl_);
    bool crc_valid = false;
    const std::string part = impl_->read_part(entry.path, what, crc_valid);
    SheetHandler handler(book, entry.name, &on_row);
    bool complete = false;
    try {
        // The rows without expat where they have the plain shape; the part's other elements,
        // and any part of another shape, with it.
        if (const auto gap = plain_sheet_data(part)) {
            complete = parse_xml_with_gap(part, *gap, handler);
        } else {
            MemoryBuffer buffer(part.data(), part.size());
            std::istream in(&buffer);
            complete = parse_xml(in, handler);
        }
    } catch (const XmlSyntaxError& e) {
        throw InputError(what + ": cannot read part " + entry.path + ": " + e.what());
    }
    if (complete && !crc_valid)
        throw InputError(what + ": part " + entry.path + " is corrupt (CRC mismatch)");
    if (handler.callback_error) std::rethrow_exception(handler.callback_error);
}

Date excel_serial_to_date(double serial) {
    // 2958465 is 9999-12-31, Excel's last date.
    if (!std::isfinite(serial) || serial < 0 || serial >= 2958466) {
        throw InputError("Excel date serial " + std::to_string(serial) + " is out of range");
    }
    const auto day = static_cast<int32_t>(std::floor(serial));
    // Excel counts a 29 February 1900 that never was (serial 60): serials before it are one
    // day later than a plain count from 1899-12-30, and 60 itself is mapped to 28 February.
    if (day < 61) return Date::from_ymd(1899, 12, 31) + (day == 60 ? 59 : day);
    return Date(day - 25569);
}

}  // namespace sitrep
