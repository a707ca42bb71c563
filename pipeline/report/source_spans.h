#pragma once

#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "pipeline/model/report.h"

namespace sitrep {

/// A flow's sources with more than this many files of one feed are given as the feed and the
/// span of days of its used files (a file of the span with no row for the flow adds nothing).
constexpr size_t kSourcesListed = 8;

/// One feed's files given as a span of days instead of one by one.
struct SourceSpan {
    std::string feed, partner;
    Date from, to;
    size_t files = 0;  ///< the partner's used files of the feed dated from..to
};

/// A figure's sources as the manifest and the annex give them: files listed one by one, and
/// spans standing for many files of one feed, whose rows are then not listed either.
struct FigureSources {
    std::vector<std::string> listed;     ///< SHA-256 of the files listed one by one
    std::vector<std::string> locations;  ///< the locations in those files
    std::vector<SourceSpan> spans;
};

/// The report's used inputs by feed, to split figures' sources with.
class SourceIndex {
public:
    /// Indexes the used inputs of a report.
    explicit SourceIndex(const std::vector<InputStatus>& inputs);
    /// A flow made from more than kSourcesListed files of one feed is the sum of its rows in
    /// every used file of the feed in their span of days: that feed is given as the span.
    FigureSources split(const Figure& f) const;

private:
    struct Used {
        const InputStatus* input;
        size_t feed;  ///< index in days_, for a file with a reference date
    };
    std::unordered_map<std::string_view, Used> used_;  ///< by SHA-256, viewing the inputs
    /// per `partner|feed`, in their order: the sorted days of its used files
    std::vector<std::vector<int32_t>> days_;
};

/// Every figure's sources as `SourceIndex::split` gives them, in the order of `report.figures`:
/// worked out once per report for its manifest and its annexes, which give them alike.
std::vector<FigureSources> split_sources(const Report& report);

}  // namespace sitrep
