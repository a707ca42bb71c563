#pragma once

#include "pipeline/writers/pdf_context.h"

namespace sitrep {

/// Draws the sources: the files received since the previous report in full (every file in a
/// first report), then the earlier ones counted per partner; the annex lists them all.
void render_sources(RenderContext& ctx);

}  // namespace sitrep
