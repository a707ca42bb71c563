#pragma once

#include "pipeline/report/templates.h"
#include "pipeline/writers/pdf_context.h"

namespace sitrep {

/// Draws a section title in the report's section style, keeping `keep_with` points after it
/// on the same page.
void section_title(RenderContext& ctx, const std::string& title, double keep_with = 70);

/// Draws one section of the template: its title, then each block that has data, or a short
/// "no data received" line when none has.
void render_section(RenderContext& ctx, const SectionSpec& section);

}  // namespace sitrep
