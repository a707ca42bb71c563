#pragma once

#include <vector>

#include "pipeline/reconcile/inputs.h"
#include "pipeline/model/report.h"
#include "pipeline/store/store.h"

namespace sitrep {

/// How often a partner is expected to send, in days, and whom we expect at all.
struct Cadence {
    std::string partner;
    int every_days;  ///< 1 daily, 7 weekly, 31 monthly
    int grace_days;  ///< how late its newest data may be before it counts as late
};

/// The partners every report expects and their cadence.
const std::vector<Cadence>& expected_partners();

/// Each expected partner's newest used data and whether it is on time, late or missing as of
/// `as_of`; other contributors that sent something are listed as on time with their date.
std::vector<PartnerStatus> partner_statuses(const std::vector<StoredSubmission>& submissions,
                                            const InputLedger& ledger, Date as_of,
                                            const std::vector<Cadence>& cadences =
                                                expected_partners());

}  // namespace sitrep
