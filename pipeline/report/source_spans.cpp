#include "pipeline/report/source_spans.h"

#include <algorithm>
#include <set>

namespace sitrep {

SourceIndex::SourceIndex(const std::vector<InputStatus>& inputs) {
    for (const auto& in : inputs)
        if (in.status == "used" && !used_.count(in.sha256)) {
            used_[in.sha256] = &in;
            by_feed_[in.feed].push_back(&in);
        }
}

FigureSources SourceIndex::split(const Figure& f) const {
    FigureSources out{f.sources, f.locations, {}};
    if (f.kind != Kind::kFlow || f.sources.size() <= kSourcesListed) return out;
    std::map<std::string, std::vector<const InputStatus*>> groups;
    for (const auto& sha : f.sources)
        if (auto it = used_.find(sha); it != used_.end() && it->second->reference_date)
            groups[it->second->feed].push_back(it->second);
    std::set<std::string> spanned, files;
    for (const auto& [feed, group] : groups) {
        if (group.size() <= kSourcesListed) continue;
        SourceSpan span{feed, group.front()->partner, *group.front()->reference_date,
                        *group.front()->reference_date, 0};
        for (const auto* in : group) {
            span.from = std::min(span.from, *in->reference_date);
            span.to = std::max(span.to, *in->reference_date);
        }
        // Every used file of the feed in the span is the figure's: one with no row for it adds
        // nothing to the sum.
        for (const auto* in : by_feed_.at(feed))
            if (in->reference_date && *in->reference_date >= span.from &&
                *in->reference_date <= span.to)
                ++span.files;
        out.spans.push_back(span);
        for (const auto* in : group) {
            spanned.insert(in->sha256);
            files.insert(in->file);
        }
    }
    if (spanned.empty()) return out;
    out.listed.clear();
    for (const auto& sha : f.sources)
        if (!spanned.count(sha)) out.listed.push_back(sha);
    out.locations.clear();
    for (const auto& l : f.locations)
        if (!files.count(l.substr(0, l.find(':')))) out.locations.push_back(l);
    return out;
}

}  // namespace sitrep
