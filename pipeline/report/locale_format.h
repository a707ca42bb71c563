#pragma once

#include <cstdint>
#include <string>

#include "pipeline/model/date.h"

namespace sitrep {

// Number and date styles per report language, written by hand because the machines only
// have the C/POSIX locales (see stack-notes). A language's style is picked by name: the
// label file of a new language names the style it borrows (`locale.style = nl`), so adding
// a language needs no rebuild.
//
// nl: 53.450   84,4%    08/02/2023   +1.564 / −56
// fr: 53 450   84,4 %   08/02/2023   (the thousands separator and the space before % are
//                                     U+202F NARROW NO-BREAK SPACE; DejaVu Sans has the
//                                     glyph and pdftotext extracts it as a plain space)
// en: 53,450   84.4%    08/02/2023   (day first, as Belgian partners read dates; a month
//                                     name would need words in C++)
// Unknown styles fall back to en. Negative numbers and changes use U+2212 MINUS SIGN.

/// The thousands separator of a style: "." (nl), U+202F (fr), "," (en).
std::string thousands_separator(const std::string& style);

/// `value` rounded to `decimals` places with the style's separators: 53.450 / 53 450 / 53,450.
std::string format_number(double value, const std::string& style, int decimals = 0);

/// A share between 0 and 1 as a percentage: 84,4% (nl), 84,4 % (fr), 84.4% (en).
std::string format_percent(double share, const std::string& style, int decimals = 1);

/// A signed change: +1.564, −56 (U+2212), 0 when nothing changed.
std::string format_change(double delta, const std::string& style, int decimals = 0);

/// A signed change of a share in percentage points, without the unit: +1,2 / −0,4.
std::string format_share_change(double delta_share, const std::string& style);

/// dd/mm/yyyy in every style.
std::string format_date(Date date, const std::string& style);

/// dd/mm/yyyy–dd/mm/yyyy (en dash), or one date when both ends are the same day.
std::string format_period(Date from, Date to, const std::string& style);

/// `2023-02-08T07:00:00+01:00` as `08/02/2023 07:00`: the Europe/Brussels wall time of the
/// instant, whatever offset it is written with (`2023-02-08T06:00:00Z` gives 07:00 too); a
/// time without offset is taken as Brussels time; text that is not ISO 8601 comes back unchanged.
std::string format_datetime(const std::string& iso, const std::string& style);

/// Europe/Brussels' offset from UTC in minutes (60, or 120 in EU summer time) at a UTC instant
/// given in minutes since 1970-01-01 00:00 UTC.
int brussels_offset_minutes(int64_t utc_minutes);

/// `yyyy-mm` as `mm/yyyy`; other text unchanged (month names come from the templates).
std::string format_month_numeric(const std::string& iso_month, const std::string& style);

}  // namespace sitrep
