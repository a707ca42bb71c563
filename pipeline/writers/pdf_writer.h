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

/// Does ahead what the first PDF of a process would otherwise do while the other cores wait
/// for it (the province map's shapes, parsed and projected once: ~2 ms): for a caller with a
/// core to spare before it renders. Rendering gives the same bytes with or without it.
void prepare_pdf_rendering();

}  // namespace sitrep
