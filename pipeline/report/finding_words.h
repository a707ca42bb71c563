#pragma once

#include <string>

#include "pipeline/model/finding.h"
#include "pipeline/report/templates.h"

namespace sitrep {

/// The label key of a finding's sentence: `finding.<kind>`, or `finding.feed.<kind>` for a
/// finding about a feed (late or missing data), which names no indicator.
std::string finding_sentence_key(const Finding& f);

/// A finding in `lang`'s words: its kind's sentence from the labels, filled with the finding's
/// indicator, area, period, feed and values in the language's number and date style. Empty
/// when the labels have no sentence for the kind (English, or templates snapshotted before
/// the sentence existed): the reconciler's English message then stands.
std::string finding_sentence(const Templates& templates, const std::string& lang,
                             const Finding& f);

/// What a reader of `lang` sees of a finding: its sentence, else the English message.
std::string finding_message(const Templates& templates, const std::string& lang,
                            const Finding& f);

}  // namespace sitrep
