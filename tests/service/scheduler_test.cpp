#include "pipeline/service/scheduler.h"

#include <doctest/doctest.h>

#include "pipeline/run/clock.h"

using namespace sitrep;

namespace {

ReportSummary report(const std::string& kind, const std::string& issued_at) {
    ReportSummary r;
    r.kind = kind;
    r.issued_at = issued_at;
    return r;
}

std::chrono::system_clock::time_point at(const std::string& iso) {
    return *parse_iso_instant(iso);
}

}  // namespace

TEST_CASE("a daily report is missed once its Brussels time has passed and none was issued that day") {
    Config c;
    c.daily_at = "07:00";
    const std::vector<ReportSummary> yesterday = {report("daily", "2026-11-30T07:00:00+01:00")};
    CHECK(missed_daily(at("2026-12-01T09:00:00+01:00"), yesterday, c));
    // 06:30 UTC is 07:30 in Brussels.
    CHECK(missed_daily(at("2026-12-01T06:30:00Z"), yesterday, c));
    CHECK_FALSE(missed_daily(at("2026-12-01T06:59:00+01:00"), yesterday, c));
    CHECK_FALSE(missed_daily(at("2026-12-01T05:30:00Z"), yesterday, c));
    SUBCASE("today's daily report was issued, even early or late") {
        auto today = yesterday;
        today.push_back(report("daily", "2026-12-01T06:10:00+01:00"));
        CHECK_FALSE(missed_daily(at("2026-12-01T09:00:00+01:00"), today, c));
    }
    SUBCASE("an urgent report does not stand in for the daily one") {
        auto today = yesterday;
        today.push_back(report("urgent", "2026-12-01T08:00:00+01:00"));
        CHECK(missed_daily(at("2026-12-01T09:00:00+01:00"), today, c));
    }
    SUBCASE("a fresh installation has missed nothing") {
        CHECK_FALSE(missed_daily(at("2026-12-01T09:00:00+01:00"), {}, c));
    }
    SUBCASE("an installation whose first report came after today's time had nothing due") {
        const std::vector<ReportSummary> first = {report("urgent", "2026-12-01T08:00:00+01:00")};
        CHECK_FALSE(missed_daily(at("2026-12-01T09:00:00+01:00"), first, c));
        // The next day it had.
        CHECK(missed_daily(at("2026-12-02T09:00:00+01:00"), first, c));
    }
}
