#include "pipeline/reconcile/finding_news.h"

#include <map>
#include <string>

namespace sitrep {
namespace {

// Whether a finding says the same as before. A feed's lateness changes only with newer data
// (its period), not with its age growing a day per report.
bool same_substance(const Finding& a, const Finding& b) {
    if (a.kind == "late_partner" || a.kind == "missing_partner") return a.period == b.period;
    return a.period == b.period && a.severity == b.severity && a.expected == b.expected &&
           a.actual == b.actual;
}

}  // namespace

std::vector<Finding> mark_news(std::vector<Finding>& findings, const std::vector<Finding>& before,
                               int number) {
    // Two findings of one key (rare: two checks of the same subject) pair up in order.
    std::multimap<std::string, const Finding*> earlier;
    for (const auto& f : before) earlier.emplace(finding_key(f), &f);
    for (auto& f : findings) {
        auto it = earlier.find(finding_key(f));
        if (it == earlier.end()) {
            f.news = "new";
            f.since = number;
            continue;
        }
        const Finding& was = *it->second;
        f.news = same_substance(f, was) ? "persisting" : "changed";
        f.since = was.since > 0 ? was.since : number;
        earlier.erase(it);
    }
    std::vector<Finding> cleared;
    for (const auto& f : before) {
        // A revision is news once, in the first report that knows it: nothing cleared after.
        if (f.kind == "revision") continue;
        auto range = earlier.equal_range(finding_key(f));
        for (auto it = range.first; it != range.second; ++it)
            if (it->second == &f) {
                cleared.push_back(f);
                break;
            }
    }
    return cleared;
}

}  // namespace sitrep
