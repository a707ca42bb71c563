#include "pipeline/run/clock.h"

#include <date/tz.h>

#include <fstream>
#include <future>
#include <string_view>

#include "pipeline/foundation/errors.h"
#include "pipeline/model/wall_time.h"

namespace sitrep {

void start_reading_time_zones() {
    // A future of std::async waits for its thread when destroyed: at exit, not before.
    static const std::shared_future<void> reading =
        std::async(std::launch::async, [] {
            try {
                (void)date::get_tzdb();
            } catch (const std::exception&) {
                // Said, with the zone's name, by the local_time that needs it.
            }
        }).share();
    (void)reading;
}

void check_time_zone(const std::string& zone) {
    // The zone's own compiled file (it begins with `TZif`), where the system's database
    // (date's USE_OS_TZDB) keeps it: the folder also holds tables and sources that are no
    // zone. Anything else is looked up properly, which says why it is refused.
    const bool plain = !zone.empty() && zone.front() != '/' && zone.find("..") == std::string::npos;
    if (plain) {
        std::ifstream file("/usr/share/zoneinfo/" + zone, std::ios::binary);
        char magic[4] = {};
        if (file.read(magic, sizeof magic) && std::string_view(magic, 4) == "TZif") return;
    }
    (void)local_time(std::chrono::system_clock::now(), zone);
}

LocalTime local_time(std::chrono::system_clock::time_point instant, const std::string& zone) {
    try {
        const auto* tz = date::locate_zone(zone);
        const auto secs = date::floor<std::chrono::seconds>(instant);
        const date::zoned_time<std::chrono::seconds> zt(tz, secs);
        std::string iso = date::format("%FT%T%Ez", zt);
        const auto local_day = date::floor<date::days>(zt.get_local_time());
        return {iso, Date(static_cast<int32_t>(local_day.time_since_epoch().count()))};
    } catch (const std::runtime_error& e) {
        throw ConfigError("unknown time zone '" + zone + "': " + e.what());
    }
}

std::optional<std::chrono::system_clock::time_point> parse_iso_instant(std::string_view text) {
    const auto wall = parse_wall_time(text);
    if (!wall) return std::nullopt;
    return std::chrono::system_clock::from_time_t(wall->utc());
}

std::chrono::system_clock::time_point next_daily_run(std::chrono::system_clock::time_point after,
                                                     int hour, int minute,
                                                     const std::string& zone) {
    const auto* tz = date::locate_zone(zone);
    const auto local_now = tz->to_local(after);
    auto day = date::floor<date::days>(local_now);
    for (int i = 0; i < 3; ++i, day += date::days(1)) {
        const auto wanted = day + std::chrono::hours(hour) + std::chrono::minutes(minute);
        std::chrono::system_clock::time_point instant;
        const auto info = tz->get_info(wanted);
        if (info.result == date::local_info::nonexistent) {
            // The clock jumps over this time: run at the jump (the first instant after it).
            instant = info.first.end;
        } else {
            // An ambiguous time (the clock falls back) runs at its first occurrence.
            instant = tz->to_sys(wanted, date::choose::earliest);
        }
        if (instant > after) return instant;
    }
    throw Error("no next daily run found");
}

}  // namespace sitrep
