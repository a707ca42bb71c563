#include "pipeline/reconcile/figures.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

namespace sitrep {
namespace {

using GroupKey = std::tuple<std::string, std::string, std::string, int>;  // ind, area, bd, unit

void add_source(Figure& fig, const Fact& f) {
    if (std::find(fig.sources.begin(), fig.sources.end(), f.sha256) == fig.sources.end())
        fig.sources.push_back(f.sha256);
    fig.locations.push_back(located(f));
}

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
    for (const Fact* f : parts) {
        revised = revised || f->revised;
        fig.value += f->o.value;
        from = std::min(from, f->o.from);
        to = std::max(to, f->o.to);
        derived = derived && f->derived;
        add_source(fig, *f);
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
    std::vector<std::pair<std::string, std::vector<std::string>>> by_file;
    for (const auto& l : locations) {
        const size_t colon = l.find(':');
        const std::string file = l.substr(0, colon);
        const std::string where = colon == std::string::npos ? "" : l.substr(colon + 1);
        auto it = std::find_if(by_file.begin(), by_file.end(),
                               [&](const auto& e) { return e.first == file; });
        if (it == by_file.end()) by_file.push_back({file, {where}});
        else it->second.push_back(where);
    }
    std::vector<std::string> out;
    for (const auto& [file, wheres] : by_file) {
        if (wheres.size() <= 3) {
            for (const auto& w : wheres) out.push_back(file + ":" + w);
        } else {
            out.push_back(file + ":" + wheres.front() + " .. " + wheres.back() + " (" +
                          std::to_string(wheres.size()) + " cells)");
        }
    }
    return out;
}

}  // namespace

std::vector<Fact> feeding_facts(const std::vector<Fact>& facts) {
    std::map<GroupKey, std::vector<const Fact*>> groups;
    for (const auto& f : facts)
        groups[{f.o.indicator, f.o.area, breakdown_key(f.o.breakdown),
                static_cast<int>(f.o.unit)}].push_back(&f);
    std::vector<Fact> out;
    for (const auto& [key, members] : groups) {
        if (members.front()->kind == Kind::kFlow) {
            for (const Fact* f : non_overlapping(members)) out.push_back(*f);
        } else {
            out.push_back(*latest_stock(members));
        }
    }
    return out;
}

std::vector<Figure> compute_figures(const std::vector<Fact>& facts) {
    std::map<GroupKey, std::vector<const Fact*>> groups;
    for (const auto& f : facts)
        groups[{f.o.indicator, f.o.area, breakdown_key(f.o.breakdown),
                static_cast<int>(f.o.unit)}].push_back(&f);

    std::vector<Figure> headlines, breakdowns, series;
    for (const auto& [key, members] : groups) {
        const bool headline = std::get<2>(key).empty();
        auto& out = headline ? headlines : breakdowns;
        if (members.front()->kind == Kind::kFlow) {
            out.push_back(flow_figure(non_overlapping(members)));
        } else {
            out.push_back(stock_figure(*latest_stock(members)));
        }
        if (!headline) continue;

        // Monthly series: facts within one calendar month, summed (flows) or latest (stocks).
        std::map<std::string, std::vector<const Fact*>> by_month;
        for (const Fact* f : members)
            if (f->o.from.first_of_month() == f->o.to.first_of_month())
                by_month[f->o.from.iso_month()].push_back(f);
        const bool flow = members.front()->kind == Kind::kFlow;
        if (by_month.size() < (flow ? 1u : 2u)) continue;
        for (const auto& [month, in_month] : by_month) {
            Figure fig = flow ? flow_figure(non_overlapping(in_month))
                              : stock_figure(*latest_stock(in_month));
            fig.breakdown = {{"month", month}};
            series.push_back(std::move(fig));
        }
    }
    std::vector<Figure> out = std::move(headlines);
    out.insert(out.end(), breakdowns.begin(), breakdowns.end());
    out.insert(out.end(), series.begin(), series.end());
    for (auto& f : out) f.locations = compact_locations(f.locations);
    return out;
}

}  // namespace sitrep
