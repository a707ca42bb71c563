#include "pipeline/reconcile/series_checks.h"
#include "pipeline/reconcile/finding_text.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <deque>
#include <map>
#include <string_view>
#include <tuple>

namespace sitrep {
namespace {

std::string number(double v) { return plain_number(v); }

std::string when(const Fact& f) { return period_text(f.o); }

Finding finding(const char* kind, Severity severity, const Fact& f, double expected,
                std::vector<std::string> sources, std::string message) {
    Finding out = finding_about(kind, severity, f.o);
    out.expected = expected;
    out.actual = f.o.value;
    out.sources = std::move(sources);
    out.message = std::move(message);
    return out;
}

}  // namespace

std::vector<Finding> check_series(const std::vector<Fact>& facts, const ReconcileRules& rules,
                                  Date as_of, WholeMonths whole) {
    // One point per period end: a stock's value on its day, or a flow's month.
    using Key = std::tuple<std::string, std::string, std::string>;  // indicator, area, breakdown
    std::map<Key, std::map<int32_t, const Fact*>> series;
    // A flow's point is its calendar month: the facts within one month summed (DVZ's files,
    // Fedasil's days). Facts spanning months (a partner's running total) are not a point.
    struct MonthSum {
        Fact sum;
        std::vector<std::string_view> partners;  // whose facts it adds (nearly always one)
    };
    std::deque<MonthSum> monthly;
    std::map<std::tuple<std::string_view, std::string_view, std::string, int32_t>, MonthSum*>
        month_sum;
    // Version 3's rule: how far each indicator's flows reach, whatever the area or breakdown (a
    // province may have no decision on the month's last day).
    std::map<std::string, Date> reached;
    // Since version 4, per indicator and partner, from the facts that make months: where its
    // data begins and ends. A partner's running total spanning months says nothing of the days
    // its month sums hold.
    struct Extent {
        Date begun, reached;
    };
    using ExtentKey = std::pair<std::string_view, std::string_view>;  // indicator, partner
    std::map<ExtentKey, Extent> extent;
    // The facts come sorted by indicator, area, breakdown and period: most belong to the month
    // sum, or the series, of the fact before, which is then at hand without a search.
    std::tuple<std::string_view, std::string_view, std::string, int32_t> last_month;
    MonthSum** last_sum = nullptr;
    ExtentKey last_extent_key;
    Extent* last_extent = nullptr;
    Key last_series;
    std::map<int32_t, const Fact*>* last_points = nullptr;
    for (const auto& f : facts) {
        if (f.o.unit != Unit::kCount || f.derived) continue;
        if (f.kind == Kind::kFlow) {
            if (whole == WholeMonths::reached_by_indicator) {
                Date& end = reached.try_emplace(f.o.indicator, f.o.to).first->second;
                if (f.o.to > end) end = f.o.to;
            }
            if (f.o.from.first_of_month() != f.o.to.first_of_month()) continue;
            if (whole == WholeMonths::covered_by_partner) {
                const ExtentKey extent_key{f.o.indicator, f.partner()};
                if (!last_extent || extent_key != last_extent_key) {
                    last_extent = &extent.try_emplace(extent_key, Extent{f.o.from, f.o.to})
                                       .first->second;
                    last_extent_key = extent_key;
                }
                last_extent->begun = std::min(last_extent->begun, f.o.from);
                last_extent->reached = std::max(last_extent->reached, f.o.to);
            }
            const Date first = f.o.from.first_of_month();
            auto month = std::make_tuple(std::string_view(f.o.indicator),
                                         std::string_view(f.o.area),
                                         breakdown_key(f.o.breakdown), first.days());
            if (!last_sum || month != last_month) {
                last_sum = &month_sum[month];
                last_month = std::move(month);
            }
            MonthSum*& month_of = *last_sum;
            if (!month_of) {
                monthly.push_back({f, {f.partner()}});
                month_of = &monthly.back();
                month_of->sum.o.from = first;
                month_of->sum.o.to = first.last_of_month();
            } else {
                auto& partners = month_of->partners;
                if (std::find(partners.begin(), partners.end(), f.partner()) == partners.end())
                    partners.push_back(f.partner());
                Fact* sum = &month_of->sum;
                sum->o.value += f.o.value;
                if (f.sequence() > sum->sequence()) {
                    sum->submission = f.submission;
                    sum->o.location = f.o.location;
                }
            }
            continue;
        }
        Key key{f.o.indicator, f.o.area, breakdown_key(f.o.breakdown)};
        if (!last_points || key != last_series) {
            last_points = &series[key];
            last_series = std::move(key);
        }
        const Fact*& slot = (*last_points)[f.o.to.days()];
        if (!slot || f.sequence() > slot->sequence()) slot = &f;
    }
    // A partial month (not over on the report's day, or beyond what the data reaches) is
    // never compared with whole ones, nor counted in their mean.
    const auto is_whole = [&](const MonthSum& month) {
        const Observation& o = month.sum.o;
        if (o.to > as_of) return false;
        if (whole == WholeMonths::reached_by_indicator) return o.to <= reached.at(o.indicator);
        for (const auto partner : month.partners) {
            const Extent& e = extent.at({o.indicator, partner});
            if (e.begun > o.from || e.reached < o.to) return false;
        }
        return true;
    };
    for (const auto& month : monthly) {
        if (!is_whole(month)) continue;
        const Fact& f = month.sum;
        const Key key{f.o.indicator, f.o.area, breakdown_key(f.o.breakdown)};
        series[key][f.o.to.days()] = &f;
    }
    std::vector<Finding> out;
    for (const auto& [key, points] : series) {
        const bool cumulative = rules.cumulative.count(std::get<0>(key)) > 0;
        std::vector<const Fact*> ordered;
        for (const auto& [day, f] : points) ordered.push_back(f);
        for (size_t i = 1; i < ordered.size(); ++i) {
            const Fact& now = *ordered[i];
            const Fact& before = *ordered[i - 1];
            if (cumulative && now.o.value < before.o.value) {
                out.push_back(finding(
                    "cumulative_decrease", Severity::kWarning, now, before.o.value,
                    {now.sha256(), before.sha256()},
                    now.o.indicator + " " + now.o.area + ": a cumulative count went down from " +
                        number(before.o.value) + " (" + when(before) + ") to " +
                        number(now.o.value) + " (" + when(now) + ") [" + located(now) + "]"));
            }
            if (static_cast<int>(i) < rules.jump_window) continue;
            double mean = 0;
            for (int k = 1; k <= rules.jump_window; ++k) mean += ordered[i - k]->o.value;
            mean /= rules.jump_window;
            const double v = now.o.value;
            const bool far = mean > 0 ? (v > mean * rules.jump_factor_up ||
                                         v * rules.jump_factor_down < mean)
                                      : v > 0;
            if (!far || std::fabs(v - mean) < rules.jump_min_change) continue;
            out.push_back(finding(
                "implausible_jump", Severity::kWarning, now, mean, {now.sha256()},
                now.o.indicator + " " + now.o.area +
                    (now.o.breakdown.empty() ? "" : " {" + breakdown_key(now.o.breakdown) + "}") +
                    " " + when(now) + ": " + number(v) +
                    " against a mean of " + number(std::round(mean)) + " over the " +
                    std::to_string(rules.jump_window) + " periods before it [" + located(now) +
                    "]"));
        }
    }
    return out;
}

std::vector<Finding> check_shares(const std::vector<Fact>& facts, const ReconcileRules& rules) {
    // Only the counts a share is computed from are indexed (the latest of each key), not the
    // year's thousands of daily counts.
    using Key = std::tuple<std::string_view, std::string_view, std::string, int32_t, int32_t>;
    std::map<Key, const Fact*> counts;
    for (const auto& f : facts) {
        if (f.o.unit != Unit::kShare || f.o.breakdown.empty()) continue;
        counts.try_emplace({f.o.indicator, f.o.area, breakdown_key(f.o.breakdown),
                            f.o.from.days(), f.o.to.days()}, nullptr);
        counts.try_emplace({f.o.indicator, f.o.area, "", f.o.from.days(), f.o.to.days()}, nullptr);
    }
    if (counts.empty()) return {};
    for (const auto& f : facts) {
        if (f.o.unit != Unit::kCount) continue;
        auto it = counts.find({f.o.indicator, f.o.area, breakdown_key(f.o.breakdown),
                               f.o.from.days(), f.o.to.days()});
        if (it != counts.end()) it->second = &f;
    }
    std::vector<Finding> out;
    for (const auto& f : facts) {
        if (f.o.unit != Unit::kShare || f.o.breakdown.empty()) continue;
        auto part = counts.find({f.o.indicator, f.o.area, breakdown_key(f.o.breakdown),
                                 f.o.from.days(), f.o.to.days()});
        auto whole = counts.find({f.o.indicator, f.o.area, "", f.o.from.days(), f.o.to.days()});
        if (!part->second || !whole->second || whole->second->o.value <= 0) continue;
        const double computed = part->second->o.value / whole->second->o.value;
        if (std::fabs(computed - f.o.value) <= rules.share_tolerance) continue;
        char pct[64];
        std::snprintf(pct, sizeof pct, "%.1f%% is not %s of %s (%.1f%%)", f.o.value * 100,
                      number(part->second->o.value).c_str(),
                      number(whole->second->o.value).c_str(), computed * 100);
        out.push_back(finding("share_mismatch", Severity::kWarning, f, computed,
                              {f.sha256(), part->second->sha256(), whole->second->sha256()},
                              f.o.indicator + " " + f.o.area + " {" +
                                  breakdown_key(f.o.breakdown) + "} " + when(f) + ": " + pct +
                                  " [" + located(f) + "]"));
    }
    return out;
}

}  // namespace sitrep
