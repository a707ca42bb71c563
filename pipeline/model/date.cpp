#include "pipeline/model/date.h"

#include <cstdio>

namespace sitrep {
namespace {

struct Ymd {
    int y;
    unsigned m;
    unsigned d;
};

// Howard Hinnant's civil_from_days.
Ymd civil(int32_t z) {
    z += 719468;
    const int era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const int y = static_cast<int>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    return {y + (m <= 2), m, d};
}

}  // namespace

std::optional<Date> Date::parse_iso(std::string_view s) {
    if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
    int v[3] = {0, 0, 0};
    const int starts[3] = {0, 5, 8};
    const int lens[3] = {4, 2, 2};
    for (int f = 0; f < 3; ++f) {
        for (int i = 0; i < lens[f]; ++i) {
            const char c = s[starts[f] + i];
            if (c < '0' || c > '9') return std::nullopt;
            v[f] = v[f] * 10 + (c - '0');
        }
    }
    if (!is_valid_ymd(v[0], v[1], v[2])) return std::nullopt;
    return from_ymd(v[0], v[1], v[2]);
}

int Date::year() const { return civil(days_).y; }
unsigned Date::month() const { return civil(days_).m; }
unsigned Date::day() const { return civil(days_).d; }

Date Date::first_of_month() const {
    const Ymd c = civil(days_);
    return from_ymd(c.y, c.m, 1);
}

Date Date::last_of_month() const {
    const Ymd c = civil(days_);
    return c.m == 12 ? from_ymd(c.y + 1, 1, 1) + -1 : from_ymd(c.y, c.m + 1, 1) + -1;
}

unsigned Date::iso_weekday() const {
    // 1970-01-01 was a Thursday (4).
    const int w = ((days_ % 7) + 7 + 3) % 7;
    return static_cast<unsigned>(w + 1);
}

std::string Date::iso() const {
    const Ymd c = civil(days_);
    // By hand for the years 0 to 9999: a workbook's dates are turned into text by the thousand,
    // and snprintf cost more than the rest of reading a row.
    if (c.y >= 0 && c.y <= 9999) {
        const auto digit = [](unsigned v) { return static_cast<char>('0' + v % 10); };
        const unsigned y = static_cast<unsigned>(c.y);
        return {digit(y / 1000), digit(y / 100), digit(y / 10), digit(y), '-',
                digit(c.m / 10), digit(c.m), '-', digit(c.d / 10), digit(c.d)};
    }
    char buf[32];  // room for any int, so the compiler can prove no truncation
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", c.y, c.m, c.d);
    return buf;
}

std::string Date::iso_month() const { return iso().substr(0, 7); }

}  // namespace sitrep
