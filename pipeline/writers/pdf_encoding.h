#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sitrep {

// The PDFs draw text in the WinAnsi encoding (Windows code page 1252) of embedded TrueType
// faces: Dutch, French and English fit in it, a PDF/A validator accepts it for a non-symbolic
// TrueType font, and readers map it back to Unicode without a ToUnicode map. libharu 2.3's
// UTF-8 path writes a broken ToUnicode map and two 131,070-byte glyph maps per face.

/// The WinAnsi byte of `cp`, or nullopt when the encoding has no such character.
std::optional<unsigned char> winansi_code(char32_t cp);

/// Every character WinAnsi can encode, in code point order.
const std::vector<char32_t>& winansi_repertoire();

/// The character drawn for `cp` when WinAnsi lacks it but has one that reads the same: the
/// narrow no-break space of French numbers becomes a no-break space, the minus sign of a
/// change a hyphen-minus. Other characters are returned unchanged.
char32_t winansi_equivalent(char32_t cp);

/// A ToUnicode CMap for WinAnsi codes: not needed by readers, which know the encoding, but
/// it lets checkers (pdffonts' "uni" column, PDF/UA validators) see that every code maps.
std::string winansi_to_unicode_cmap();

/// UTF-8 `text` as PDFDocEncoding bytes for a text string outside the pages (a bookmark's
/// title, a figure's /Alt), with no-break spaces and minus signs made plain unless `exact`;
/// nullopt when it needs a character beyond ASCII and Latin-1's letters, which then goes as
/// UTF-16 (four hex digits a character).
std::optional<std::string> to_pdfdoc(std::string_view text, bool exact = false);

/// UTF-8 `text` as WinAnsi bytes; a character the encoding lacks becomes `?`. Callers draw
/// text that `PdfDocument::clean` has made encodable, so that this never loses a character
/// unannounced.
std::string to_winansi(std::string_view text);

}  // namespace sitrep
