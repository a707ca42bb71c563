#pragma once

#include <optional>
#include <string>
#include <vector>

#include "pipeline/model/report.h"
#include "pipeline/report/templates.h"

namespace sitrep {

// What the PDF shows of the report's long lists. After a year of daily reports the inputs,
// notes and findings are mostly old news; the PDF shows what changed and sums up the rest,
// while the annex and the manifest keep every entry.

/// Whether `lang`'s labels have the words of the news-first sections. A report issued before
/// they existed is rendered again from its own template snapshot, which lacks them; it then
/// shows every file, note and finding in full, as it did when it was issued.
bool has_news_words(const Templates& t, const std::string& lang);

/// Whether the PDF lists `in` in full: it is new since the previous report, or there is none.
bool listed_in_full(const Report& r, const InputStatus& in);

/// One partner's files that the PDF does not list one by one, counted by status.
struct PartnerFiles {
    std::string partner;
    int used = 0;
    int superseded = 0;
    int duplicate = 0;
    int rejected = 0;
    std::optional<Date> newest_reference;  ///< the latest reference date among them
};

/// The inputs not listed in full, counted per partner, partners in alphabetical order.
std::vector<PartnerFiles> earlier_files_by_partner(const Report& r);

/// The notes the PDF shows, in report order: new ones (all of them in a first report) and
/// older ones dated at most `current_days` days before the report's as_of.
std::vector<const SituationNote*> current_notes(const Report& r, int current_days);

/// The notes a PDF in `lang` shows: the current ones, or all of them with templates that
/// predate the news-first sections.
std::vector<const SituationNote*> notes_to_show(const Report& r, const Templates& t,
                                                const std::string& lang, int current_days);

/// The `current_days` of the template's first notes block; the default (14) without one, so
/// that the first page's notes highlight names the notes the section shows.
int notes_current_days(const Templates& t);

/// Findings of one kind, in report order.
struct FindingGroup {
    std::string kind;
    std::vector<const Finding*> findings;
};

/// `findings` grouped by kind, kinds in order of first appearance.
std::vector<FindingGroup> group_by_kind(const std::vector<const Finding*>& findings);

/// How many of the report's findings are new, changed and persisting.
struct FindingCounts {
    int fresh = 0;
    int changed = 0;
    int persisting = 0;
};

/// Counts the report's findings by `news`; anything but changed or persisting counts as new.
FindingCounts count_findings(const Report& r);

}  // namespace sitrep
