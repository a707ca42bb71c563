#pragma once

#include <cstdint>
#include <ctime>
#include <optional>
#include <string_view>

#include "pipeline/model/date.h"

namespace sitrep {

/// A moment as ISO 8601 writes it: the wall-clock day and time plus the offset from UTC.
struct WallTime {
    Date day;
    int32_t seconds = 0;         ///< seconds since the wall-clock midnight
    int32_t offset_seconds = 0;  ///< east of UTC: +01:00 is 3600

    /// The instant as seconds since the Unix epoch.
    std::time_t utc() const;
    /// The wall-clock time as an Excel serial number (1900 date system), offset dropped.
    double excel_serial() const;
};

/// Parses `yyyy-mm-ddThh:mm[:ss[.fff]]` followed by `Z`, `±hh:mm` or `±hhmm`; nullopt otherwise.
std::optional<WallTime> parse_wall_time(std::string_view s);

/// The Excel serial number of a day (1900 date system, which Excel offsets by 25569 days).
constexpr double excel_serial(Date d) { return static_cast<double>(d.days()) + 25569.0; }

}  // namespace sitrep
