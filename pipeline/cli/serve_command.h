#pragma once

#include "pipeline/report/templates.h"
#include "pipeline/config/config.h"

namespace sitrep {

/// `sitrep serve`: runs the service until SIGTERM or SIGINT, then shuts down cleanly.
int serve(const Config& config, const Templates& templates);

}  // namespace sitrep
