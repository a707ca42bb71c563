#pragma once

#include "pipeline/cli/arguments.h"

namespace sitrep {

/// `sitrep feeds`: every feed, its partner, file names, format and indicators.
/// `sitrep feeds check [DIR]`: reads a catalogue folder (the configured one by default) and
/// prints every mistake with its file and line; exit 78 when there is one.
int feeds_command(const Arguments& args);

}  // namespace sitrep
