// DVZ: one row per decision on a temporary-protection certificate, counted into months while
// the file streams past. Extracts run to millions of rows, so the exact row shape DVZ exports
// has a hand-written fast path; every other line takes the general path, which is also the one
// that words the problems.
#include "adapters/dvz_decisions.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "pipeline/foundation/strings.h"
#include "pipeline/model/date.h"
#include "pipeline/foundation/errors.h"
#include "pipeline/reference/areas.h"

namespace sitrep {
namespace {

constexpr std::string_view kHeader =
    "beslissingsdatum;beslissing;nationaliteit;geslacht;leeftijdsgroep;gemeente_nis";
constexpr std::string_view kBom = "\xEF\xBB\xBF";
constexpr std::string_view kFilePrefix = "dvz_tp_beslissingen_";
constexpr size_t kFields = 6;
constexpr size_t kRawLimit = 120;
constexpr size_t kValueLimit = 40;
// The fast path compares whole words, which may reach past the end of a short last line; the
// padding keeps those reads inside the buffer (their bytes never decide anything).
constexpr size_t kPadBytes = 64;
constexpr int kFirstYear = 1900;  // the years Date::is_valid_ymd accepts
constexpr int kLastYear = 2200;
constexpr int kMonths = (kLastYear - kFirstYear + 1) * 12;

// Each row increments one cell of decision x area x sex x age x nationality; the published
// marginals are summed once at the end, so a row costs one increment whatever is reported.
constexpr int kDecisions = 2;      // 0 issued (AFGEGEVEN), 1 refused (GEWEIGERD)
constexpr int kAreaSlots = 16;     // 0 municipality unknown, then provinces as first seen
constexpr int kSexes = 3;          // F (V), M, X
constexpr int kAges = 3;           // 0-17, 18-64, 65+
constexpr int kNationalities = 2;  // UKR, other
constexpr int kCells = kDecisions * kAreaSlots * kSexes * kAges * kNationalities;

constexpr int8_t kNisUnresolved = -2;
constexpr int8_t kNisNoProvince = -1;
constexpr unsigned kNisCodes = 100000;

constexpr std::array<std::string_view, kSexes> kSexCodes = {"F", "M", "X"};
constexpr std::array<std::string_view, kAges> kAgeGroups = {"0-17", "18-64", "65+"};

constexpr int cell_index(int decision, int area, int sex, int age, int other) {
    return (((decision * kAreaSlots + area) * kSexes + sex) * kAges + age) * kNationalities + other;
}

/// A count and the first and last data lines that contributed to it.
struct Cell {
    uint64_t count = 0;
    uint64_t first = 0;  // 0 while nothing contributed: line numbers start at 1
    uint64_t last = 0;

    void add(uint64_t line) {
        ++count;
        if (first == 0) first = line;
        last = line;
    }
    void merge(const Cell& o) {
        if (o.count == 0) return;
        first = count == 0 ? o.first : std::min(first, o.first);
        last = std::max(last, o.last);
        count += o.count;
    }
};

/// Everything counted for one calendar month.
struct MonthBlock {
    std::array<Cell, kCells> cells{};
    int32_t min_day = INT32_MAX;
    int32_t max_day = INT32_MIN;

