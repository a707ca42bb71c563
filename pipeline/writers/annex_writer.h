#pragma once

#include <string>

#include "pipeline/model/report.h"

namespace sitrep {

/// Writes the Excel annex of `report` to `path` (the caller renames it into place atomically).
/// Sheets: Summary, one per indicator domain with charts, Findings, Sources, Partners and,
/// when there are notes, Notes. Identical reports give byte-identical files.
/// Throws OutputError naming the sheet and cell when libxlsxwriter refuses a write.
void write_annex(const Report& report, const std::string& path);

}  // namespace sitrep
