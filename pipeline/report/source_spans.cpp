#include "pipeline/report/source_spans.h"

#include <algorithm>
#include <string_view>
#include <unordered_set>

#include "pipeline/foundation/on_cores.h"

namespace sitrep {

SourceIndex::SourceIndex(const std::vector<InputStatus>& inputs) {
    std::map<std::string, std::vector<int32_t>> by_feed;  // `partner|feed` -> days
    for (const auto& in : inputs)
        if (in.status == "used" && used_.emplace(in.sha256, Used{&in, 0}).second && in.reference_date)
            by_feed[in.partner + "|" + in.feed].push_back(in.reference_date->days());
    // Feeds numbered in the order of their `partner|feed`, which is the order spans are given.
    std::map<std::string, size_t> number;
    for (auto& [key, days] : by_feed) {
        std::sort(days.begin(), days.end());
        number[key] = days_.size();
        days_.push_back(std::move(days));
    }
    for (auto& [sha, used] : used_)
        if (used.input->reference_date)
            used.feed = number.at(used.input->partner + "|" + used.input->feed);
}

FigureSources SourceIndex::split(const Figure& f) const {
    if (f.kind != Kind::kFlow || f.sources.size() <= kSourcesListed)
        return {f.sources, f.locations, {}};
    FigureSources out;
    // By partner and feed: HXL is one feed that many partners send. Each source's feed is
    // looked up once; a source is spanned exactly when its feed's group is.
    std::map<size_t, std::vector<const InputStatus*>> groups;
    std::vector<const Used*> used_of(f.sources.size(), nullptr);
    for (size_t i = 0; i < f.sources.size(); ++i)
        if (auto it = used_.find(f.sources[i]); it != used_.end() && it->second.input->reference_date) {
            used_of[i] = &it->second;
            groups[it->second.feed].push_back(it->second.input);
        }
    // Called for every figure of the manifest and the annex: string views into the inputs.
    std::vector<char> spanned(days_.size(), 0);
    std::unordered_set<std::string_view> files;
    for (const auto& [key, group] : groups) {
        if (group.size() <= kSourcesListed) continue;
        SourceSpan span{group.front()->feed, group.front()->partner, *group.front()->reference_date,
                        *group.front()->reference_date, 0};
        for (const auto* in : group) {
            span.from = std::min(span.from, *in->reference_date);
            span.to = std::max(span.to, *in->reference_date);
        }
        // Every used file of the feed in the span is the figure's: one with no row for it adds
        // nothing to the sum.
        const auto& days = days_[key];
        span.files = static_cast<size_t>(
            std::upper_bound(days.begin(), days.end(), span.to.days()) -
            std::lower_bound(days.begin(), days.end(), span.from.days()));
        out.spans.push_back(std::move(span));
        spanned[key] = 1;
        files.reserve(files.size() + group.size());
        for (const auto* in : group) files.insert(in->file);
    }
    if (out.spans.empty()) return {f.sources, f.locations, {}};
    for (size_t i = 0; i < f.sources.size(); ++i)
        if (!used_of[i] || !spanned[used_of[i]->feed]) out.listed.push_back(f.sources[i]);
    for (const auto& l : f.locations)
        if (!files.count(std::string_view(l).substr(0, l.find(':')))) out.locations.push_back(l);
    return out;
}

std::vector<FigureSources> split_sources(const Report& report) {
    const SourceIndex index(report.inputs);
    const auto& figures = report.figures;
    std::vector<FigureSources> out(figures.size());
    // A year's 1,200 figures in two halves at once: the writing waits for them, one core idle
    // (15 M instructions at day 365). The index is only read.
    run_in_halves(figures.size(), 200, [&](size_t begin, size_t end) {
        for (size_t i = begin; i < end; ++i) out[i] = index.split(figures[i]);
    });
    return out;
}

}  // namespace sitrep
