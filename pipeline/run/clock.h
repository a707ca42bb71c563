#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "pipeline/model/date.h"

namespace sitrep {

/// An instant as sitrep shows it: ISO 8601 local time with its offset, in a named zone.
struct LocalTime {
    std::string iso;  ///< 2023-02-08T07:00:00+01:00
    Date date;        ///< the local calendar day
};

/// Starts reading the system's time zone database in a thread of its own, so that the first
/// `local_time` finds it read: reading /usr/share/zoneinfo takes 1.5 ms, which a run otherwise
/// waits for before anything else. Later calls do nothing.
void start_reading_time_zones();

/// Throws ConfigError unless the system's time zone database has `zone`, checked by the zone's
/// compiled file alone while the database is read: a run refuses a wrong zone before touching its
/// state without waiting for the whole database.
void check_time_zone(const std::string& zone);

/// `instant` in `zone` (e.g. Europe/Brussels), to the second.
LocalTime local_time(std::chrono::system_clock::time_point instant, const std::string& zone);

/// Parses `yyyy-mm-ddThh:mm:ss+hh:mm` (or `Z`); nullopt when malformed.
std::optional<std::chrono::system_clock::time_point> parse_iso_instant(std::string_view text);

/// The next instant after `after` at which the local clock in `zone` shows `hh:mm`, correct
/// across daylight-saving changes (a skipped time runs at the first valid instant after it).
std::chrono::system_clock::time_point next_daily_run(std::chrono::system_clock::time_point after,
                                                     int hour, int minute,
                                                     const std::string& zone);

}  // namespace sitrep