    void saw_day(int32_t day) {
        min_day = std::min(min_day, day);
        max_day = std::max(max_day, day);
    }
};

// Words are compared as little-endian integers built from the literals below.
template <typename T>
T load_le(const char* p) {
    T v;
    std::memcpy(&v, p, sizeof v);
    if constexpr (std::endian::native == std::endian::big) {
        T r = 0;
        for (size_t i = 0; i < sizeof v; ++i)
            r = static_cast<T>((r << 8) | ((v >> (8 * i)) & 0xFF));
        v = r;
    }
    return v;
}

template <typename T>
constexpr T le_word(std::string_view s) {
    T v = 0;
    for (size_t i = s.size(); i-- > 0;)
        v = static_cast<T>((v << 8) | static_cast<unsigned char>(s[i]));
    return v;
}

constexpr uint64_t kIssuedWord = le_word<uint64_t>("AFGEGEVE");
constexpr uint64_t kRefusedWord = le_word<uint64_t>("GEWEIGER");
constexpr uint16_t kIssuedTail = le_word<uint16_t>("N;");
constexpr uint16_t kRefusedTail = le_word<uint16_t>("D;");
constexpr uint32_t kUkrWord = le_word<uint32_t>("UKR;");
constexpr uint16_t kSexV = le_word<uint16_t>("V;");
constexpr uint16_t kSexM = le_word<uint16_t>("M;");
constexpr uint16_t kSexX = le_word<uint16_t>("X;");
constexpr uint64_t kAgeAdult = le_word<uint64_t>("18-64;");
constexpr uint64_t kAgeChild = le_word<uint64_t>("0-17;");
constexpr uint64_t kAgeSenior = le_word<uint64_t>("65+;");
constexpr uint64_t kMask6 = 0xFFFF'FFFF'FFFFull;
constexpr uint64_t kMask5 = 0xFF'FFFF'FFFFull;
constexpr uint64_t kMask4 = 0xFFFF'FFFFull;
constexpr uint16_t kCrLf = le_word<uint16_t>("\r\n");

inline unsigned digit(char c) { return static_cast<unsigned>(static_cast<unsigned char>(c)) - '0'; }
inline bool is_upper(char c) {
    return static_cast<unsigned>(static_cast<unsigned char>(c)) - 'A' < 26;
}
inline bool is_ascii_letter(char c) { return is_upper(static_cast<char>(c & ~0x20)); }
inline char ascii_upper(char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 32) : c; }

bool equals_ignoring_case(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (ascii_upper(a[i]) != ascii_upper(b[i])) return false;
    return true;
}

// Spreadsheet exports sometimes quote every field; values never contain ';' or quotes.
std::string_view field_value(std::string_view s) {
    s = trim(s, " \t");
    if (s.size() >= 2 && s.front() == '"' && s.back() == '"')
        s = trim(s.substr(1, s.size() - 2), " \t");
    return s;
}

// The length of the well-formed UTF-8 sequence at s[i], or 0 when none starts there.
size_t utf8_sequence(std::string_view s, size_t i) {
    const auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
    const unsigned c = byte(i);
    if (c < 0x80) return 1;
    size_t n = 0;
    unsigned lo = 0x80, hi = 0xBF;  // allowed range of the second byte (no overlongs, surrogates)
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        if (c == 0xE0) lo = 0xA0;
        if (c == 0xED) hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        if (c == 0xF0) lo = 0x90;
        if (c == 0xF4) hi = 0x8F;
    } else {
        return 0;
    }
    if (i + n > s.size() || byte(i + 1) < lo || byte(i + 1) > hi) return 0;
    for (size_t k = 2; k < n; ++k)
        if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return 0;
    return n;
}

std::optional<size_t> first_invalid_utf8(std::string_view s) {
    for (size_t i = 0; i < s.size();) {
        const size_t n = utf8_sequence(s, i);
        if (n == 0) return i;
        i += n;
    }
    return std::nullopt;
}

// The text as it can safely be shown and stored: bytes that are not UTF-8 text or that are
// control characters become \xNN, and the result is cut at about `limit` bytes.
std::string printable(std::string_view s, size_t limit) {
    std::string out;
    for (size_t i = 0; i < s.size();) {
        if (out.size() >= limit) {
            out += "\xE2\x80\xA6";  // …
            break;
        }
        const size_t n = utf8_sequence(s, i);
        if (n == 0 || (n == 1 && static_cast<unsigned char>(s[i]) < 0x20)) {
            char esc[8];
            std::snprintf(esc, sizeof esc, "\\x%02X", static_cast<unsigned char>(s[i]));
            out += esc;
            ++i;
        } else {
            out.append(s.substr(i, n));
            i += n;
        }
    }
    return out;
}

// Built by appending: GCC 12 warns falsely (-Wrestrict) about "'" + std::string&& at -O3.
std::string quoted(std::string_view value) {
    std::string out = "'";
    out += printable(value, kValueLimit);
    out += '\'';
    return out;
}

