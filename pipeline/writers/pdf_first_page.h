#pragma once

#include "pipeline/writers/pdf_context.h"

namespace sitrep {

/// Draws the first page's top: the URGENT banner of an urgent report, the key-figure tiles
/// with their change since the previous report, the highlights and the next report's time.
void render_first_page(RenderContext& ctx);

}  // namespace sitrep
