#pragma once

#include <string>
#include <vector>

#include "pipeline/model/observation.h"
#include "pipeline/store/store.h"

namespace sitrep {

/// A fact in reconciliation: the observation, where it came from, and how it was obtained.
struct Fact {
    Observation o;
    Kind kind = Kind::kStock;
    std::string sha256;
    std::string file;
    int64_t sequence = 0;  ///< arrival order of its submission: a later one is a revision
    bool derived = false;  ///< summed by sitrep from the partner's parts, not sent as such
};

/// The facts the report may use as of `as_of`: those of used submissions, a stock from its
/// first day on, a flow once its period has ended; of several revisions of the same fact (same
/// indicator, area, breakdown and period) the latest received.
std::vector<Fact> effective_facts(const std::vector<StoredObservation>& observations,
                                  const std::vector<StoredSubmission>& submissions,
                                  Date as_of);

/// Adds, per submission, a total the partner did not send but whose parts are all there
/// (VDAB's five provinces give Flanders), marked derived. Stocks only: a flow's parts rarely
/// cover the same days.
void add_derived_totals(std::vector<Fact>& facts);

/// `file:line 12`: a fact's location for people.
std::string located(const Fact& f);

}  // namespace sitrep
