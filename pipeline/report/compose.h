#pragma once

#include <string>

#include "pipeline/model/date.h"
#include "pipeline/model/report.h"
#include "pipeline/reconcile/reconciled_view.h"

namespace sitrep {

/// What a report is, apart from its body: its number, kind and time.
struct ReportHeader {
    int number = 0;
    std::string kind = "daily";  ///< daily | urgent
    std::string reason;          ///< for an urgent report
    std::string issued_at;       ///< ISO 8601 with offset, Europe/Brussels
    Date as_of;
    std::string classification = "TLP:AMBER";
    std::string next_report;  ///< ISO 8601, may be empty
};

/// Report N: the header with the reconciled view as its body.
Report compose_report(const ReportHeader& header, ReconciledView view);

}  // namespace sitrep
