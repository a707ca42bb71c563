#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "pipeline/ingest/ingest.h"
#include "pipeline/model/report.h"
#include "pipeline/reconcile/rules.h"
#include "pipeline/report/templates.h"
#include "pipeline/config/config.h"
#include "pipeline/foundation/errors.h"

namespace sitrep {

class Store;

/// How one report run differs from the configured default.
struct RunOptions {
    std::string kind = "daily";            ///< daily | urgent
    std::string reason;                    ///< required for an urgent report
    std::optional<std::string> issued_at;  ///< ISO 8601; default: now, in the configured zone
    std::optional<Date> as_of;             ///< default: the local day of issued_at
    std::vector<std::string> languages;    ///< default: the configured or templates' ones
    /// The scheduled daily report: not issued when a daily report of the same local day is
    /// already in the store (issued by another instance of a shared store, say).
    bool once_a_day = false;
};

/// A `once_a_day` run found today's daily report already issued: nothing was done.
class AlreadyIssuedToday : public Error {
public:
    using Error::Error;
};

/// What a run did.
struct RunResult {
    Report report;
    std::vector<IngestOutcome> outcomes;  ///< one per inbox file, in name order
    std::vector<std::string> written;     ///< the files written to the outbox
    /// Whether every file of the inbox was used (or was a known duplicate or revision).
    bool all_used() const;
};

/// Ingests the inbox, composes the next numbered report and writes its PDFs, annex and
/// manifest atomically to the outbox; only then is the number recorded as issued, so a crash
/// never skips or reuses a number. One run at a time per state folder (a lock file).
RunResult run_report(const Config& config, const Templates& templates, const RunOptions& options);

/// Which feeds the reports expect and how often: the rules' cadences and the configuration's.
std::vector<Cadence> watched_cadences(const Config& config);

/// Finishes what a crash interrupted in the outbox (see `tidy_outbox`), under the state's
/// run lock: the service calls it at start, before it catches up on unsent mail.
void finish_interrupted_reports(const Config& config);

/// The `key=value` lines of a report's rendering record (StoredReport::rendering): its
/// snapshots, languages and cadences.
std::map<std::string, std::string> parse_record(const std::string& text);

/// A store made before figures were rows gets them once from the reports' manifests.
void record_old_figures(Store& store);

/// Writes report `number` again into `out_dir` from exactly what the store knew when it was
/// issued: the same bytes as the first time.
std::vector<std::string> render_report(const Config& config, const Templates& templates,
                                       int number, const std::string& out_dir,
                                       const std::vector<std::string>& languages);

}  // namespace sitrep
