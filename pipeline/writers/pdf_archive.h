#pragma once

#include <hpdf.h>

#include <string>

#include "pipeline/writers/pdf_document.h"

namespace sitrep {

// What libharu 2.3 lacks for PDF/A-1b and for screen readers, added through its dictionary
// API: its own HPDF_PDFA_SetPDFAConformance writes XMP that is not XML-escaped and a
// document ID from the clock.

/// Adds to the catalog: the XMP metadata stream (title, author, subject, keywords, language,
/// dates and pdfaid part 1, conformance B, the same values as the information dictionary),
/// the sRGB output intent, `/Lang`, and viewer preferences that show the title instead of
/// the file name. `date` is the information dictionary's date, or nullptr when it has none.
void add_archive_metadata(HPDF_Doc doc, const PdfInfo& info, const HPDF_Date* date);

/// Puts a placeholder document ID into the trailer, for `stamp_document_id` to replace.
void add_placeholder_id(HPDF_Doc doc);

/// Replaces the placeholder ID in the saved `pdf` by the first 16 bytes of the SHA-256 of the
/// whole file as saved, so that the ID follows from the content and the same report gives
/// the same bytes. Throws OutputError when the placeholder is not found exactly once.
void stamp_document_id(std::string& pdf);

/// The XMP packet `add_archive_metadata` writes (exposed for tests).
std::string xmp_packet(const PdfInfo& info, const HPDF_Date* date, const std::string& producer);

}  // namespace sitrep
