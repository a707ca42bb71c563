#include "pipeline/reconcile/facts.h"

#include <deque>
#include <map>
#include <tuple>

#include "pipeline/model/indicators.h"
#include "pipeline/reference/areas.h"

namespace sitrep {

std::string located(const Fact& f) { return f.file + ":" + f.o.location; }

std::vector<Fact> effective_facts(const std::vector<StoredObservation>& observations,
                                  const std::vector<StoredSubmission>& submissions,
                                  Date as_of) {
    std::map<std::string, const StoredSubmission*> by_sha;
    for (const auto& s : submissions) by_sha[s.sha256] = &s;
    using Key = std::tuple<std::string, std::string, std::string, int32_t, int32_t, int>;
    std::map<Key, Fact> latest;
    for (const auto& so : observations) {
        const Indicator* ind = find_indicator(so.fact.indicator);
        const Kind kind = ind ? ind->kind : Kind::kStock;
        if (kind == Kind::kStock ? so.fact.from > as_of : so.fact.to > as_of) continue;
        auto it = by_sha.find(so.sha256);
        if (it == by_sha.end()) continue;
        Fact f{so.fact, kind, so.sha256, it->second->file, it->second->sequence, false};
        Key key{f.o.indicator, f.o.area, breakdown_key(f.o.breakdown), f.o.from.days(),
                f.o.to.days(), static_cast<int>(f.o.unit)};
        auto [slot, inserted] = latest.try_emplace(key, f);
        if (!inserted && f.sequence > slot->second.sequence) slot->second = std::move(f);
    }
    std::vector<Fact> out;
    out.reserve(latest.size());
    for (auto& [key, f] : latest) out.push_back(std::move(f));
    return out;
}

void add_derived_totals(std::vector<Fact>& facts) {
    using Group = std::tuple<std::string, std::string, std::string, int32_t, int32_t, int>;
    std::map<Group, std::map<std::string, const Fact*>> groups;
    for (const auto& f : facts) {
        if (f.kind != Kind::kStock || !f.o.breakdown.empty()) continue;
        groups[{f.sha256, f.o.indicator, breakdown_key(f.o.breakdown), f.o.from.days(),
                f.o.to.days(), static_cast<int>(f.o.unit)}][f.o.area] = &f;
    }
    std::deque<Fact> added;  // stable addresses: by_area points into it
    for (auto& [group, by_area] : groups) {
        if (std::get<5>(group) != static_cast<int>(Unit::kCount)) continue;
        // Regions before the nation, so that a derived region can complete the nation.
        for (const char* parent : {"BE1", "BE2", "BE3", "BE"}) {
            if (by_area.count(parent)) continue;
            const auto children = children_of(parent);
            double sum = 0;
            bool complete = true;
            std::string lines;
            const Fact* any = nullptr;
            for (const auto& child : children) {
                auto it = by_area.find(child);
                if (it == by_area.end()) {
                    complete = false;
                    break;
                }
                sum += it->second->o.value;
                any = it->second;
                lines += (lines.empty() ? "" : ", ") + it->second->o.location;
            }
            if (!complete || any == nullptr) continue;
            Fact f = *any;
            f.o.area = parent;
            f.o.value = sum;
            f.o.location = "sum of " + lines;
            f.derived = true;
            added.push_back(f);
            by_area[parent] = &added.back();
        }
    }
    for (auto& f : added) facts.push_back(std::move(f));
}

}  // namespace sitrep
