#pragma once

#include "pipeline/cli/arguments.h"
#include "pipeline/config/config.h"

namespace sitrep {

/// `sitrep files [PATTERN] [--partner P] [--since DATE]`: every file ever received, newest
/// first, with its status and where its bytes are now; reads the store's tables, no manifest.
int list_received_files(const Arguments& args, const Config& config);

/// `sitrep file NAME-or-SHA-prefix --out DIR`: writes a received file's kept bytes back out
/// under its name, checked against its SHA-256. Unknown or ambiguous: NotFoundError (66)
/// listing the candidates.
int give_back_file(const Arguments& args, const Config& config);

}  // namespace sitrep
