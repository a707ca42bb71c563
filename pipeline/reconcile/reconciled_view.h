#pragma once

#include <vector>

#include "pipeline/model/finding.h"
#include "pipeline/model/note.h"
#include "pipeline/model/report.h"

namespace sitrep {

/// What reconciliation makes of everything received, as of one day: the body of a report
/// before it gets a number, a time and a layout.
struct ReconciledView {
    std::vector<Figure> figures;  ///< headlines first, then breakdowns
    std::vector<Finding> findings;
    std::vector<Finding> cleared;  ///< the previous report's findings that no longer stand
    std::vector<InputStatus> inputs;
    std::vector<SituationNote> notes;
    std::vector<PartnerStatus> partners;  ///< one per feed
    int previous_number = 0;              ///< the report compared with; 0 for the first
};

}  // namespace sitrep
