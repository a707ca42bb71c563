#pragma once

#include <string>

#include "pipeline/model/report.h"
#include "pipeline/report/templates.h"

namespace sitrep {

/// Renders `report` in `lang` as PDF bytes: A4, the header band on every page, the first
/// page's key figures and highlights, then the template's sections in order. The same report
/// and templates give byte-identical output (every date comes from the report, never the
/// clock). Throws ConfigError for a language without labels, OutputError when libharu fails.
std::string render_pdf(const Report& report, const Templates& templates, const std::string& lang);

}  // namespace sitrep
