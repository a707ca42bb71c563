#pragma once

#include <string>
#include <vector>

#include <map>
#include <set>

#include "pipeline/model/finding.h"
#include "pipeline/model/observation.h"
#include "pipeline/reconcile/rules.h"
#include "pipeline/reconcile/inputs.h"
#include "pipeline/store/store.h"

namespace sitrep {

/// A fact in reconciliation: the observation, where it came from, and how it was obtained.
struct Fact {
    Observation o;
    Kind kind = Kind::kStock;
    /// The submission it was read from. Pointed at, not copied: a year's eleven thousand facts
    /// each holding its file's name and hash were a tenth of a year-end run's fresh memory.
    /// Whoever reconciles keeps the submissions for as long as their facts.
    const StoredSubmission* submission = nullptr;
    bool derived = false;  ///< summed by sitrep from the partner's parts, not sent as such
    bool revised = false;  ///< replaces a different value that an earlier report published
    bool additive = false; ///< from a feed whose files hold disjoint records: always summed

    /// Its submission's SHA-256.
    const std::string& sha256() const { return submission->sha256; }
    /// The name its submission first arrived under.
    const std::string& file() const { return submission->file; }
    /// The partner that sent its submission.
    const std::string& partner() const { return submission->partner; }
    /// The arrival order of its submission: a later one is a revision.
    int64_t sequence() const { return submission->sequence; }
};

/// The facts a report uses, and what reconciling them found.
struct EffectiveFacts {
    std::vector<Fact> facts;
    std::vector<Finding> findings;  ///< revisions and conflicts between sources
    std::vector<Fact> not_reported;  ///< values a partner left empty: not zero, not used
};

/// What the report may know and use.
struct FactScope {
    std::set<std::string> used;        ///< submissions whose facts count
    std::set<std::string> superseded;  ///< replaced submissions, compared for revisions only
    /// superseded submission -> sequence of the file that replaced it
    std::map<std::string, int64_t> superseded_at;
    Date as_of;
    int64_t published_sequence = 0;    ///< what the previous report knew
};

/// Chooses, for every fact (indicator, area, breakdown, period), the value the report uses:
/// a stock from its first day on, a flow once its period has ended; of one partner's values
/// the latest received (a revision, found when the value changed); of several partners' the
/// one the rules rank first (a conflict, found when they differ beyond the tolerance).
/// Takes the observations to move their text into the facts: a year holds ten thousand. The
/// facts point at their entries of `submissions`, which must outlive them.
EffectiveFacts effective_facts(std::vector<StoredObservation> observations,
                               const std::vector<StoredSubmission>& submissions,
                               const FactScope& scope, const ReconcileRules& rules);

/// Adds, per submission, a total the partner did not send but whose parts are all there
/// (VDAB's five provinces give Flanders), marked derived. Stocks only: a flow's parts rarely
/// cover the same days.
void add_derived_totals(std::vector<Fact>& facts);

/// `file:line 12`: a fact's location for people.
std::string located(const Fact& f);

}  // namespace sitrep