std::string utf8_message(std::string_view what, std::string_view text, size_t at) {
    char buf[160];
    std::snprintf(buf, sizeof buf,
                  "%.*s is not valid UTF-8 (byte 0x%02X at column %zu): the file must be saved "
                  "as UTF-8",
                  static_cast<int>(what.size()), what.data(), static_cast<unsigned char>(text[at]),
                  at + 1);
    return buf;
}

struct Ymd {
    int y = 0;
    unsigned m = 0;
    unsigned d = 0;
};

// Reads up to `max_digits` digits from s at pos; false when there are none or too many.
bool read_number(std::string_view s, size_t& pos, size_t min_digits, size_t max_digits,
                 unsigned& out) {
    const size_t start = pos;
    out = 0;
    while (pos < s.size() && digit(s[pos]) < 10 && pos - start < max_digits + 1) {
        out = out * 10 + digit(s[pos]);
        ++pos;
    }
    const size_t n = pos - start;
    return n >= min_digits && n <= max_digits;
}

/// dd/mm/yyyy, dd.mm.yyyy (day and month may lack their leading zero) or yyyy-mm-dd.
std::optional<Ymd> parse_day(std::string_view s, std::string& error) {
    const auto shape_error = [&] {
        error = "date " + quoted(s) +
                " is not in a known form (dd/mm/yyyy, dd.mm.yyyy or yyyy-mm-dd)";
        return std::nullopt;
    };
    if (s.empty()) {
        error = "beslissingsdatum is empty (expected a date such as 31/01/2023)";
        return std::nullopt;
    }
    Ymd v;
    size_t pos = 0;
    unsigned a = 0, b = 0, c = 0;
    if (s.size() >= 5 && s[4] == '-') {
        if (!read_number(s, pos, 4, 4, a) || pos >= s.size() || s[pos++] != '-' ||
            !read_number(s, pos, 1, 2, b) || pos >= s.size() || s[pos++] != '-' ||
            !read_number(s, pos, 1, 2, c) || pos != s.size())
            return shape_error();
        v = {static_cast<int>(a), b, c};
    } else {
        if (!read_number(s, pos, 1, 2, a) || pos >= s.size()) return shape_error();
        const char sep = s[pos++];
        if ((sep != '/' && sep != '.') || !read_number(s, pos, 1, 2, b) || pos >= s.size() ||
            s[pos++] != sep || !read_number(s, pos, 4, 4, c) || pos != s.size())
            return shape_error();
        v = {static_cast<int>(c), b, a};
    }
    if (v.y < kFirstYear || v.y > kLastYear) {
        error = "date " + quoted(s) + " has a year outside " + std::to_string(kFirstYear) + "-" +
                std::to_string(kLastYear);
        return std::nullopt;
    }
    if (!Date::is_valid_ymd(v.y, v.m, v.d)) {
        error = "date " + quoted(s) + " is not a real day";
        return std::nullopt;
    }
    return v;
}

/// Streams one decisions file into per-month counts.
class DecisionsParser {
public:
    explicit DecisionsParser(size_t chunk_bytes) : chunk_bytes_(std::max<size_t>(chunk_bytes, 1)) {}

    ParseResult run(std::istream& in);

private:
    void lines(const char* p, const char* end);
    const char* fast_rows(const char* p, const char* end);
    MonthBlock* fast_date(const char* p, int32_t& day);
    void line(std::string_view text);
    void header(std::string_view text);
    void row(std::string_view text);
    void overlong_line(std::string_view start);
    void problem(std::string message, std::string_view raw);
    MonthBlock* block_for(int year, unsigned month);
    int resolve_nis(unsigned code);
    void emit();

    size_t chunk_bytes_;
    ParseResult result_;
    bool header_done_ = false;
    bool stop_ = false;
    uint64_t line_ = 0;
    uint64_t rows_ = 0;
    std::vector<int32_t> month_slot_ = std::vector<int32_t>(kMonths, -1);
    std::vector<std::unique_ptr<MonthBlock>> blocks_;
    std::vector<int8_t> nis_slot_ = std::vector<int8_t>(kNisCodes, kNisUnresolved);
    std::vector<std::string> provinces_;  // NUTS code of area slot i + 1
    // The fast path's last date: rows come in date order, so most rows repeat it.
    uint64_t fast_date8_ = 0;
    uint16_t fast_date2_ = 0;
    MonthBlock* fast_block_ = nullptr;
    int32_t fast_day_ = 0;
};

