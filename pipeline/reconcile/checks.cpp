#include "pipeline/reconcile/checks.h"
#include "pipeline/reconcile/finding_text.h"

#include <cmath>
#include <map>
#include <optional>
#include <set>
#include <string_view>
#include <tuple>

#include "pipeline/reference/areas.h"
#include "pipeline/text/dates.h"

namespace sitrep {
namespace {

std::string number(double v) { return plain_number(v); }

std::string period_text(const Fact& f) { return sitrep::period_text(f.o); }

// sha, indicator, from, to: views into the facts checked, which outlive the groups.
using Group = std::tuple<std::string_view, std::string_view, int32_t, int32_t>;

struct AreaGroup {
    std::map<std::string, const Fact*> by_area;       // headline facts
    std::map<std::string, const Fact*> unallocated;   // area=unknown, by area
};

// The sum of `area`'s parts: its children, or for a missing child that child's own parts.
std::optional<double> parts_of(const AreaGroup& g, const std::string& area,
                               std::vector<std::string>& used) {
    const auto children = children_of(area);
    if (children.empty()) return std::nullopt;
    double sum = 0;
    for (const auto& c : children) {
        if (auto it = g.by_area.find(c); it != g.by_area.end()) {
            sum += it->second->o.value;
            used.push_back(c);
        } else if (auto sub = parts_of(g, c, used)) {
            sum += *sub;
        } else {
            return std::nullopt;
        }
    }
    if (auto it = g.unallocated.find(area); it != g.unallocated.end()) {
        sum += it->second->o.value;
        used.push_back(area + " (area unknown)");
    }
    return sum;
}

Finding mismatch(const Fact& total, double parts, const std::string& kind,
                 const std::string& message_prefix, const std::string& parts_text) {
    Finding f;
    f.kind = kind;
    f.severity = parts > total.o.value ? Severity::kError : Severity::kWarning;
    f.indicator = total.o.indicator;
    f.area = total.o.area;
    f.breakdown = breakdown_key(total.o.breakdown);
    f.period = period_text(total);
    f.expected = total.o.value;
    f.actual = parts;
    f.sources = {total.sha256()};
    const double diff = std::fabs(total.o.value - parts);
    f.message = message_prefix + ": " + parts_text + " sum to " + number(parts) +
                ", the total is " + number(total.o.value) + " (difference " + number(diff) +
                ")" +
                (parts < total.o.value ? "; " + number(diff) + " not allocated to a part"
                                       : "; the parts exceed the total") +
                " [" + located(total) + "]";
    return f;
}

// A partner that sends some of a region's provinces and no total leaves the region without a
// figure for that date: the report would fall back to an older one without saying why.
void check_incomplete(const std::map<Group, AreaGroup>& groups, std::vector<Finding>& out) {
    for (const auto& [key, g] : groups) {
        if (g.by_area.empty() || g.by_area.begin()->second->kind != Kind::kStock) continue;
        for (const char* region : {"BE2", "BE3"}) {
            if (g.by_area.count(region)) continue;
            std::string present, missing;
            for (const auto& p : children_of(region)) {
                std::string& list = g.by_area.count(p) ? present : missing;
                list += (list.empty() ? "" : ", ") + p;
            }
            if (present.empty() || missing.empty()) continue;
            const Fact& any = *g.by_area.begin()->second;
            Finding f;
            f.kind = "parts_incomplete";
            f.severity = Severity::kWarning;
            f.indicator = any.o.indicator;
            f.area = region;
            f.breakdown = breakdown_key(any.o.breakdown);
            f.period = period_text(any);
            f.sources = {any.sha256()};
            f.message = any.o.indicator + " " + region + " " + period_text(any) + " (" +
                        any.file() + "): provinces " + present + " but not " + missing +
                        " and no total, so the region has no figure for this date";
            out.push_back(std::move(f));
        }
    }
}

void check_areas(const std::map<Group, AreaGroup>& groups, std::vector<Finding>& out) {
    for (const auto& [key, g] : groups) {
        for (const auto& [area, total] : g.by_area) {
            if (total->derived) continue;
            std::vector<std::string> used;
            auto parts = parts_of(g, area, used);
            if (!parts || used.empty() || *parts == total->o.value) continue;
            std::string list;
            for (const auto& u : used) list += (list.empty() ? "" : ", ") + u;
            if (area == "BE") {
                out.push_back(mismatch(*total, *parts, "regions_vs_national",
                                       total->o.indicator + " " + period_text(*total),
                                       "the regions (" + list + ")"));
                out.back().message =
                    total->o.indicator + " " + period_text(*total) + ": the regions sum to " +
                    number(*parts) + ", the national total (België) is " +
                    number(total->o.value) + " (difference " +
                    number(std::fabs(total->o.value - *parts)) + ") [" + located(*total) + "]";
            } else {
                out.push_back(mismatch(
                    *total, *parts, "parts_vs_total",
                    total->o.indicator + " " + area + " " + period_text(*total) + " (" +
                        total->file() + ")",
                    "the partner's " + std::to_string(used.size()) + " parts (" + list + ")"));
            }
        }
    }
}

void check_breakdowns(const std::vector<const Fact*>& facts, const ReconcileRules& rules,
                      std::vector<Finding>& out) {
    // (sha, indicator, area, from, to) -> total and breakdown cells. Most totals have no
    // cells (a day's decisions in one province): only keys with a cell get a group.
    using Key = std::tuple<std::string_view, std::string_view, std::string_view, int32_t, int32_t>;
    const auto key_of = [](const Fact& f) {
        return Key{f.sha256(), f.o.indicator, f.o.area, f.o.from.days(), f.o.to.days()};
    };
    struct Cells {
        const Fact* total = nullptr;
        std::map<std::string, std::vector<const Fact*>> by_dimension;
    };
    std::map<Key, Cells> groups;
    for (const Fact* each : facts) {
        const Fact& f = *each;
        if (f.o.unit != Unit::kCount || f.derived || f.o.breakdown.size() != 1) continue;
        groups[key_of(f)].by_dimension[f.o.breakdown.front().first].push_back(&f);
    }
    if (groups.empty()) return;
    for (const Fact* each : facts) {
        const Fact& f = *each;
        if (f.o.unit != Unit::kCount || f.derived || !f.o.breakdown.empty()) continue;
        if (auto it = groups.find(key_of(f)); it != groups.end()) it->second.total = &f;
    }
    for (const auto& [key, cells] : groups) {
        if (!cells.total) continue;
        const Fact& total = *cells.total;
        for (const auto& [dimension, parts] : cells.by_dimension) {
            // Levels are declared per indicator: the education departments report `higher`
            // and `home` outside their total.
            const std::set<std::string>* inside_levels = nullptr;
            if (auto it = rules.levels_inside.find(total.o.indicator);
                dimension == "level" && it != rules.levels_inside.end())
                inside_levels = &it->second;
            if (!inside_levels && !rules.partitions.count(dimension)) continue;
            double sum = 0;
            std::string inside, outside;
            for (const Fact* p : parts) {
                const std::string& value = p->o.breakdown.front().second;
                if (inside_levels && !inside_levels->count(value)) {
                    outside += (outside.empty() ? "" : ", ") + value + " " + number(p->o.value);
                    continue;
                }
                sum += p->o.value;
                inside += (inside.empty() ? "" : " + ") + value;
            }
            if (inside.empty() || sum == total.o.value) continue;
            Finding f = mismatch(total, sum, inside_levels ? "levels_vs_total" : "breakdown_vs_total",
                                 "", "");
            f.message = total.o.indicator + " " + total.o.area + " " + period_text(total) +
                        ": reported total " + number(total.o.value) + ", " + inside +
                        " sum to " + number(sum) + " (difference " +
                        number(std::fabs(total.o.value - sum)) + ")" +
                        (outside.empty() ? "" : "; " + outside + " reported outside the total") +
                        " [" + located(total) + "]";
            out.push_back(std::move(f));
        }
    }
}

}  // namespace

std::vector<Finding> check_totals(const std::vector<Fact>& facts, const ReconcileRules& rules) {
    std::vector<const Fact*> each;
    each.reserve(facts.size());
    for (const auto& f : facts) each.push_back(&f);
    return check_totals(each, rules);
}

std::vector<Finding> check_totals(const std::vector<const Fact*>& facts,
                                  const ReconcileRules& rules) {
    std::map<Group, AreaGroup> groups;
    for (const Fact* each : facts) {
        const Fact& f = *each;
        if (f.o.unit != Unit::kCount) continue;
        Group key{f.sha256(), f.o.indicator, f.o.from.days(), f.o.to.days()};
        if (f.o.breakdown.empty()) groups[key].by_area[f.o.area] = &f;
        else if (f.o.breakdown.size() == 1 && f.o.breakdown.front() ==
                                                   std::pair<std::string, std::string>{"area", "unknown"})
            groups[key].unallocated[f.o.area] = &f;
    }
    std::vector<Finding> out;
    check_areas(groups, out);
    check_incomplete(groups, out);
    check_breakdowns(facts, rules, out);
    return out;
}

}  // namespace sitrep
