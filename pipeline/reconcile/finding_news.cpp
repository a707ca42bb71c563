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

// The checks of totals against their parts: on a stock they follow its newest value, so
// their period moves on with each new file while the subject stays.
bool checks_totals(const std::string& kind) {
    return kind == "regions_vs_national" || kind == "parts_vs_total" ||
           kind == "levels_vs_total" || kind == "breakdown_vs_total" ||
           kind == "parts_incomplete";
}

// What a finding is about, whatever its period.
std::string subject_of(const Finding& f) {
    return f.kind + "|" + f.feed + "|" + f.indicator + "|" + f.area + "|" + f.breakdown;
}

}  // namespace

std::vector<Finding> mark_news(std::vector<Finding>& findings, const std::vector<Finding>& before,
                               int number, NewsRule rule) {
    // Two findings of one key (rare: two checks of the same subject) pair up in order.
    using Earlier = std::multimap<std::string, const Finding*>;
    Earlier earlier;
    for (const auto& f : before) earlier.emplace(finding_key(f), &f);
    std::vector<Finding*> unmatched;
    for (auto& f : findings) {
        auto it = earlier.find(finding_key(f));
        if (it == earlier.end()) {
            unmatched.push_back(&f);
            continue;
        }
        const Finding& was = *it->second;
        f.news = same_substance(f, was) ? "persisting" : "changed";
        f.since = was.since > 0 ? was.since : number;
        earlier.erase(it);
    }
    if (rule == NewsRule::by_subject) {
        // Only a subject with one finding before and one now: with more (a flow's months),
        // which one a new period continues cannot be told, and each stands on its own.
        std::map<std::string, int> before_count, now_count;
        for (const auto& f : before)
            if (checks_totals(f.kind)) ++before_count[subject_of(f)];
        for (const auto& f : findings)
            if (checks_totals(f.kind)) ++now_count[subject_of(f)];
        std::map<std::string, Earlier::iterator> left;
        for (auto it = earlier.begin(); it != earlier.end(); ++it)
            if (checks_totals(it->second->kind)) left.emplace(subject_of(*it->second), it);
        std::vector<Finding*> still;
        for (Finding* f : unmatched) {
            const std::string subject = subject_of(*f);
            const auto was = left.find(subject);
            if (!checks_totals(f->kind) || before_count[subject] != 1 || now_count[subject] != 1 ||
                was == left.end() || !(was->second->second->period < f->period)) {
                still.push_back(f);
                continue;
            }
            f->news = "changed";
            f->since = was->second->second->since > 0 ? was->second->second->since : number;
            earlier.erase(was->second);
            left.erase(was);
        }
        unmatched = std::move(still);
    }
    for (Finding* f : unmatched) {
        f->news = "new";
        f->since = number;
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