ParseResult DecisionsParser::run(std::istream& in) {
    const size_t max_line = kDvzDecisionsMaxLineBytes;
    // A partial line of up to max_line + 1 bytes (with its '\r') is carried to the next chunk.
    const size_t capacity = max_line + 2 + chunk_bytes_ + kPadBytes;
    const std::unique_ptr<char[]> buffer(new char[capacity]());
    char* const buf = buffer.get();
    size_t carry = 0;
    uint64_t total = 0;
    bool skipping = false;  // inside a line already reported as too long
    for (;;) {
        in.read(buf + carry, static_cast<std::streamsize>(chunk_bytes_));
        const size_t n = static_cast<size_t>(in.gcount());
        if (in.bad())
            throw InputError("reading the DVZ decisions file failed after " +
                             std::to_string(total + n) + " bytes");
        const bool eof = n < chunk_bytes_;
        total += n;
        char* start = buf;
        char* const data_end = buf + carry + n;
        if (skipping) {
            char* nl = static_cast<char*>(std::memchr(start, '\n', data_end - start));
            if (nl == nullptr) {
                carry = 0;
                if (eof) break;
                continue;
            }
            start = nl + 1;
            skipping = false;
        }
        const size_t last_nl = std::string_view(start, data_end - start).rfind('\n');
        if (last_nl != std::string_view::npos) {
            lines(start, start + last_nl + 1);
            if (stop_) return std::move(result_);
            start += last_nl + 1;
        }
        const size_t rest = data_end - start;
        if (eof) {
            if (rest > 0) line(std::string_view(start, rest));
            if (stop_) return std::move(result_);
            break;
        }
        if (rest > max_line + 1) {
            overlong_line(std::string_view(start, rest));
            if (stop_) return std::move(result_);
            skipping = true;
            carry = 0;
        } else {
            std::memmove(buf, start, rest);
            carry = rest;
        }
    }
    if (!header_done_) {
        result_.add_problem({"", "the file is empty", ""});
        return std::move(result_);
    }
    emit();
    return std::move(result_);
}

// [p, end) holds whole lines, the last one ending in '\n'.
void DecisionsParser::lines(const char* p, const char* end) {
    while (p < end) {
        if (header_done_) {
            p = fast_rows(p, end);
            if (p >= end) return;
        }
        const char* nl = static_cast<const char*>(std::memchr(p, '\n', end - p));
        line(std::string_view(p, nl - p));
        if (stop_) return;
        p = nl + 1;
    }
}

