#pragma once

#include "pipeline/cli/arguments.h"
#include "pipeline/config/config.h"

namespace sitrep {

/// Runs the command named in `args`; returns the process exit code.
int run_command(const Arguments& args);

/// The configuration the options name (`--config`, path overrides), without reading the
/// catalogue it names.
Config config_without_catalogue(const Arguments& args);

}  // namespace sitrep
