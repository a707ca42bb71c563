#pragma once

#include <string>

#include "pipeline/service/operations.h"

namespace sitrep {

/// The Prometheus text exposition of the service's state: submissions by status, reports,
/// mails by status, the last run's duration.
std::string metrics_text(Operations& ops);

}  // namespace sitrep