// Counts rows of exactly the shape DVZ exports (`dd/mm/yyyy;AFGEGEVEN;UKR;V;18-64;11029`, LF
// or CRLF) and returns where the first other line starts. Every byte up to and including the
// '\n' is checked against what that shape allows, so a shorter line or a stray byte always
// lands in the general path.
const char* DecisionsParser::fast_rows(const char* p, const char* end) {
    uint64_t line = line_;
    uint64_t date8 = fast_date8_;
    uint16_t date2 = fast_date2_;
    MonthBlock* block = fast_block_;
    int32_t day = fast_day_;
    bool new_day = false;
    const int8_t* nis_slot = nis_slot_.data();
    while (p < end) {
        const uint64_t w_date = load_le<uint64_t>(p);
        const uint16_t w_year = load_le<uint16_t>(p + 8);
        if (w_date != date8 || w_year != date2 || block == nullptr) {
            block = fast_date(p, day);
            if (block == nullptr) break;
            date8 = w_date;
            date2 = w_year;
            new_day = true;
        }
        if (p[10] != ';') break;
        const uint64_t w_decision = load_le<uint64_t>(p + 11);
        const uint16_t w_tail = load_le<uint16_t>(p + 19);
        int decision;
        if (w_decision == kIssuedWord && w_tail == kIssuedTail)
            decision = 0;
        else if (w_decision == kRefusedWord && w_tail == kRefusedTail)
            decision = 1;
        else
            break;
        int other = 0;
        if (load_le<uint32_t>(p + 21) != kUkrWord) {
            if (!is_upper(p[21]) || !is_upper(p[22]) || !is_upper(p[23]) || p[24] != ';') break;
            other = 1;
        }
        const uint16_t w_sex = load_le<uint16_t>(p + 25);
        int sex;
        if (w_sex == kSexV)
            sex = 0;
        else if (w_sex == kSexM)
            sex = 1;
        else if (w_sex == kSexX)
            sex = 2;
        else
            break;
        const uint64_t w_age = load_le<uint64_t>(p + 27);
        int age;
        const char* q;
        if ((w_age & kMask6) == kAgeAdult) {
            age = 1;
            q = p + 33;
        } else if ((w_age & kMask5) == kAgeChild) {
            age = 0;
            q = p + 32;
        } else if ((w_age & kMask4) == kAgeSenior) {
            age = 2;
            q = p + 31;
        } else {
            break;
        }
        int area;
        const char* next;
        if (q[0] == '\n') {
            area = 0;
            next = q + 1;
        } else if (load_le<uint16_t>(q) == kCrLf) {
            area = 0;
            next = q + 2;
        } else {
            const unsigned d0 = digit(q[0]), d1 = digit(q[1]), d2 = digit(q[2]), d3 = digit(q[3]),
                           d4 = digit(q[4]);
            if (d0 > 9 || d1 > 9 || d2 > 9 || d3 > 9 || d4 > 9) break;
            if (q[5] == '\n')
                next = q + 6;
            else if (load_le<uint16_t>(q + 5) == kCrLf)
                next = q + 7;
            else
                break;
            const unsigned code = (((d0 * 10 + d1) * 10 + d2) * 10 + d3) * 10 + d4;
            area = nis_slot[code];
            if (area < 0) {
                if (area == kNisNoProvince) break;
                area = resolve_nis(code);
                if (area < 0) break;
            }
        }
        ++line;
        if (new_day) {
            block->saw_day(day);
            new_day = false;
        }
        block->cells[cell_index(decision, area, sex, age, other)].add(line);
        p = next;
    }
    rows_ += line - line_;
    line_ = line;
    fast_date8_ = date8;
    fast_date2_ = date2;
    fast_block_ = block;
    fast_day_ = day;
    if (new_day) fast_block_ = nullptr;  // the day was never counted: look at it again
    return p;
}

// The month of a `dd/mm/yyyy` date at p, and its day number; nullptr for anything else.
MonthBlock* DecisionsParser::fast_date(const char* p, int32_t& day) {
    if (p[2] != '/' || p[5] != '/') return nullptr;
    const unsigned d0 = digit(p[0]), d1 = digit(p[1]), m0 = digit(p[3]), m1 = digit(p[4]),
                   y0 = digit(p[6]), y1 = digit(p[7]), y2 = digit(p[8]), y3 = digit(p[9]);
    if (d0 > 9 || d1 > 9 || m0 > 9 || m1 > 9 || y0 > 9 || y1 > 9 || y2 > 9 || y3 > 9)
        return nullptr;
    const int y = static_cast<int>(((y0 * 10 + y1) * 10 + y2) * 10 + y3);
    const unsigned m = m0 * 10 + m1;
    const unsigned d = d0 * 10 + d1;
    if (!Date::is_valid_ymd(y, m, d)) return nullptr;
    day = Date::from_ymd(y, m, d).days();
    return block_for(y, m);
}

MonthBlock* DecisionsParser::block_for(int year, unsigned month) {
    int32_t& slot = month_slot_[(year - kFirstYear) * 12 + (month - 1)];
    if (slot < 0) {
        slot = static_cast<int32_t>(blocks_.size());
        blocks_.push_back(std::make_unique<MonthBlock>());
    }
    return blocks_[slot].get();
}

