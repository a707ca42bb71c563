#pragma once

#include <optional>
#include <string>
#include <vector>

#include "pipeline/model/date.h"
#include "pipeline/model/finding.h"
#include "pipeline/model/note.h"
#include "pipeline/model/observation.h"

namespace sitrep {

/// One figure of the report: a headline (empty breakdown) or one cell of a breakdown.
struct Figure {
    std::string indicator;     ///< canonical code, e.g. tp.register.persons
    std::string area;          ///< NUTS code
    Breakdown breakdown;       ///< empty for a headline figure
    double value = 0;
    Unit unit = Unit::kCount;
    Kind kind = Kind::kStock;
    Date as_of;                ///< a stock's reference day; a flow's last day
    std::optional<Date> from;  ///< a flow's first day
    std::optional<Date> to;    ///< a flow's last day
    /// current | derived (summed from the partner's parts) | carried_forward | revised
    std::string status = "current";
    std::optional<double> previous;    ///< the same figure in the previous report
    std::vector<std::string> sources;  ///< SHA-256 of the submissions it came from
    std::vector<std::string> locations;  ///< `file:line 12`, `file:Sheet!C7`
};

/// `indicator|area|breakdown|unit`: what identifies a figure from one report to the next.
std::string figure_key(const Figure& f);

/// The headline figure (empty breakdown) for an indicator and area, or nullptr.
const Figure* find_headline(const std::vector<Figure>& figures, const std::string& indicator,
                            const std::string& area);

/// One submission as the report lists it.
struct InputStatus {
    std::string file;
    std::string sha256;
    std::string partner;
    std::string feed;
    std::string status;       ///< used | duplicate | superseded | rejected
    std::string error;        ///< `file:line: what is wrong` for a rejected file
    std::string received_at;  ///< ISO 8601 with offset
    std::optional<Date> reference_date;
    uint64_t bytes = 0;
    bool is_new = false;  ///< first received since the previous report
};

/// How up to date one feed of a partner is, for the partner-status section.
struct PartnerStatus {
    std::string partner;
    std::string feed;
    std::optional<Date> last_as_of;   ///< the end of the newest period its used files cover
    std::string last_file;
    int every_days = 0;               ///< its cadence; 0 when the rules give it none
    std::string state;                ///< on_time | late | missing | no_cadence
};

/// Everything a writer needs to render report N; writers add nothing but layout and words.
struct Report {
    int number = 0;
    std::string kind = "daily";        ///< daily | urgent
    std::string reason;                ///< why an urgent report was issued
    std::string issued_at;             ///< ISO 8601 with the Europe/Brussels offset
    Date as_of;
    std::string classification = "TLP:AMBER";
    std::string next_report;           ///< ISO 8601 of the next scheduled report, may be empty
    std::vector<Figure> figures;       ///< headlines first, then breakdowns
    std::vector<Finding> findings;
    std::vector<Finding> cleared;      ///< the previous report's findings that no longer stand
    std::vector<InputStatus> inputs;
    std::vector<SituationNote> notes;
    std::vector<PartnerStatus> partners;
    int previous_number = 0;           ///< the report before this one; 0 for the first

    /// The headline figure for an indicator and area, or nullptr.
    const Figure* headline(const std::string& indicator, const std::string& area) const;
};

}  // namespace sitrep
