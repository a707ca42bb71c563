#include "pipeline/reconcile/partner_status.h"

#include <algorithm>
#include <map>
#include <tuple>

namespace sitrep {
namespace {

// A partner's cadence from the configuration wins over its feeds' cadences from the rules:
// it is what this installation agreed with the partner.
const Cadence* cadence_for(const std::vector<Cadence>& cadences, const std::string& partner,
                           const std::string& id) {
    const Cadence* by_feed = nullptr;
    for (const auto& c : cadences) {
        if (c.partner != partner) continue;
        if (c.feed.empty()) return &c;
        if (c.feed == id) by_feed = &c;
    }
    return by_feed;
}

}  // namespace

std::string feed_id(const std::string& partner, const std::string& feed) {
    if (feed.rfind(partner + ".", 0) == 0) return feed;
    return partner + "." + feed;
}

std::vector<PartnerStatus> partner_statuses(const std::vector<StoredSubmission>& submissions,
                                            const InputLedger& ledger, Date as_of,
                                            const std::vector<Cadence>& cadences,
                                            std::optional<Date> watched_since) {
    std::map<std::string, PartnerStatus> newest;  // by feed id
    for (const auto& s : submissions) {
        if (s.partner == "notes" || !ledger.used.count(s.sha256)) continue;
        // The file's date names the end of what it covers (DVZ: decisions up to that day) unless
        // its facts reach further (VDAB's `2023-02` file: the month). Data about days after the
        // report's day (a month in progress) is as fresh as data can be.
        std::optional<Date> end = s.reference_date;
        if (!end || (s.period_end && *s.period_end > *end)) end = s.period_end;
        if (!end || (s.reference_date && *s.reference_date > as_of)) continue;
        if (*end > as_of) end = as_of;
        // Nor is a file fresher than the day it arrived: a stray future date in one row, or
        // a month in progress, does not keep its feed on time for weeks.
        if (auto received = Date::parse_iso(s.received_at.substr(0, 10)); received && *end > *received)
            end = received;
        auto& p = newest[feed_id(s.partner, s.feed)];
        p.partner = s.partner;
        p.feed = feed_id(s.partner, s.feed);
        if (!p.last_as_of || *end >= *p.last_as_of) {
            p.last_as_of = end;
            p.last_file = s.file;
        }
    }
    const auto due = [&](const Cadence& c) {
        return watched_since && (as_of - *watched_since) > c.grace_days;
    };
    std::vector<PartnerStatus> out;
    // Expected feeds in the order the rules and configuration give them, then the others.
    for (const auto& c : cadences) {
        if (c.feed.empty()) {
            // A partner's own cadence: missing as a whole only when the rules name none of its
            // feeds, which are otherwise watched one by one (below).
            bool any = false, listed = false;
            for (const auto& [id, p] : newest) any = any || p.partner == c.partner;
            for (const auto& k : cadences) listed = listed || (k.partner == c.partner && !k.feed.empty());
            if (!any && !listed && due(c))
                out.push_back({c.partner, "", std::nullopt, "", c.every_days, "missing"});
            continue;
        }
        if (newest.count(c.feed)) continue;
        const Cadence* applies = cadence_for(cadences, c.partner, c.feed);
        if (due(*applies))
            out.push_back({c.partner, c.feed, std::nullopt, "", applies->every_days, "missing"});
    }
    for (auto& [id, p] : newest) {
        if (const Cadence* c = cadence_for(cadences, p.partner, id)) {
            p.every_days = c->every_days;
            p.state = (as_of - *p.last_as_of) > c->grace_days ? "late" : "on_time";
        } else {
            p.state = "no_cadence";
        }
        out.push_back(std::move(p));
    }
    std::stable_sort(out.begin(), out.end(), [](const PartnerStatus& a, const PartnerStatus& b) {
        return std::tie(a.partner, a.feed) < std::tie(b.partner, b.feed);
    });
    return out;
}

}  // namespace sitrep