// The area slot of a municipality, asking the reference data once per distinct code.
int DecisionsParser::resolve_nis(unsigned code) {
    char text[8];
    std::snprintf(text, sizeof text, "%05u", code);
    const auto province = province_of_nis(text);
    int slot = kNisNoProvince;
    if (province) {
        const auto it = std::find(provinces_.begin(), provinces_.end(), *province);
        if (it != provinces_.end()) {
            slot = static_cast<int>(it - provinces_.begin()) + 1;
        } else {
            if (provinces_.size() + 1 >= static_cast<size_t>(kAreaSlots))
                throw Error("the DVZ decisions adapter counts at most " +
                            std::to_string(kAreaSlots - 1) + " provinces");
            provinces_.push_back(*province);
            slot = static_cast<int>(provinces_.size());
        }
    }
    nis_slot_[code] = static_cast<int8_t>(slot);
    return slot;
}

void DecisionsParser::line(std::string_view text) {
    ++line_;
    if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
    if (!header_done_)
        header(text);
    else
        row(text);
}

void DecisionsParser::header(std::string_view text) {
    if (line_ == 1 && text.starts_with(kBom)) text.remove_prefix(kBom.size());
    if (trim(text, " \t").empty()) return;  // blank lines above the header are harmless
    header_done_ = true;
    if (text.starts_with("\xFF\xFE") || text.starts_with("\xFE\xFF")) {
        problem("the file is UTF-16: it must be saved as UTF-8", text);
        stop_ = true;
        return;
    }
    if (const auto bad = first_invalid_utf8(text)) {
        problem(utf8_message("the header", text, *bad), text);
        stop_ = true;
        return;
    }
    std::string found;
    size_t pos = 0;
    for (;;) {
        const size_t semi = text.find(';', pos);
        const std::string_view name =
            field_value(text.substr(pos, semi == std::string_view::npos ? semi : semi - pos));
        for (char c : name) found += c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c;
        if (semi == std::string_view::npos) break;
        found += ';';
        pos = semi + 1;
    }
    if (found != kHeader) {
        problem("header must be '" + std::string(kHeader) + "'; found '" +
                    printable(text, kRawLimit) + "'",
                text);
        stop_ = true;
    }
}

void DecisionsParser::overlong_line(std::string_view start) {
    ++line_;
    const std::string longer =
        "longer than " + std::to_string(kDvzDecisionsMaxLineBytes) + " bytes";
    if (!header_done_) {
        header_done_ = true;
        problem("header must be '" + std::string(kHeader) + "'; found a line " + longer, start);
        stop_ = true;
        return;
    }
    ++rows_;
    problem("line is " + longer, start);
}

