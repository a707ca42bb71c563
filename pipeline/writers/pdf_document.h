#pragma once

#include <hpdf.h>

#include <string>
#include <string_view>
#include <unordered_map>

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
};

/// One libharu document with two embedded, subset UTF-8 TrueType faces. Every libharu failure
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
    /// `text` made drawable with both faces (see `clean_text`).
    std::string clean(std::string_view text) const;
    /// The width in points of `text` (cleaned first) in `style` at `size`.
    double text_width(std::string_view text, FontStyle style, double size) const;
    /// Fills the document information; the dates come from `info.date_iso`, never the clock.
    void set_info(const PdfInfo& info);
    /// Throws OutputError naming `what` if libharu reported an error since the last check.
    void check(const char* what);
    /// The finished PDF's bytes.
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
    mutable std::unordered_map<char32_t, bool> glyphs_;
};

}  // namespace sitrep
