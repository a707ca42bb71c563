#include "pipeline/reconcile/partner_status.h"

#include <map>

namespace sitrep {

const std::vector<Cadence>& expected_partners() {
    // DVZ sends daily, Fedasil weekly, the employment services monthly (partners/README.md).
    // The grace covers the time a partner needs to compile its figures.
    static const std::vector<Cadence> kExpected = {
        {"dvz", 1, 7},       {"fedasil", 7, 14},  {"vdab", 31, 45},
        {"forem", 31, 45},   {"actiris", 31, 45},
    };
    return kExpected;
}

std::vector<PartnerStatus> partner_statuses(const std::vector<StoredSubmission>& submissions,
                                            const InputLedger& ledger, Date as_of,
                                            const std::vector<Cadence>& cadences) {
    std::map<std::string, PartnerStatus> newest;
    for (const auto& s : submissions) {
        if (!ledger.used.count(s.sha256) || !s.reference_date || *s.reference_date > as_of)
            continue;
        auto& p = newest[s.partner];
        p.partner = s.partner;
        if (!p.last_as_of || *s.reference_date >= *p.last_as_of) {
            p.last_as_of = s.reference_date;
            p.last_file = s.file;
        }
    }
    std::vector<PartnerStatus> out;
    for (const auto& c : cadences) {
        auto it = newest.find(c.partner);
        if (it == newest.end()) {
            out.push_back({c.partner, "", std::nullopt, "", c.every_days, "missing"});
            continue;
        }
        PartnerStatus p = it->second;
        p.state = (as_of - *p.last_as_of) > c.grace_days ? "late" : "on_time";
        out.push_back(std::move(p));
        newest.erase(it);
    }
    for (auto& [name, p] : newest) {
        if (name == "notes") continue;
        p.state = "on_time";
        out.push_back(std::move(p));
    }
    return out;
}

}  // namespace sitrep