void DecisionsParser::row(std::string_view text) {
    if (text.empty()) return;  // the empty line DVZ exports end with
    ++rows_;
    if (text.size() > kDvzDecisionsMaxLineBytes) {
        problem("line is longer than " + std::to_string(kDvzDecisionsMaxLineBytes) + " bytes",
                text);
        return;
    }
    if (const auto bad = first_invalid_utf8(text)) {
        problem(utf8_message("the line", text, *bad), text);
        return;
    }
    std::array<std::string_view, kFields> f;
    size_t count = 0;
    size_t pos = 0;
    for (;;) {
        const size_t semi = text.find(';', pos);
        const std::string_view raw =
            text.substr(pos, semi == std::string_view::npos ? semi : semi - pos);
        if (count < kFields) f[count] = field_value(raw);
        ++count;
        if (semi == std::string_view::npos) break;
        pos = semi + 1;
    }
    if (count != kFields) {
        std::string message =
            std::to_string(kFields) + " fields expected, found " + std::to_string(count);
        if (count == 1 && text.find(',') != std::string_view::npos)
            message += " (fields are separated by ';', not ',')";
        problem(message, text);
        return;
    }

    std::string_view first = f[0];
    if (first.starts_with(kBom)) first.remove_prefix(kBom.size());
    if (equals_ignoring_case(first, "beslissingsdatum")) {
        problem("the header appears again: were two files joined into one?", text);
        return;
    }

    std::string error;
    const auto ymd = parse_day(f[0], error);
    if (!ymd) {
        problem(error, text);
        return;
    }

    int decision;
    if (equals_ignoring_case(f[1], "AFGEGEVEN")) {
        decision = 0;
    } else if (equals_ignoring_case(f[1], "GEWEIGERD")) {
        decision = 1;
    } else {
        problem(f[1].empty()
                    ? "beslissing is empty (expected AFGEGEVEN or GEWEIGERD)"
                    : "unknown decision " + quoted(f[1]) + " (expected AFGEGEVEN or GEWEIGERD)",
                text);
        return;
    }

    const std::string_view nat = f[2];
    if (nat.size() != 3 || !is_ascii_letter(nat[0]) || !is_ascii_letter(nat[1]) ||
        !is_ascii_letter(nat[2])) {
        problem(nat.empty() ? "nationaliteit is empty (expected an ISO 3166 alpha-3 code such "
                              "as UKR)"
                            : "nationaliteit " + quoted(nat) +
                                  " is not an ISO 3166 alpha-3 code (three letters such as UKR)",
                text);
        return;
    }
    const int other = equals_ignoring_case(nat, "UKR") ? 0 : 1;

    int sex;
    if (equals_ignoring_case(f[3], "V")) {
        sex = 0;
    } else if (equals_ignoring_case(f[3], "M")) {
        sex = 1;
    } else if (equals_ignoring_case(f[3], "X")) {
        sex = 2;
    } else {
        problem("geslacht " + quoted(f[3]) + " is not M, V (vrouw) or X", text);
        return;
    }

    const auto age_it = std::find(kAgeGroups.begin(), kAgeGroups.end(), f[4]);
    if (age_it == kAgeGroups.end()) {
        problem("leeftijdsgroep " + quoted(f[4]) + " is not 0-17, 18-64 or 65+", text);
        return;
    }
    const int age = static_cast<int>(age_it - kAgeGroups.begin());

    int area = 0;
    const std::string_view nis = f[5];
    if (!nis.empty()) {
        unsigned code = 0;
        size_t p = 0;
        if (nis.size() != 5 || !read_number(nis, p, 5, 5, code)) {
            problem("gemeente_nis " + quoted(nis) + " is not a 5-digit NIS code", text);
            return;
        }
        area = nis_slot_[code];
        if (area == kNisUnresolved) area = resolve_nis(code);
        if (area < 0) {
            problem("NIS code " + quoted(nis) + " names no Belgian province", text);
            return;
        }
    }

    MonthBlock* block = block_for(ymd->y, ymd->m);
    block->saw_day(Date::from_ymd(ymd->y, ymd->m, ymd->d).days());
    block->cells[cell_index(decision, area, sex, age, other)].add(line_);
}

void DecisionsParser::problem(std::string message, std::string_view raw) {
    result_.add_problem(
        {"line " + std::to_string(line_), std::move(message), printable(raw, kRawLimit)});
}

std::string lines_of(const Cell& c) {
    if (c.first == c.last) return "line " + std::to_string(c.first);
    return "lines " + std::to_string(c.first) + "-" + std::to_string(c.last);
}

