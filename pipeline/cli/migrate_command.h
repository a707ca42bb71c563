#pragma once

#include "pipeline/cli/arguments.h"
#include "pipeline/config/config.h"

namespace sitrep {

/// `sitrep migrate --to URL`: copies the configured store (the state folder's SQLite file by
/// default) with the files it keeps into an empty PostgreSQL store. `sitrep migrate --from URL
/// --state DIR`: copies a PostgreSQL store into a new SQLite state folder. Reports render
/// byte-identical from the copy.
int migrate_command(const Arguments& args, const Config& config);

}  // namespace sitrep
