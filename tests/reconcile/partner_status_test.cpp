#include <doctest/doctest.h>

#include "pipeline/reconcile/partner_status.h"

using namespace sitrep;

namespace {

Date day(const char* iso) { return *Date::parse_iso(iso); }

StoredSubmission file(const std::string& sha, const std::string& partner, const std::string& feed,
                      const char* reference, const char* period_end, const char* received) {
    StoredSubmission s;
    s.sha256 = sha;
    s.file = sha + ".csv";
    s.partner = partner;
    s.feed = feed;
    s.reference_date = day(reference);
    if (period_end) s.period_end = day(period_end);
    s.received_at = std::string(received) + "T07:00:00+01:00";
    return s;
}

InputLedger all_used(const std::vector<StoredSubmission>& subs) {
    InputLedger l;
    for (const auto& s : subs) l.used.insert(s.sha256);
    return l;
}

const PartnerStatus* status_of(const std::vector<PartnerStatus>& all, const std::string& feed) {
    for (const auto& p : all)
        if (p.feed == feed) return &p;
    return nullptr;
}

}  // namespace

TEST_CASE("a monthly file is as old as the end of its month, not its first day") {
    const std::vector<StoredSubmission> subs = {
        file("a", "vdab", "vdab.jobseekers", "2022-03-01", "2022-03-31", "2022-04-04")};
    const std::vector<Cadence> cadence = {{"vdab", "vdab.jobseekers", 31, 45}};
    const auto on_16_april = partner_statuses(subs, all_used(subs), day("2022-04-16"), cadence,
                                              day("2022-03-01"));
    CHECK(status_of(on_16_april, "vdab.jobseekers")->state == "on_time");
    const auto on_16_may = partner_statuses(subs, all_used(subs), day("2022-05-16"), cadence,
                                            day("2022-03-01"));
    CHECK(status_of(on_16_may, "vdab.jobseekers")->state == "late");
}

TEST_CASE("a stray future date in a file does not keep its feed on time") {
    // One row dated 2032 in a file received on 1 February.
    const std::vector<StoredSubmission> subs = {
        file("a", "dvz", "dvz.decisions", "2023-02-01", "2032-02-01", "2023-02-01")};
    const auto st = partner_statuses(subs, all_used(subs), day("2023-03-01"),
                                     {{"dvz", "dvz.decisions", 1, 10}}, day("2023-01-01"));
    CHECK(status_of(st, "dvz.decisions")->state == "late");
    CHECK(status_of(st, "dvz.decisions")->last_as_of == day("2023-02-01"));
}

TEST_CASE("a partner's cadence from the configuration still watches each of its feeds") {
    const std::vector<StoredSubmission> subs = {
        file("a", "vdab", "vdab.jobseekers", "2022-05-01", "2022-05-31", "2022-06-03")};
    const std::vector<Cadence> cadences = {{"vdab", "vdab.jobseekers", 31, 45},
                                           {"vdab", "vdab.werkplekvrij", 31, 45},
                                           {"vdab", "", 31, 40}};  // [partner.vdab] expect
    const auto st = partner_statuses(subs, all_used(subs), day("2022-06-10"), cadences,
                                     day("2022-03-01"));
    REQUIRE(status_of(st, "vdab.werkplekvrij"));
    CHECK(status_of(st, "vdab.werkplekvrij")->state == "missing");
    CHECK(status_of(st, "vdab.jobseekers")->state == "on_time");
    CHECK(status_of(st, "") == nullptr);  // not missing as a whole: its feeds are watched
}

TEST_CASE("a contributor without a cadence has none, and nothing is missing before it is due") {
    const std::vector<StoredSubmission> subs = {
        file("a", "redcross", "hxl", "2022-09-30", "2022-09-30", "2022-10-02")};
    const std::vector<Cadence> cadences = {{"forem", "forem.jobseekers", 31, 45}};
    const auto early = partner_statuses(subs, all_used(subs), day("2022-10-10"), cadences,
                                        day("2022-10-01"));
    CHECK(status_of(early, "redcross.hxl")->state == "no_cadence");
    CHECK(status_of(early, "forem.jobseekers") == nullptr);
    const auto later = partner_statuses(subs, all_used(subs), day("2022-11-20"), cadences,
                                        day("2022-10-01"));
    CHECK(status_of(later, "forem.jobseekers")->state == "missing");
}
