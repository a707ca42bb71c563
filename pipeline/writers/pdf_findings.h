#pragma once

#include "pipeline/writers/pdf_context.h"

namespace sitrep {

/// Draws the data-quality findings: new and changed ones in full, those standing since an
/// earlier report one short entry each with the report they first appeared in, then those
/// cleared since the previous report.
void render_findings(RenderContext& ctx);

}  // namespace sitrep
