#include "pipeline/reconcile/figures.h"

#include <algorithm>
#include <array>
#include <deque>
#include <iterator>
#include <limits>
#include <map>
#include <memory_resource>
#include <set>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

#include "pipeline/foundation/presorted.h"

namespace sitrep {
namespace {

// The facts of each indicator, area, breakdown and unit, in that order, each group's facts in
// the order given: a stable sort of pointers instead of a map of vectors keyed by copies.
FactGroups grouped(const std::vector<Fact>& all) {
    std::vector<std::pair<std::string, const Fact*>> keyed;
    keyed.reserve(all.size());
    for (const auto& f : all) keyed.emplace_back(breakdown_key(f.o.breakdown), &f);
    const auto key = [](const std::pair<std::string, const Fact*>& k) {
        return std::tie(k.second->o.indicator, k.second->o.area, k.first, k.second->o.unit);
    };
    // Mostly in this order already: effective_facts sorts by indicator, area, breakdown and
    // period, and the derived totals follow.
    stable_sort_presorted(keyed.begin(), keyed.end(),
                          [&](const auto& a, const auto& b) { return key(a) < key(b); });
    FactGroups out;
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

// A figure's sources, each once, in the order first cited. Its memory comes from `arena`: a
// flow summed over a year's daily files keeps hundreds of them, allocated and freed one by one
// for each of a report's 460 flows before.
class SourceList {
public:
    SourceList(size_t facts, std::pmr::memory_resource* arena) : seen_(arena) {
        seen_.reserve(facts);
    }
    void add(Figure& fig, const Fact& f) {
        if (seen_.insert(f.sha256()).second) fig.sources.push_back(f.sha256());
    }

private:
    std::pmr::unordered_set<std::string_view> seen_;
};

// A figure's locations: one entry per file, its single location, or its first and last and how
// many, so that a sum over 3,000 daily cells stays traceable without listing every cell. The
// file is what precedes the first ':' of `file:location`, as a reader of the locations splits.
class LocationList {
public:
    LocationList(size_t facts, std::pmr::memory_resource* arena)
        : by_file_(arena), index_(arena) {
        index_.reserve(facts);
    }
    void add(const Fact& f) {
        std::string_view file = f.file(), where = f.o.location;
        if (file.find(':') != std::string_view::npos) {  // rare: split as the text would be
            const std::string_view whole = owned_.emplace_back(located(f));
            const size_t colon = whole.find(':');
            file = whole.substr(0, colon);
            where = whole.substr(colon + 1);
        }
        auto [it, added] = index_.try_emplace(file, by_file_.size());
        if (added) by_file_.push_back(Cells{file, {}, {}, 0});
        Cells& cells = by_file_[it->second];
        if (cells.count < cells.first.size()) cells.first[cells.count] = where;
        cells.last = where;
        ++cells.count;
    }

    std::vector<std::string> compact() const {
        std::vector<std::string> out;
        for (const auto& [file, first, last, count] : by_file_) {
            if (count <= first.size()) {
                for (size_t i = 0; i < count; ++i) {
                    std::string one;
                    one.reserve(file.size() + 1 + first[i].size());
                    out.push_back(std::move(one.append(file).append(":").append(first[i])));
                }
            } else {
                std::string span(file);
                span.append(":").append(first.front()).append(" .. ").append(last);
                out.push_back(span + " (" + std::to_string(count) + " cells)");
            }
        }
        return out;
    }

private:
    // A file's cells: the first three (all of them, when there are no more), the last, and how
    // many.
    struct Cells {
        std::string_view file;
        std::array<std::string_view, 3> first{};
        std::string_view last;
        size_t count = 0;
    };
    std::deque<std::string> owned_;  // stable: by_file_ views into it
    std::pmr::vector<Cells> by_file_;
    std::pmr::unordered_map<std::string_view, size_t> index_;
};

Figure base_figure(const Fact& f) {
    Figure fig;
    fig.indicator = f.o.indicator;
    fig.area = f.o.area;
    fig.breakdown = f.o.breakdown;
    fig.unit = f.o.unit;
    fig.kind = f.kind;
    return fig;
}

// The periods taken. Two periods overlap when they share a day: the days taken answer that at
// once, where comparing each fact with every period taken before it cost the square of a year's
// daily facts. A period that ends before it begins is compared with each period, as before.
class TakenPeriods {
public:
    explicit TakenPeriods(const std::vector<const Fact*>& facts) {
        int32_t last = std::numeric_limits<int32_t>::min();
        first_ = std::numeric_limits<int32_t>::max();
        for (const Fact* f : facts) {
            first_ = std::min(first_, f->o.from.days());
            last = std::max(last, f->o.to.days());
        }
        // A period of centuries (a stray date) is compared pair by pair rather than held as
        // days.
        if (first_ <= last && last - first_ < kMostDays)
            days_.assign(static_cast<size_t>(last - first_) + 1, 0);
        else
            pairwise_ = true;
    }
    bool overlaps(const Fact& f) const {
        if (f.o.from <= f.o.to && !pairwise_) {
            const auto begin = days_.begin() + (f.o.from.days() - first_);
            const auto end = days_.begin() + (f.o.to.days() - first_) + 1;
            return std::find(begin, end, 1) != end;
        }
        for (const auto& [from, to] : periods_)
            if (f.o.from.days() <= to && from <= f.o.to.days()) return true;
        return false;
    }
    void take(const Fact& f) {
        periods_.emplace_back(f.o.from.days(), f.o.to.days());
        if (f.o.from > f.o.to) pairwise_ = true;
        else if (!pairwise_)
            std::fill(days_.begin() + (f.o.from.days() - first_),
                      days_.begin() + (f.o.to.days() - first_) + 1, 1);
    }

private:
    static constexpr int32_t kMostDays = 100 * 366;
    int32_t first_ = 0;
    std::vector<char> days_;
    std::vector<std::pair<int32_t, int32_t>> periods_;
    bool pairwise_ = false;  ///< a period ends before it begins, or they span a century
};

// Picks facts whose periods do not overlap, preferring the longest (a partner's own total over
// its daily rows) and then the latest received, so that nothing is counted twice.
std::vector<const Fact*> non_overlapping(std::vector<const Fact*> facts) {
    std::vector<const Fact*> chosen;
    TakenPeriods taken(facts);
    // Files of an additive feed hold different records: all of them count.
    for (const Fact* f : facts) {
        if (!f->additive) continue;
        chosen.push_back(f);
        taken.take(*f);
    }
    std::erase_if(facts, [](const Fact* f) { return f->additive; });
    std::sort(facts.begin(), facts.end(), [](const Fact* a, const Fact* b) {
        const int32_t la = a->o.to - a->o.from, lb = b->o.to - b->o.from;
        if (la != lb) return la > lb;
        if (a->sequence() != b->sequence()) return a->sequence() > b->sequence();
        return a->o.from < b->o.from;
    });
    for (const Fact* f : facts) {
        if (taken.overlaps(*f)) continue;
        taken.take(*f);
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
    std::pmr::monotonic_buffer_resource arena;
    SourceList sources(parts.size(), &arena);
    LocationList locations(parts.size(), &arena);
    for (const Fact* f : parts) {
        revised = revised || f->revised;
        fig.value += f->o.value;
        from = std::min(from, f->o.from);
        to = std::max(to, f->o.to);
        derived = derived && f->derived;
        sources.add(fig, *f);
        locations.add(*f);
    }
    fig.locations = locations.compact();
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
            (f->o.to == best->o.to && f->derived == best->derived &&
             f->sequence() > best->sequence()))
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
    fig.sources = {f.sha256()};
    fig.locations = {located(f)};
    return fig;
}

}  // namespace

FactGroups group_facts(const std::vector<Fact>& facts) {
    FactGroups groups = grouped(facts);
    groups.chosen.reserve(groups.starts.size());
    for (size_t g = 0; g + 1 < groups.starts.size(); ++g) {
        std::vector<const Fact*> members(
            groups.facts.begin() + static_cast<std::ptrdiff_t>(groups.starts[g]),
            groups.facts.begin() + static_cast<std::ptrdiff_t>(groups.starts[g + 1]));
        if (members.front()->kind == Kind::kFlow)
            groups.chosen.push_back(non_overlapping(std::move(members)));
        else
            groups.chosen.push_back({latest_stock(members)});
    }
    return groups;
}

std::vector<const Fact*> feeding_facts(const FactGroups& groups) {
    std::vector<const Fact*> out;
    for (const auto& chosen : groups.chosen) out.insert(out.end(), chosen.begin(), chosen.end());
    return out;
}

std::vector<const Fact*> feeding_facts(const std::vector<Fact>& facts) {
    return feeding_facts(group_facts(facts));
}

std::vector<Figure> compute_figures(const std::vector<Fact>& facts) {
    return compute_figures(group_facts(facts));
}

std::vector<Figure> compute_figures(const FactGroups& groups) {
    std::vector<Figure> headlines, breakdowns, series;
    for (size_t g = 0; g + 1 < groups.starts.size(); ++g) {
        const auto begin = groups.facts.begin() + static_cast<std::ptrdiff_t>(groups.starts[g]);
        const auto end = groups.facts.begin() + static_cast<std::ptrdiff_t>(groups.starts[g + 1]);
        const bool headline = groups.breakdowns[groups.starts[g]].empty();
        const bool flow = (*begin)->kind == Kind::kFlow;
        auto& out = headline ? headlines : breakdowns;
        const auto& chosen = groups.chosen[g];
        out.push_back(flow ? flow_figure(chosen) : stock_figure(*chosen.front()));
        if (!headline) continue;

        // Monthly series: facts within one calendar month, summed (flows) or latest (stocks).
        // By the month's first day, which sorts as its `2022-03` does.
        std::map<int32_t, std::vector<const Fact*>> by_month;
        for (auto it = begin; it != end; ++it) {
            const Fact* f = *it;
            const Date first = f->o.from.first_of_month();
            if (first == f->o.to.first_of_month()) by_month[first.days()].push_back(f);
        }
        if (by_month.size() < (flow ? 1u : 2u)) continue;
        for (const auto& [month, in_month] : by_month) {
            Figure fig = flow ? flow_figure(non_overlapping(in_month))
                              : stock_figure(*latest_stock(in_month));
            fig.breakdown = {{"month", Date(month).iso_month()}};
            series.push_back(std::move(fig));
        }
    }
    // Locations are compact as made: a flow's per file, a stock's single one.
    std::vector<Figure> out = std::move(headlines);
    out.insert(out.end(), std::make_move_iterator(breakdowns.begin()),
               std::make_move_iterator(breakdowns.end()));
    out.insert(out.end(), std::make_move_iterator(series.begin()),
               std::make_move_iterator(series.end()));
    return out;
}

}  // namespace sitrep
