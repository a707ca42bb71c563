#pragma once

#include <hpdf.h>

#include <set>
#include <string>
#include <string_view>
#include <memory>
#include <unordered_map>

#include "pipeline/writers/pdf_tags.h"

namespace sitrep {

/// Which embedded face a text is drawn in.
enum class FontStyle { kRegular, kBold };

/// An RGB colour, each component between 0 and 1.
struct Rgb {
    double r = 0;
    double g = 0;
    double b = 0;
};

/// What the PDF's document information dictionary says.
struct PdfInfo {
    std::string title;
    std::string author;
    std::string subject;
    std::string keywords;
    std::string creator;
    std::string date_iso;  ///< creation and modification date, ISO 8601 with offset; may be empty
    std::string lang;      ///< the text's language as a BCP 47 tag (nl-BE); may be empty
};

/// One libharu document with two embedded, subset TrueType faces in the WinAnsi encoding,
/// made to be PDF/A-1b (document ID, sRGB output intent, XMP metadata; see pdf_archive.h). Every libharu failure
/// becomes an OutputError: the C error handler only records it (throwing through C frames is
/// undefined), and `check` turns the record, or libharu's own error state, into the exception.
class PdfDocument {
public:
    /// Creates the document and embeds the two fonts; throws OutputError when they fail to load.
    PdfDocument(const std::string& regular_ttf, const std::string& bold_ttf);
    ~PdfDocument();
    PdfDocument(const PdfDocument&) = delete;
    PdfDocument& operator=(const PdfDocument&) = delete;

    /// The libharu handle, for drawing calls.
    HPDF_Doc handle() const { return doc_; }
    /// The font of a face.
    HPDF_Font font(FontStyle style) const { return style == FontStyle::kBold ? bold_ : regular_; }
    /// Adds an A4 portrait page.
    HPDF_Page add_page();
    /// `text` made drawable with both faces, still UTF-8: control characters become spaces,
    /// characters WinAnsi lacks become their equivalent (see `winansi_equivalent`) or `?`,
    /// and each one replaced by `?` is remembered for `replaced`.
    std::string clean(std::string_view text) const;
    /// `text` cleaned and encoded as the faces' WinAnsi bytes, ready for libharu.
    std::string encode(std::string_view text) const;
    /// The characters drawn as `?` so far because the faces' encoding lacks them.
    const std::set<char32_t>& replaced() const { return replaced_; }
    /// The document's structure tags.
    PdfTags& tags() { return *tags_; }
    /// Adds a bookmark (outline entry) `title` that opens `page` at height `top`.
    void bookmark(const std::string& title, HPDF_Page page, double top);
    /// The width in points of `text` (cleaned first) in `style` at `size`.
    double text_width(std::string_view text, FontStyle style, double size) const;
    /// Fills the document information; the dates come from `info.date_iso`, never the clock.
    void set_info(const PdfInfo& info);
    /// Throws OutputError naming `what` if libharu reported an error since the last check.
    void check(const char* what);
    /// The finished PDF's bytes, with a document ID derived from them (see pdf_archive.h).
    std::string save();

private:
    static void on_error(HPDF_STATUS error, HPDF_STATUS detail, void* user);
    bool has_glyph(char32_t cp) const;

    HPDF_STATUS error_ = HPDF_OK;
    HPDF_STATUS detail_ = 0;
    HPDF_Doc doc_ = nullptr;
    HPDF_Font regular_ = nullptr;
    HPDF_Font bold_ = nullptr;
    HPDF_FontDef regular_def_ = nullptr;
    HPDF_FontDef bold_def_ = nullptr;
    HPDF_Encoder utf8_ = nullptr;
    std::unique_ptr<PdfTags> tags_;  ///< for text strings outside the pages (info, bookmarks)
    mutable std::unordered_map<char32_t, bool> glyphs_;
    mutable std::set<char32_t> replaced_;
};

}  // namespace sitrep
