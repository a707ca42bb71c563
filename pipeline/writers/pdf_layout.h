#pragma once

#include <hpdf.h>

#include <string>
#include <string_view>
#include <vector>

#include "pipeline/writers/pdf_document.h"

namespace sitrep {

/// Sets the page's fill colour.
void set_fill(HPDF_Page page, Rgb c);
/// Sets the page's stroke colour.
void set_stroke(HPDF_Page page, Rgb c);

/// The report's colours: one dark accent that prints as a dark grey in black and white.
namespace palette {
inline constexpr Rgb kInk{0.10, 0.11, 0.13};
inline constexpr Rgb kMuted{0.38, 0.40, 0.44};
inline constexpr Rgb kAccent{0.11, 0.23, 0.37};
inline constexpr Rgb kAccentLight{0.36, 0.53, 0.71};
inline constexpr Rgb kTint{0.925, 0.943, 0.962};
inline constexpr Rgb kRule{0.78, 0.80, 0.83};
inline constexpr Rgb kGrid{0.87, 0.88, 0.90};
inline constexpr Rgb kWhite{1, 1, 1};
inline constexpr Rgb kBandText{0.84, 0.89, 0.95};
inline constexpr Rgb kUrgent{0.66, 0.07, 0.07};
inline constexpr Rgb kWarning{0.55, 0.33, 0.0};
}  // namespace palette

/// A piece of text in one face, for lines that mix regular and bold.
struct TextRun {
    std::string text;
    FontStyle style = FontStyle::kRegular;
};

/// Splits Markdown `**strong**` emphasis into runs; other text is kept as written.
std::vector<TextRun> parse_emphasis(std::string_view text);

/// What the header band of every page shows.
struct PageHeader {
    std::string issuer;
    std::string title;           ///< Situatierapport nr. 237
    std::string issued;          ///< issue time and data date, already worded
    std::string classification;  ///< TLP:AMBER
    std::string page_pattern;    ///< `p. {page}/{pages}`
};

/// Pages, the writing position and text flow: wraps text itself (libharu's JUSTIFY misplaces
/// CID glyphs), moves to a new page when a block does not fit, draws the header band on each
/// page and the page numbers once the page count is known.
class Layout {
public:
    static constexpr double kPageWidth = 595.276;
    static constexpr double kPageHeight = 841.89;
    static constexpr double kMarginX = 42;
    static constexpr double kBandHeight = 64;
    static constexpr double kContentTop = kPageHeight - kBandHeight - 22;
    static constexpr double kContentBottom = 50;

    /// Starts the first page.
    Layout(PdfDocument& doc, PageHeader header);

    /// The document drawn into.
    PdfDocument& doc() { return doc_; }
    /// The current page.
    HPDF_Page page() const { return target_; }
    /// How many pages exist so far.
    int page_count() const { return static_cast<int>(pages_.size()); }
    /// The writing position: the top of the next thing to draw.
    double y() const { return y_; }
    /// Moves the writing position down by `dy` points.
    void down(double dy) { y_ -= dy; }
    /// Left edge of the text column.
    double left() const { return kMarginX; }
    /// Right edge of the text column.
    double right() const { return kPageWidth - kMarginX; }
    /// Width of the text column.
    double width() const { return right() - left(); }
    /// Height left on the current page.
    double space_left() const { return y_ - kContentBottom; }
    /// Whether the writing position is at the top of a page.
    bool at_page_top() const { return y_ >= kContentTop - 0.01; }
    /// Starts a new page unless `height` points still fit on this one.
    void ensure(double height);
    /// Starts a new page.
    void new_page();
    /// Draws `p. x/y` on every page; call once after the last drawing.
    void finish();

    /// Opens a structure element (H1, H2, P, Table, TR, TH, TD, Figure) for what is drawn
    /// next, so that screen readers get headings, paragraphs and tables in reading order.
    void begin_tag(const std::string& role, const std::string& alt = {});
    /// Closes the innermost structure element.
    void end_tag();
    /// Marks what is drawn until `end_artifact` as decoration (page furniture, a repeated
    /// table header): screen readers skip it.
    void begin_artifact();
    /// Ends `begin_artifact`.
    void end_artifact();

    /// Draws `text` with its baseline at `baseline`, starting at `x`.
    void text(double x, double baseline, std::string_view text, FontStyle style, double size,
              Rgb colour);
    /// Draws `text` ending at `x_right`.
    void text_right(double x_right, double baseline, std::string_view text, FontStyle style,
                    double size, Rgb colour);
    /// Draws `text` centred on `x_center`.
    void text_center(double x_center, double baseline, std::string_view text, FontStyle style,
                     double size, Rgb colour);
    /// Draws a line of runs starting at `x`.
    void runs(double x, double baseline, const std::vector<TextRun>& line, double size, Rgb colour);
    /// Width of `text` in points.
    double width_of(std::string_view text, FontStyle style, double size) const;
    /// Fills a rectangle whose lower left corner is (x, y).
    void fill_rect(double x, double y, double w, double h, Rgb colour);
    /// Outlines a rectangle whose lower left corner is (x, y).
    void stroke_rect(double x, double y, double w, double h, double line_width, Rgb colour);
    /// Draws a straight line.
    void line(double x1, double y1, double x2, double y2, double line_width, Rgb colour);
    /// Draws a dashed straight line.
    void dashed_line(double x1, double y1, double x2, double y2, double line_width, Rgb colour);
    /// Fills a circle and outlines it.
    void circle(double x, double y, double radius, Rgb fill, Rgb stroke, double line_width);
    /// Draws the TLP marking in its TLP 2.0 colours on black, its right edge at `x_right`.
    void tlp_marking(double x_right, double top, const std::string& marking, double size);

    /// Breaks `text` into lines no wider than `width`.
    std::vector<std::string> wrap(std::string_view text, FontStyle style, double size,
                                  double width) const;
    /// Breaks runs into lines no wider than `width`.
    std::vector<std::vector<TextRun>> wrap_runs(const std::vector<TextRun>& text, double size,
                                                double width) const;

    /// Flows a paragraph at the writing position, breaking pages between lines.
    void paragraph(std::string_view text, FontStyle style, double size, Rgb colour,
                   double indent = 0);
    /// Flows a paragraph of runs; with a `bullet`, it hangs in the indent of the first line.
    void rich_paragraph(const std::vector<TextRun>& text, double size, Rgb colour,
                        double indent = 0, std::string_view bullet = {});
    /// The line height used for text of `size`.
    static double line_height(double size) { return size * 1.36; }

private:
    void draw_header();
    // Puts what is drawn next into the marked-content sequence it belongs to: the open
    // leaf element's, or an artifact's.
    void enter();
    // Ends the open marked-content sequence, if any.
    void leave();
    // The graphics state already set on the current page, so that a table of a few hundred
    // cells does not repeat its colour, font and line width before each one.
    void fill(Rgb c);
    void stroke(Rgb c, double line_width);
    void font(FontStyle style, double size);
    void sync_state();
    HPDF_Page state_page_ = nullptr;
    Rgb fill_{-1, -1, -1};
    Rgb stroke_{-1, -1, -1};
    double line_width_ = -1;
    HPDF_Font font_ = nullptr;
    double font_size_ = -1;
    enum class Marked { kNone, kArtifact, kLeaf };
    Marked marked_ = Marked::kNone;
    int artifact_ = 0;

    PdfDocument& doc_;
    PageHeader header_;
    std::vector<HPDF_Page> pages_;
    HPDF_Page target_ = nullptr;  ///< the page drawing calls go to
    double y_ = kContentTop;
};

}  // namespace sitrep
