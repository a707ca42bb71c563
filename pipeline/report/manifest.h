#pragma once

#include <string>
#include <vector>

#include "pipeline/model/report.h"

namespace sitrep {

/// The machine-readable manifest of a report (a contract: tools and tests read it).
std::string manifest_json(const Report& report);

/// The figures of a manifest written by `manifest_json` (value, indicator, area, breakdown,
/// unit), for the deltas of the next report.
std::vector<Figure> read_manifest_figures(const std::string& manifest);


/// A stock's as-of text: `2023-02` for a whole month, else the day.
std::string as_of_text(const Figure& f);

}  // namespace sitrep
