#pragma once

#include <string>

#include "pipeline/model/report.h"
#include "pipeline/report/templates.h"

namespace sitrep {

class AnnexWords;

/// Writes the Excel annex of `report` in `lang` to `path` (the caller renames it into place
/// atomically), its words from `templates`' labels. Sheets: Report, Summary, one per indicator
/// domain with charts, Findings, Cleared, Sources, Partners, Notes and a hidden sheet of the
/// charts' data; each holds one Excel table from A1 and nothing else. Identical reports give
/// byte-identical files. Throws OutputError naming the sheet and cell when libxlsxwriter
/// refuses a write.
void write_annex(const Report& report, const Templates& templates, const std::string& lang,
                 const std::string& path);

/// The annex in the built-in English words, without templates.
void write_annex(const Report& report, const std::string& path);

/// The annex in `words`' language.
void write_annex(const Report& report, const AnnexWords& words, const std::string& path);

}  // namespace sitrep
