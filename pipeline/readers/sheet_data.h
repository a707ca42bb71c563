#pragma once

#include <optional>
#include <string_view>

#include "pipeline/readers/xml_events.h"

namespace sitrep {

/// The rows of a worksheet part's `<sheetData>`, when they have the plain shape spreadsheet
/// writers give them: `<row>`s of `<c>`s holding a `<v>` and perhaps an `<f>`, ASCII only,
/// unprefixed names. Their events, given to a handler, are the ones expat would give (element
/// names local, prefixed attributes namespaced, entities decoded), at a fraction of expat's cost:
/// a year's cumulative workbook holds 400 KB of them. nullopt for anything else (an inline
/// string, a comment, a byte beyond ASCII, a carriage return, a malformed tag): expat reads
/// such a part whole. `part` must outlive the gap.
std::optional<XmlGap> plain_sheet_data(std::string_view part);

}  // namespace sitrep
