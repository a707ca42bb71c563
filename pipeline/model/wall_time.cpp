#include "pipeline/model/wall_time.h"

namespace sitrep {
namespace {

// Reads exactly `n` digits at `pos`; -1 when any of them is not a digit or the text is short.
int digits(std::string_view s, size_t pos, size_t n) {
    if (pos + n > s.size()) return -1;
    int v = 0;
    for (size_t i = pos; i < pos + n; ++i) {
        if (s[i] < '0' || s[i] > '9') return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

}  // namespace

std::time_t WallTime::utc() const {
    return static_cast<std::time_t>(day.days()) * 86400 + seconds - offset_seconds;
}

double WallTime::excel_serial() const {
    return sitrep::excel_serial(day) + static_cast<double>(seconds) / 86400.0;
}

std::optional<WallTime> parse_wall_time(std::string_view s) {
    if (s.size() < 17 || (s[10] != 'T' && s[10] != ' ')) return std::nullopt;
    const auto day = Date::parse_iso(s.substr(0, 10));
    const int hh = digits(s, 11, 2);
    const int mm = digits(s, 14, 2);
    if (!day || s[13] != ':' || hh < 0 || hh > 23 || mm < 0 || mm > 59) return std::nullopt;
    size_t pos = 16;
    int ss = 0;
    if (pos < s.size() && s[pos] == ':') {
        ss = digits(s, pos + 1, 2);
        if (ss < 0 || ss > 60) return std::nullopt;
        pos += 3;
        // Fractions of a second do not matter for an annex and would break byte identity.
        if (pos < s.size() && s[pos] == '.') {
            ++pos;
            while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos;
        }
    }
    WallTime t{*day, hh * 3600 + mm * 60 + ss, 0};
    if (pos >= s.size()) return std::nullopt;
    if (s[pos] == 'Z' && pos + 1 == s.size()) return t;
    if (s[pos] != '+' && s[pos] != '-') return std::nullopt;
    const int sign = s[pos] == '-' ? -1 : 1;
    const int oh = digits(s, pos + 1, 2);
    const bool colon = pos + 3 < s.size() && s[pos + 3] == ':';
    const int om = digits(s, pos + (colon ? 4 : 3), 2);
    if (oh < 0 || oh > 14 || om < 0 || om > 59 || pos + (colon ? 6 : 5) != s.size())
        return std::nullopt;
    t.offset_seconds = sign * (oh * 3600 + om * 60);
    return t;
}

}  // namespace sitrep
