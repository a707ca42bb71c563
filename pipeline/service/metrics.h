#pragma once

#include <string>

#include "pipeline/service/operations.h"

namespace sitrep {

/// The Prometheus text exposition of the service's state: submissions by status, reports and
/// when the last was issued, each feed's newest data's age and last arrival, mails by status,
/// the last run's duration.
std::string metrics_text(Operations& ops);

}  // namespace sitrep
