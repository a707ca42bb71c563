#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sitrep {

/// A calendar day, stored as days since 1970-01-01 so that comparing and subtracting are cheap.
class Date {
public:
    constexpr Date() = default;
    /// The day `days` after 1970-01-01.
    constexpr explicit Date(int32_t days) : days_(days) {}

    /// The date of year/month/day; the caller guarantees a valid day (see `is_valid_ymd`).
    static constexpr Date from_ymd(int y, unsigned m, unsigned d) {
        // Howard Hinnant's days_from_civil.
        y -= m <= 2;
        const int era = (y >= 0 ? y : y - 399) / 400;
        const unsigned yoe = static_cast<unsigned>(y - era * 400);
        const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
        const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return Date(era * 146097 + static_cast<int>(doe) - 719468);
    }

    /// Whether y-m-d names a real day of the Gregorian calendar.
    static constexpr bool is_valid_ymd(int y, unsigned m, unsigned d) {
        if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1) return false;
        constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
        const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
        return d <= kDays[m - 1] + (m == 2 && leap ? 1 : 0);
    }

    /// Parses exactly `yyyy-mm-dd`; nullopt for anything else.
    static std::optional<Date> parse_iso(std::string_view s);

    constexpr int32_t days() const { return days_; }
    int year() const;
    unsigned month() const;
    unsigned day() const;
    /// The first day of this date's month.
    Date first_of_month() const;
    /// The last day of this date's month.
    Date last_of_month() const;
    /// 1 = Monday ... 7 = Sunday.
    unsigned iso_weekday() const;

    /// `yyyy-mm-dd`.
    std::string iso() const;
    /// `yyyy-mm`.
    std::string iso_month() const;

    constexpr Date operator+(int32_t n) const { return Date(days_ + n); }
    constexpr int32_t operator-(Date o) const { return days_ - o.days_; }
    constexpr auto operator<=>(const Date&) const = default;

private:
    int32_t days_ = 0;
};

}  // namespace sitrep
