#pragma once

#include <map>
#include <string>
#include <vector>

#include "pipeline/model/report.h"
#include "pipeline/report/source_spans.h"

namespace sitrep {

/// One file of a report in the outbox, as the manifest's `outputs` lists it.
struct ReportOutput {
    std::string kind;     ///< pdf | annex
    std::string lang;     ///< nl, fr, en ...
    std::string file;     ///< its name in the outbox: sitrep-0237.annex.fr.xlsx
    std::string copy_of;  ///< the file it is a byte-for-byte copy of, or empty
};

/// The machine-readable manifest of a report (a contract: tools and tests read it).
std::string manifest_json(const Report& report);

/// The manifest with the report's files listed under `outputs`.
std::string manifest_json(const Report& report, const std::vector<ReportOutput>& outputs);

/// The same from the figures' sources `split_sources(report)` gave, when they are at hand
/// already; throws OutputError when they are not one per figure.
std::string manifest_json(const Report& report, const std::vector<ReportOutput>& outputs,
                          const std::vector<FigureSources>& sources);

/// The values a report publishes, by `figure_key`, as they read back from its manifest: only
/// the reported (finite) ones, breakdowns in name order.
std::map<std::string, double> published_values(const std::vector<Figure>& figures);

/// The figures of a manifest written by `manifest_json` (value, indicator, area, breakdown,
/// unit), for the deltas of the next report.
std::vector<Figure> read_manifest_figures(const std::string& manifest);

/// The findings of a manifest (without sources; news and since when it has them), for the
/// findings of the next report.
std::vector<Finding> read_manifest_findings(const std::string& manifest);


/// A stock's as-of text: `2023-02` for a whole month, else the day.
std::string as_of_text(const Figure& f);

}  // namespace sitrep
