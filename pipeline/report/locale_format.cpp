#include "pipeline/report/locale_format.h"

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <optional>

namespace sitrep {
namespace {

constexpr const char* kNarrowNbsp = "\u202F";
constexpr const char* kMinus = "\u2212";

std::string decimal_separator(const std::string& style) {
    return style == "nl" || style == "fr" ? "," : ".";
}

std::string percent_suffix(const std::string& style) {
    return style == "fr" ? std::string(kNarrowNbsp) + "%" : "%";
}

std::string two_digits(unsigned v) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "%02u", v % 100);
    return buf;
}

// The digits of |value| rounded to `decimals`, grouped; the sign is the caller's business.
std::string format_magnitude(double value, const std::string& style, int decimals) {
    if (decimals < 0) decimals = 0;
    if (decimals > 6) decimals = 6;
    const double scale = std::pow(10.0, decimals);
    const auto scaled = static_cast<uint64_t>(std::llround(std::fabs(value) * scale));
    const uint64_t whole = scaled / static_cast<uint64_t>(scale);
    const uint64_t fraction = scaled % static_cast<uint64_t>(scale);

    const std::string digits = std::to_string(whole);
    const std::string group = thousands_separator(style);
    std::string out;
    for (size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += group;
        out += digits[i];
    }
    if (decimals > 0) {
        std::string frac = std::to_string(fraction);
        frac.insert(0, static_cast<size_t>(decimals) - frac.size(), '0');
        out += decimal_separator(style) + frac;
    }
    return out;
}

// True when `value` rounds to zero at `decimals` places, so no sign is shown.
bool rounds_to_zero(double value, int decimals) {
    return std::llround(std::fabs(value) * std::pow(10.0, decimals)) == 0;
}

bool all_digits(const std::string& s, size_t from, size_t n) {
    if (from + n > s.size()) return false;
    for (size_t i = from; i < from + n; ++i)
        if (s[i] < '0' || s[i] > '9') return false;
    return true;
}

// The last Sunday of `month` in `year`.
Date last_sunday(int year, unsigned month) {
    const Date last = Date::from_ymd(year, month, 1).last_of_month();
    return last + -static_cast<int32_t>(last.iso_weekday() % 7);
}

}  // namespace

int brussels_offset_minutes(int64_t utc_minutes) {
    const auto day =
        static_cast<int32_t>(utc_minutes >= 0 ? utc_minutes / 1440 : (utc_minutes - 1439) / 1440);
    const int year = Date(day).year();
    // EU summer time: from the last Sunday of March to the last Sunday of October, 01:00 UTC.
    const int64_t start = int64_t{last_sunday(year, 3).days()} * 1440 + 60;
    const int64_t end = int64_t{last_sunday(year, 10).days()} * 1440 + 60;
    return utc_minutes >= start && utc_minutes < end ? 120 : 60;
}

std::string thousands_separator(const std::string& style) {
    if (style == "nl") return ".";
    if (style == "fr") return kNarrowNbsp;
    return ",";
}

std::string format_number(double value, const std::string& style, int decimals) {
    if (!std::isfinite(value)) return "\u2013";
    std::string out = format_magnitude(value, style, decimals);
    if (value < 0 && !rounds_to_zero(value, decimals)) out.insert(0, kMinus);
    return out;
}

std::string format_percent(double share, const std::string& style, int decimals) {
    if (!std::isfinite(share)) return "\u2013";
    return format_number(share * 100.0, style, decimals) + percent_suffix(style);
}

std::string format_change(double delta, const std::string& style, int decimals) {
    if (!std::isfinite(delta)) return "\u2013";
    if (rounds_to_zero(delta, decimals)) return "0";
    return (delta > 0 ? "+" : kMinus) + format_magnitude(delta, style, decimals);
}

std::string format_share_change(double delta_share, const std::string& style) {
    return format_change(delta_share * 100.0, style, 1);
}

std::string format_date(Date date, const std::string& /*style*/) {
    return two_digits(date.day()) + "/" + two_digits(date.month()) + "/" +
           std::to_string(date.year());
}

std::string format_period(Date from, Date to, const std::string& style) {
    if (from == to) return format_date(from, style);
    return format_date(from, style) + "\u2013" + format_date(to, style);
}

std::string format_datetime(const std::string& iso, const std::string& style) {
    // yyyy-mm-ddThh:mm[:ss[.fff]][Z|+hh:mm|-hh:mm|+hhmm]
    if (iso.size() < 16 || iso[10] != 'T' || iso[13] != ':' || !all_digits(iso, 11, 2) ||
        !all_digits(iso, 14, 2))
        return iso;
    const auto day = Date::parse_iso(iso.substr(0, 10));
    if (!day) return iso;
    const int hour = std::stoi(iso.substr(11, 2));
    const int minute = std::stoi(iso.substr(14, 2));
    if (hour > 23 || minute > 59) return iso;

    size_t pos = 16;
    if (pos < iso.size() && iso[pos] == ':' && all_digits(iso, pos + 1, 2)) pos += 3;
    if (pos < iso.size() && iso[pos] == '.') {
        ++pos;
        while (pos < iso.size() && iso[pos] >= '0' && iso[pos] <= '9') ++pos;
    }
    std::optional<int> offset;  // minutes east of UTC, when the text gives one
    if (pos < iso.size() && iso[pos] == 'Z') {
        offset = 0;
    } else if (pos < iso.size() && (iso[pos] == '+' || iso[pos] == '-') &&
               all_digits(iso, pos + 1, 2)) {
        int minutes = std::stoi(iso.substr(pos + 1, 2)) * 60;
        if (pos + 3 < iso.size() && iso[pos + 3] == ':' && all_digits(iso, pos + 4, 2))
            minutes += std::stoi(iso.substr(pos + 4, 2));
        else if (all_digits(iso, pos + 3, 2))
            minutes += std::stoi(iso.substr(pos + 3, 2));
        offset = iso[pos] == '-' ? -minutes : minutes;
    }
    if (!offset) return format_date(*day, style) + " " + iso.substr(11, 5);

    // Show the Brussels wall time whatever offset the text was written with.
    const int64_t utc = static_cast<int64_t>(day->days()) * 1440 + hour * 60 + minute - *offset;
    const int64_t local = utc + brussels_offset_minutes(utc);
    const auto local_day = static_cast<int32_t>(local >= 0 ? local / 1440 : (local - 1439) / 1440);
    const auto minute_of_day = static_cast<unsigned>(local - int64_t{local_day} * 1440);
    return format_date(Date(local_day), style) + " " + two_digits(minute_of_day / 60) + ":" +
           two_digits(minute_of_day % 60);
}

std::string format_month_numeric(const std::string& iso_month, const std::string& /*style*/) {
    if (iso_month.size() != 7 || iso_month[4] != '-' || !all_digits(iso_month, 0, 4) ||
        !all_digits(iso_month, 5, 2))
        return iso_month;
    return iso_month.substr(5, 2) + "/" + iso_month.substr(0, 4);
}

}  // namespace sitrep
