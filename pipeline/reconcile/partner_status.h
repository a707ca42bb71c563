#pragma once

#include <optional>
#include <string>
#include <vector>

#include "pipeline/model/report.h"
#include "pipeline/reconcile/inputs.h"
#include "pipeline/reconcile/rules.h"
#include "pipeline/store/store.h"

namespace sitrep {

/// The feed's id as the rules name it: the feed when it carries its partner's name
/// (`dvz.decisions`), otherwise `partner.feed` (`education.hxl` for a shared HXL feed).
std::string feed_id(const std::string& partner, const std::string& feed);

/// Each feed's newest used data and whether it is on time, late, missing or has no cadence as
/// of `as_of`. Age is measured from the end of the period the newest file covers (a monthly
/// file: the month's last day). An expected feed that sent nothing is missing only once
/// something was due: more than its grace after `watched_since` (the first report's day).
std::vector<PartnerStatus> partner_statuses(const std::vector<StoredSubmission>& submissions,
                                            const InputLedger& ledger, Date as_of,
                                            const std::vector<Cadence>& cadences,
                                            std::optional<Date> watched_since);

}  // namespace sitrep
