#pragma once

#include <string>
#include <vector>

#include "pipeline/distribute/mail_queue.h"
#include "pipeline/config/config.h"

namespace sitrep {

/// Whom `sitrep send N` mails again: everyone, or those named, or those whose mail failed.
struct ResendChoice {
    std::vector<std::string> to;  ///< `[recipient.R]` names or addresses; empty: everyone
    bool failed_only = false;     ///< only those whose last mail of N failed or is in doubt
};

/// The configured recipients `choice` selects, in configured order, given the mails already
/// queued for the report (`mails`, any order). Throws ConfigError for a name or address in
/// `choice.to` that is no configured recipient, naming it and the known ones.
std::vector<RecipientConfig> choose_recipients(const std::vector<RecipientConfig>& configured,
                                               const std::vector<QueuedMail>& mails,
                                               const ResendChoice& choice);

}  // namespace sitrep
