#include "pipeline/text/numbers.h"

#include <cmath>
#include <string>

namespace sitrep {
namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '"'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '"'))
        s.remove_suffix(1);
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

NumberParse fail(std::string_view text, const std::string& why) {
    return {std::nullopt, "'" + std::string(text) + "' " + why};
}

}  // namespace

NumberParse parse_number(std::string_view text) {
    std::string_view s = trim(text);
    if (s.empty()) return fail(text, "is empty where a number is expected");
    bool percent = false;
    if (s.back() == '%') {
        percent = true;
        s.remove_suffix(1);
        s = trim(s);
    }
    if (!s.empty() && s.front() == '-') return fail(text, "is negative; counts are never negative");
    if (!s.empty() && s.front() == '+') s.remove_prefix(1);

    // Remove spaces used as thousands separators: ASCII, no-break (C2 A0), narrow (E2 80 AF).
    std::string t;
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] == ' ') continue;
        if (s.substr(i, 2) == "\xC2\xA0") { ++i; continue; }
        if (s.substr(i, 3) == "\xE2\x80\xAF") { i += 2; continue; }
        t += s[i];
    }
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