void DecisionsParser::emit() {
    result_.rows = rows_;
    // Provinces in NUTS order, each with its region, for a stable output order.
    std::vector<std::pair<std::string, int>> provinces;
    for (size_t i = 0; i < provinces_.size(); ++i)
        provinces.emplace_back(provinces_[i], static_cast<int>(i) + 1);
    std::sort(provinces.begin(), provinces.end());

    int32_t last_day = INT32_MIN;
    for (const int32_t slot : month_slot_) {
        if (slot < 0) continue;
        const MonthBlock& b = *blocks_[slot];
        if (b.min_day > b.max_day) continue;  // its only rows were rejected
        last_day = std::max(last_day, b.max_day);

        Cell issued, refused;
        std::array<Cell, kAreaSlots> by_area{};
        std::array<Cell, kSexes> by_sex{};
        std::array<Cell, kAges> by_age{};
        std::array<Cell, kNationalities> by_nat{};
        for (int decision = 0; decision < kDecisions; ++decision)
            for (int area = 0; area < kAreaSlots; ++area)
                for (int sex = 0; sex < kSexes; ++sex)
                    for (int age = 0; age < kAges; ++age)
                        for (int nat = 0; nat < kNationalities; ++nat) {
                            const Cell& c = b.cells[cell_index(decision, area, sex, age, nat)];
                            if (c.count == 0) continue;
                            if (decision == 0) {
                                issued.merge(c);
                                by_area[area].merge(c);
                                by_sex[sex].merge(c);
                                by_age[age].merge(c);
                            } else {
                                refused.merge(c);
                                by_nat[nat].merge(c);
                            }
                        }

        const Date from(b.min_day), to(b.max_day);
        const auto add = [&](std::string_view indicator, std::string area, Breakdown breakdown,
                             const Cell& c) {
            if (c.count == 0) return;
            result_.observations.push_back({std::string(indicator), std::move(area), from, to,
                                            std::move(breakdown), static_cast<double>(c.count),
                                            Unit::kCount, lines_of(c)});
        };
        constexpr std::string_view kIssued = "tp.certificates.issued";
        constexpr std::string_view kRefused = "tp.certificates.refused";
        add(kIssued, "BE", {}, issued);
        std::map<std::string, Cell> regions;
        for (const auto& [nuts, slot_of] : provinces)
            regions[region_of(nuts)].merge(by_area[slot_of]);
        for (const auto& [nuts, c] : regions) add(kIssued, nuts, {}, c);
        for (const auto& [nuts, slot_of] : provinces) add(kIssued, nuts, {}, by_area[slot_of]);
        add(kIssued, "BE", {{"area", "unknown"}}, by_area[0]);
        for (int s = 0; s < kSexes; ++s)
            add(kIssued, "BE", {{"sex", std::string(kSexCodes[s])}}, by_sex[s]);
        for (int a = 0; a < kAges; ++a)
            add(kIssued, "BE", {{"age", std::string(kAgeGroups[a])}}, by_age[a]);
        add(kRefused, "BE", {}, refused);
        add(kRefused, "BE", {{"nationality", "UKR"}}, by_nat[0]);
        add(kRefused, "BE", {{"nationality", "other"}}, by_nat[1]);
    }
    if (last_day != INT32_MIN) result_.reference_date = Date(last_day);
}

// The YYYYMMDD after the prefix, for a file that holds no decision to date it by.
std::optional<Date> date_in_name(std::string_view name) {
    if (name.size() < kFilePrefix.size() + 8) return std::nullopt;
    const std::string_view digits = name.substr(kFilePrefix.size(), 8);
    unsigned v = 0;
    size_t pos = 0;
    if (!read_number(digits, pos, 8, 8, v)) return std::nullopt;
    const int y = static_cast<int>(v / 10000);
    const unsigned m = v / 100 % 100, d = v % 100;
    if (!Date::is_valid_ymd(y, m, d)) return std::nullopt;
    return Date::from_ymd(y, m, d);
}

std::string_view base_name(std::string_view path) {
    const size_t slash = path.find_last_of("/\\");
    return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

class DvzDecisionsAdapter final : public Adapter {
public:
    std::string partner(std::string_view) const override { return "dvz"; }
    std::string_view feed() const override { return "dvz.decisions"; }

    // Also takes corrections (`_v2`) and copies (`... (1).csv`): they share prefix and extension.
    std::string pattern() const override { return "dvz_tp_beslissingen_*.csv"; }
    bool accepts(std::string_view file_name) const override {
        const std::string_view name = base_name(file_name);
        return name.size() > kFilePrefix.size() + 4 &&
               equals_ignoring_case(name.substr(0, kFilePrefix.size()), kFilePrefix) &&
               equals_ignoring_case(name.substr(name.size() - 4), ".csv");
    }

    ParseResult parse(std::string_view file_name, std::istream& in) const override {
        ParseResult r = parse_dvz_decisions(in);
        // A day without decisions is a valid file; its name still says which day it covers.
        if (!r.reference_date && r.problem_count == 0)
            r.reference_date = date_in_name(base_name(file_name));
        return r;
    }
};

static const AdapterRegistrar kRegistrar{std::make_unique<DvzDecisionsAdapter>()};

}  // namespace

ParseResult parse_dvz_decisions(std::istream& in, size_t chunk_bytes) {
    return DecisionsParser(chunk_bytes).run(in);
}

}  // namespace sitrep
