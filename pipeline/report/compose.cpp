#include "pipeline/report/compose.h"

#include <utility>

namespace sitrep {

Report compose_report(const ReportHeader& header, ReconciledView view) {
    Report report;
    report.number = header.number;
    report.kind = header.kind;
    report.reason = header.reason;
    report.issued_at = header.issued_at;
    report.as_of = header.as_of;
    report.classification = header.classification;
    report.next_report = header.next_report;
    report.figures = std::move(view.figures);
    report.findings = std::move(view.findings);
    report.inputs = std::move(view.inputs);
    report.notes = std::move(view.notes);
    report.partners = std::move(view.partners);
    report.cleared = std::move(view.cleared);
    report.previous_number = view.previous_number;
    return report;
}

}  // namespace sitrep
