#include "pipeline/text/numbers.h"

#include <cmath>
#include <string>

namespace sitrep {
namespace {

constexpr const char* kBadGrouping =
    "is not a number (digits grouped by spaces come in threes, e.g. 1 234)";

// The byte length of a space that groups thousands at `s[i]`: ASCII, no-break (C2 A0), narrow
// no-break (E2 80 AF) or thin (E2 80 89); 0 when there is none.
size_t space_at(std::string_view s, size_t i) {
    if (s[i] == ' ') return 1;
    if (s.substr(i, 2) == "\xC2\xA0") return 2;
    if (s.substr(i, 3) == "\xE2\x80\xAF" || s.substr(i, 3) == "\xE2\x80\x89") return 3;
    return 0;
}

// The length of a space, tab or quote that ends `s`, or 0.
size_t padding_at_end(std::string_view s) {
    if (s.back() == '\t' || s.back() == '"') return 1;
    for (size_t n = 1; n <= 3 && n <= s.size(); ++n)
        if (space_at(s, s.size() - n) == n) return n;
    return 0;
}

// Not the foundation's trim: a count's padding also holds quotes and the no-break and thin
// spaces a spreadsheet writes, which are only white space around a number.
std::string_view trim_padding(std::string_view s) {
    while (!s.empty()) {
        const size_t n = s.front() == '\t' || s.front() == '"' ? 1 : space_at(s, 0);
        if (n == 0) break;
        s.remove_prefix(n);
    }
    while (!s.empty()) {
        const size_t n = padding_at_end(s);
        if (n == 0) break;
        s.remove_suffix(n);
    }
    return s;
}

bool all_digits(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s)
        if (c < '0' || c > '9') return false;
    return true;
}

// True when `s` is d{1,3}(SEP ddd)+ : digits grouped by thousands with `sep`.
bool grouped(std::string_view s, char sep) {
    const size_t first = s.find(sep);
    if (first == std::string_view::npos || first == 0 || first > 3) return false;
    if (!all_digits(s.substr(0, first))) return false;
    // `0.844` is a decimal: no one writes a leading zero before a thousands separator.
    if (s[0] == '0') return false;
    size_t pos = first;
    while (pos < s.size()) {
        if (s[pos] != sep || pos + 4 > s.size()) return false;
        if (!all_digits(s.substr(pos + 1, 3))) return false;
        pos += 4;
    }
    return true;
}

// Copies `s` without the spaces that group its whole part by thousands (`12 345 678,5`). Returns
// why not when spaces appear elsewhere or groups are not of three (`4 4` is two numbers, not 44).
std::string ungroup_spaces(std::string_view s, std::string& out) {
    size_t i = 0, group = 0;
    bool spaced = false;
    for (; i < s.size(); ++i) {
        if (const size_t n = space_at(s, i)) {
            const bool first_ok = group >= 1 && group <= 3 && out[0] != '0';
            if (spaced ? group != 3 : !first_ok) return kBadGrouping;
            spaced = true;
            group = 0;
            i += n - 1;
        } else if (s[i] >= '0' && s[i] <= '9') {
            out += s[i];
            ++group;
        } else {
            break;
        }
    }
    if (spaced && group != 3) return kBadGrouping;
    for (size_t j = i; j < s.size(); ++j)
        if (space_at(s, j)) return "is not a number";
    out += s.substr(i);
    return "";
}

NumberParse fail(std::string_view text, const std::string& why) {
    return {std::nullopt, "'" + std::string(text) + "' " + why};
}

}  // namespace

NumberParse parse_number(std::string_view text) {
    std::string_view s = trim_padding(text);
    if (s.empty()) return fail(text, "is empty where a number is expected");
    bool percent = false;
    if (s.back() == '%') {
        percent = true;
        s.remove_suffix(1);
        s = trim_padding(s);
    }
    if (!s.empty() && s.front() == '-') return fail(text, "is negative; counts are never negative");
    // A sign is no part of a count or a share: `+5` is most likely a change, not a figure.
    if (!s.empty() && s.front() == '+')
        return fail(text, "has a sign; a figure is written without one");

    std::string t;
    if (const std::string why = ungroup_spaces(s, t); !why.empty()) return fail(text, why);
    std::string_view v = t;
    std::string normal;  // digits and at most one '.' as decimal point
    const bool has_dot = v.find('.') != std::string_view::npos;
    const bool has_comma = v.find(',') != std::string_view::npos;
    if (has_dot && has_comma) {
        // Belgian: '.' groups thousands, ',' is the decimal mark.
        const size_t comma = v.rfind(',');
        std::string_view whole = v.substr(0, comma);
        std::string_view frac = v.substr(comma + 1);
        if (!grouped(whole, '.') || !all_digits(frac) || v.find(',') != comma)
            return fail(text, "is not a number (mixed '.' and ',' in an unknown style)");
        for (char c : whole)
            if (c != '.') normal += c;
        normal += '.';
        normal += frac;
    } else if (has_comma) {
        // Belgian decimal comma: `59,40` is 59.4.
        const size_t comma = v.find(',');
        if (v.rfind(',') != comma || !all_digits(v.substr(0, comma)) ||
            !all_digits(v.substr(comma + 1)))
            return fail(text, "is not a number");
        normal = std::string(v.substr(0, comma)) + "." + std::string(v.substr(comma + 1));
    } else if (has_dot) {
        if (grouped(v, '.')) {
            for (char c : v)
                if (c != '.') normal += c;
        } else {
            const size_t dot = v.find('.');
            if (v.rfind('.') != dot || !all_digits(v.substr(0, dot)) ||
                !all_digits(v.substr(dot + 1)))
                return fail(text, "is not a number");
            normal = std::string(v);
        }
    } else {
        if (!all_digits(v)) return fail(text, "is not a number");
        normal = std::string(v);
    }
    if (normal.size() > 18) return fail(text, "is too large to be a plausible figure");
    double value = std::stod(normal);
    if (percent) value /= 100.0;
    return {value, ""};
}

NumberParse parse_count(std::string_view text) {
    NumberParse n = parse_number(text);
    if (!n.value) return n;
    if (text.find('%') != std::string_view::npos)
        return fail(text, "is a percentage where a count is expected");
    if (*n.value != std::floor(*n.value))
        return fail(text, "is not a whole number (',' is the decimal mark here)");
    return n;
}

}  // namespace sitrep
