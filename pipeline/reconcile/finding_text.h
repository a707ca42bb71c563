#pragma once

#include <string>

#include "pipeline/model/finding.h"
#include "pipeline/model/observation.h"

namespace sitrep {

/// A figure as finding messages write it: `53450`, `0.844`, no thousands separators (the
/// messages are for analysts and tools; the PDF formats numbers per language).
std::string plain_number(double v);

/// A finding about one fact: its kind, severity, indicator, area and period filled in.
Finding finding_about(const char* kind, Severity severity, const Observation& o);

/// A fact's period as finding messages write it: `2023-02-05`, `2023-01` for a whole month,
/// else `from..to`.
std::string period_text(const Observation& o);

}  // namespace sitrep
