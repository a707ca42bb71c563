#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "pipeline/foundation/file_names.h"
#include "pipeline/model/report.h"
#include "pipeline/store/store.h"

namespace sitrep {

/// Every received file with what became of it, and the submissions whose facts count.
struct InputLedger {
    std::vector<InputStatus> inputs;
    std::set<std::string> used;  ///< SHA-256 of the submissions whose facts the report uses
    /// superseded submission -> sequence of the revision that replaced it
    std::map<std::string, int64_t> superseded_at;
};

/// Decides, for every receipt, whether its submission is used, a duplicate (same bytes as an
/// earlier file), superseded (a later revision of the same file replaces it entirely) or
/// rejected. A receipt past `previous_receipt` (the previous report's last) is new.
InputLedger classify_inputs(const std::vector<StoredSubmission>& submissions,
                            const std::vector<Receipt>& receipts, int64_t previous_receipt = 0);

}  // namespace sitrep
