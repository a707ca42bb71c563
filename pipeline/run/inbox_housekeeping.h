#pragma once

#include <string>
#include <vector>

#include "pipeline/config/config.h"
#include "pipeline/ingest/ingest.h"
#include "pipeline/model/date.h"
#include "pipeline/store/store.h"

namespace sitrep {

/// The run whose inbox files are tidied: where they go and what the store records.
struct HousekeepingRun {
    int report = 0;         ///< the report just recorded
    std::string issued_at;  ///< its issue time
    Date local_day;         ///< the run's local day: the archive's folder `YYYY-MM-DD`
};

/// What `tidy_inbox` did.
struct HousekeepingResult {
    size_t moved = 0;  ///< archived or removed
    size_t left = 0;   ///< that had to stay in the inbox (changed since read, or an error)
};

/// Once report N is recorded, archives or removes (`config.after_run`) each inbox file the run
/// read, and records where it went. Only files that still hold what was read are touched: a
/// file that came or changed during the run, or one that could not be read, stays for the next
/// run. A file is removed only when its bytes are kept in the state, and archived without ever
/// writing over another (`name~2.csv`). Errors are logged per file, never thrown: the report
/// is issued already, and the next run tries again.
HousekeepingResult tidy_inbox(const Config& config, Store& store,
                              const std::vector<IngestOutcome>& outcomes,
                              const HousekeepingRun& run);

}  // namespace sitrep
