#include "pipeline/reconcile/figures.h"

#include <algorithm>
#include <iterator>
#include <map>
#include <set>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

namespace sitrep {
namespace {

// The facts of each indicator, area, breakdown and unit, in that order, each group's facts in
// the order given: a stable sort of pointers instead of a map of vectors keyed by copies.
struct Grouped {
    std::vector<const Fact*> facts;
    std::vector<std::string> breakdowns;  // breakdown_key of each of `facts`
    std::vector<size_t> starts;           // where each group begins in `facts`, then the end
};

Grouped grouped(const std::vector<Fact>& all) {
    std::vector<std::pair<std::string, const Fact*>> keyed;
    keyed.reserve(all.size());
    for (const auto& f : all) keyed.emplace_back(breakdown_key(f.o.breakdown), &f);
    const auto key = [](const std::pair<std::string, const Fact*>& k) {
        return std::tie(k.second->o.indicator, k.second->o.area, k.first, k.second->o.unit);
    };
    std::stable_sort(keyed.begin(), keyed.end(),
                     [&](const auto& a, const auto& b) { return key(a) < key(b); });
    Grouped out;
    out.facts.reserve(keyed.size());
    for (size_t i = 0; i < keyed.size(); ++i)
        if (i == 0 || key(keyed[i]) != key(keyed[i - 1])) out.starts.push_back(i);
    for (auto& [breakdown, fact] : keyed) {
        out.facts.push_back(fact);
        out.breakdowns.push_back(std::move(breakdown));
    }
    out.starts.push_back(keyed.size());
    return out;
}

// A figure's sources, each once, in the order first cited.
class SourceList {
public:
    void add(Figure& fig, const Fact& f) {
        if (seen_.insert(f.sha256).second) fig.sources.push_back(f.sha256);
        fig.locations.push_back(located(f));
    }

private:
    std::unordered_set<std::string_view> seen_;
};

void add_source(Figure& fig, const Fact& f) { SourceList().add(fig, f); }

Figure base_figure(const Fact& f) {
    Figure fig;
    fig.indicator = f.o.indicator;
    fig.area = f.o.area;
    fig.breakdown = f.o.breakdown;
    fig.unit = f.o.unit;
    fig.kind = f.kind;
    return fig;
}

// Picks facts whose periods do not overlap, preferring the longest (a partner's own total over
// its daily rows) and then the latest received, so that nothing is counted twice.
std::vector<const Fact*> non_overlapping(std::vector<const Fact*> facts) {
    std::vector<const Fact*> chosen;
    std::vector<std::pair<int32_t, int32_t>> taken;
    // Files of an additive feed hold different records: all of them count.
    for (const Fact* f : facts) {
        if (!f->additive) continue;
        chosen.push_back(f);
        taken.emplace_back(f->o.from.days(), f->o.to.days());
    }
    std::erase_if(facts, [](const Fact* f) { return f->additive; });
    std::sort(facts.begin(), facts.end(), [](const Fact* a, const Fact* b) {
        const int32_t la = a->o.to - a->o.from, lb = b->o.to - b->o.from;
        if (la != lb) return la > lb;
        if (a->sequence != b->sequence) return a->sequence > b->sequence;
        return a->o.from < b->o.from;
    });
    for (const Fact* f : facts) {
        bool overlaps = false;
        for (const auto& [from, to] : taken)
            if (f->o.from.days() <= to && from <= f->o.to.days()) overlaps = true;
        if (overlaps) continue;
        taken.emplace_back(f->o.from.days(), f->o.to.days());
        chosen.push_back(f);
    }
    std::sort(chosen.begin(), chosen.end(),
              [](const Fact* a, const Fact* b) { return a->o.from < b->o.from; });
    return chosen;
}

Figure flow_figure(const std::vector<const Fact*>& parts) {
    Figure fig = base_figure(*parts.front());
    Date from = parts.front()->o.from, to = parts.front()->o.to;
    bool derived = true, revised = false;
    SourceList sources;
    for (const Fact* f : parts) {
        revised = revised || f->revised;
        fig.value += f->o.value;
        from = std::min(from, f->o.from);
        to = std::max(to, f->o.to);
        derived = derived && f->derived;
        sources.add(fig, *f);
    }
    fig.from = from;
    fig.to = to;
    fig.as_of = to;
    if (derived) fig.status = "derived";
    else if (revised) fig.status = "revised";
    return fig;
}

const Fact* latest_stock(const std::vector<const Fact*>& facts) {
    const Fact* best = nullptr;
    for (const Fact* f : facts) {
        // A partner's own figure beats one sitrep derived for the same day.
        if (!best || f->o.to > best->o.to ||
            (f->o.to == best->o.to && best->derived && !f->derived) ||
            (f->o.to == best->o.to && f->derived == best->derived && f->sequence > best->sequence))
            best = f;
    }
    return best;
}

Figure stock_figure(const Fact& f) {
    Figure fig = base_figure(f);
    fig.value = f.o.value;
    fig.as_of = f.o.to;
    if (f.o.from != f.o.to) {
        fig.from = f.o.from;
        fig.to = f.o.to;
    }
    if (f.derived) fig.status = "derived";
    else if (f.revised) fig.status = "revised";
    add_source(fig, f);
    return fig;
}

// One entry per file: its single location, or its first and last and how many, so that a sum
// over 3,000 daily cells stays traceable without listing every cell.
std::vector<std::string> compact_locations(const std::vector<std::string>& locations) {
    // Views into `locations`, files in the order first seen.
    std::vector<std::pair<std::string_view, std::vector<std::string_view>>> by_file;
    std::unordered_map<std::string_view, size_t> index;
    for (const auto& l : locations) {
        const size_t colon = l.find(':');
        const std::string_view file = std::string_view(l).substr(0, colon);
        const std::string_view where =
            colon == std::string::npos ? std::string_view() : std::string_view(l).substr(colon + 1);
        auto [it, added] = index.try_emplace(file, by_file.size());
        if (added) by_file.push_back({file, {where}});
        else by_file[it->second].second.push_back(where);
    }
    std::vector<std::string> out;
    for (const auto& [file, wheres] : by_file) {
        if (wheres.size() <= 3) {
            for (const auto& w : wheres) {
                std::string one;
                one.reserve(file.size() + 1 + w.size());
                out.push_back(std::move(one.append(file).append(":").append(w)));
            }
        } else {
            std::string span(file);
            span.append(":").append(wheres.front()).append(" .. ").append(wheres.back());
            out.push_back(span + " (" + std::to_string(wheres.size()) + " cells)");
        }
    }
    return out;
}

}  // namespace

FiguresAndFeeding figures_and_feeding(const std::vector<Fact>& facts) {
    const Grouped groups = grouped(facts);
    FiguresAndFeeding result;
    std::vector<Figure> headlines, breakdowns, series;
    for (size_t g = 0; g + 1 < groups.starts.size(); ++g) {
        const std::vector<const Fact*> members(
            groups.facts.begin() + static_cast<std::ptrdiff_t>(groups.starts[g]),
            groups.facts.begin() + static_cast<std::ptrdiff_t>(groups.starts[g + 1]));
        const bool headline = groups.breakdowns[groups.starts[g]].empty();
        auto& out = headline ? headlines : breakdowns;
        if (members.front()->kind == Kind::kFlow) {
            const auto chosen = non_overlapping(members);
            for (const Fact* f : chosen) result.feeding.push_back(*f);
            out.push_back(flow_figure(chosen));
        } else {
            const Fact* latest = latest_stock(members);
            result.feeding.push_back(*latest);
            out.push_back(stock_figure(*latest));
        }
        if (!headline) continue;

        // Monthly series: facts within one calendar month, summed (flows) or latest (stocks).
        // By the month's first day, which sorts as its `2022-03` does.
        std::map<int32_t, std::vector<const Fact*>> by_month;
        for (const Fact* f : members) {
            const Date first = f->o.from.first_of_month();
            if (first == f->o.to.first_of_month()) by_month[first.days()].push_back(f);
        }
        const bool flow = members.front()->kind == Kind::kFlow;
        if (by_month.size() < (flow ? 1u : 2u)) continue;
        for (const auto& [month, in_month] : by_month) {
            Figure fig = flow ? flow_figure(non_overlapping(in_month))
                              : stock_figure(*latest_stock(in_month));
            fig.breakdown = {{"month", Date(month).iso_month()}};
            series.push_back(std::move(fig));
        }
    }
    std::vector<Figure>& out = result.figures;
    out = std::move(headlines);
    out.insert(out.end(), std::make_move_iterator(breakdowns.begin()),
               std::make_move_iterator(breakdowns.end()));
    out.insert(out.end(), std::make_move_iterator(series.begin()),
               std::make_move_iterator(series.end()));
    for (auto& f : out) f.locations = compact_locations(f.locations);
    return result;
}

std::vector<Fact> feeding_facts(const std::vector<Fact>& facts) {
    return figures_and_feeding(facts).feeding;
}

std::vector<Figure> compute_figures(const std::vector<Fact>& facts) {
    return figures_and_feeding(facts).figures;
}

}  // namespace sitrep
