#pragma once

#include "pipeline/cli/arguments.h"

namespace sitrep {

/// Runs the command named in `args`; returns the process exit code.
int run_command(const Arguments& args);

}  // namespace sitrep
