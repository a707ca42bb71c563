#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "pipeline/report/report_model.h"
#include "pipeline/store/store.h"

namespace sitrep {

/// The base name a revision shares with its original: `dvz_tp_beslissingen_20230131_v2.csv`
/// and `dvz_tp_beslissingen_20230131 (1).csv` both give `dvz_tp_beslissingen_20230131`.
std::string revision_base(const std::string& file);
/// The revision number in a file name: 2 for `_v2`, 1 when there is none.
int revision_number(const std::string& file);

/// Every received file with what became of it, and the submissions whose facts count.
struct InputLedger {
    std::vector<InputStatus> inputs;
    std::set<std::string> used;  ///< SHA-256 of the submissions whose facts the report uses
    /// superseded submission -> sequence of the revision that replaced it
    std::map<std::string, int64_t> superseded_at;
};

/// Decides, for every receipt, whether its submission is used, a duplicate (same bytes as an
/// earlier file), superseded (a later revision of the same file replaces it entirely) or
/// rejected.
InputLedger classify_inputs(const std::vector<StoredSubmission>& submissions,
                            const std::vector<Receipt>& receipts);

}  // namespace sitrep
