#pragma once

#include <string>
#include <vector>

#include "pipeline/model/report.h"
#include "pipeline/report/templates.h"

namespace sitrep {

/// Renders `report` in `lang` as PDF bytes: A4, the header band on every page, the first
/// page's key figures and highlights, then the template's sections in order. The same report
/// and templates give byte-identical output (every date comes from the report, never the
/// clock). The PDF is PDF/A-1b with WinAnsi-encoded fonts: characters WinAnsi lacks are drawn
/// as `?`, named in one warning per PDF and, when `replaced` is given, listed there. Throws
/// ConfigError for a language without labels, OutputError when libharu fails.
std::string render_pdf(const Report& report, const Templates& templates, const std::string& lang,
                       std::vector<char32_t>* replaced = nullptr);

}  // namespace sitrep
