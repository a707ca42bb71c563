#include "pipeline/writers/pdf_layout.h"

#include <cmath>
#include <utility>

#include "pipeline/report/templates.h"
#include "pipeline/writers/pdf_tags.h"
#include "pipeline/writers/pdf_text.h"

namespace sitrep {
namespace {

// A coordinate on a quarter-point grid (0.09 mm): a quarter is exact in libharu's float, which
// otherwise writes 742.89 as 742.89001 and makes every content stream a few KB larger.
HPDF_REAL pt(double v) { return static_cast<HPDF_REAL>(std::round(v * 4) / 4); }


// A word of a paragraph, with whether a space separates it from the word before.
struct Token {
    std::string text;
    FontStyle style = FontStyle::kRegular;
    bool space_before = false;
};

std::vector<Token> tokenize(const std::vector<TextRun>& runs) {
    std::vector<Token> tokens;
    bool pending_space = false;
    for (const auto& run : runs) {
        std::string word;
        bool word_space = pending_space;
        for (char c : run.text) {
            if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
                if (!word.empty()) {
                    tokens.push_back({word, run.style, word_space});
                    word.clear();
                }
                pending_space = true;
                word_space = true;
            } else {
                if (word.empty()) word_space = pending_space;
                word += c;
                pending_space = false;
            }
        }
        if (!word.empty()) tokens.push_back({word, run.style, word_space});
    }
    return tokens;
}

// Tokens of one line merged into as few runs as the faces allow.
std::vector<TextRun> merge(const std::vector<Token>& line) {
    std::vector<TextRun> out;
    for (size_t i = 0; i < line.size(); ++i) {
        const Token& t = line[i];
        const std::string sep = (i > 0 && t.space_before) ? " " : "";
        if (!out.empty() && out.back().style == t.style)
            out.back().text += sep + t.text;
        else
            out.push_back({sep + t.text, t.style});
    }
    return out;
}

Rgb tlp_colour(const std::string& marking) {
    if (marking == "TLP:RED") return {1.0, 0.169, 0.169};
    if (marking == "TLP:AMBER" || marking == "TLP:AMBER+STRICT") return {1.0, 0.753, 0.0};
    if (marking == "TLP:GREEN") return {0.2, 1.0, 0.0};
    return {1, 1, 1};
}

}  // namespace

void set_fill(HPDF_Page page, Rgb c) {
    HPDF_Page_SetRGBFill(page, static_cast<HPDF_REAL>(c.r), static_cast<HPDF_REAL>(c.g),
                         static_cast<HPDF_REAL>(c.b));
}

void set_stroke(HPDF_Page page, Rgb c) {
    HPDF_Page_SetRGBStroke(page, static_cast<HPDF_REAL>(c.r), static_cast<HPDF_REAL>(c.g),
                           static_cast<HPDF_REAL>(c.b));
}

std::vector<TextRun> parse_emphasis(std::string_view text) {
    std::vector<TextRun> out;
    size_t markers = 0;
    for (size_t p = text.find("**"); p != std::string_view::npos; p = text.find("**", p + 2))
        ++markers;
    // An unpaired final marker is text, not emphasis.
    const size_t usable = markers - markers % 2;
    size_t used = 0, pos = 0;
    bool bold = false;
    std::string cur;
    while (pos < text.size()) {
        if (used < usable && text.compare(pos, 2, "**") == 0) {
            if (!cur.empty()) out.push_back({cur, bold ? FontStyle::kBold : FontStyle::kRegular});
            cur.clear();
            bold = !bold;
            ++used;
            pos += 2;
            continue;
        }
        cur += text[pos++];
    }
    if (!cur.empty()) out.push_back({cur, bold ? FontStyle::kBold : FontStyle::kRegular});
    return out;
}

Layout::Layout(PdfDocument& doc, PageHeader header) : doc_(doc), header_(std::move(header)) {
    new_page();
}

void Layout::new_page() {
    leave();
    pages_.push_back(doc_.add_page());
    target_ = pages_.back();
    y_ = kContentTop;
    draw_header();
    doc_.check("drawing the page header");
}

void Layout::ensure(double height) {
    if (y_ - height < kContentBottom && !at_page_top()) new_page();
}

void Layout::sync_state() {
    if (state_page_ == page()) return;
    state_page_ = page();
    fill_ = stroke_ = {-1, -1, -1};
    line_width_ = font_size_ = -1;
    font_ = nullptr;
}

void Layout::fill(Rgb c) {
    sync_state();
    if (c.r == fill_.r && c.g == fill_.g && c.b == fill_.b) return;
    set_fill(page(), c);
    fill_ = c;
}

void Layout::stroke(Rgb c, double line_width) {
    sync_state();
    if (!(c.r == stroke_.r && c.g == stroke_.g && c.b == stroke_.b)) {
        set_stroke(page(), c);
        stroke_ = c;
    }
    if (line_width != line_width_) {
        HPDF_Page_SetLineWidth(page(), static_cast<HPDF_REAL>(line_width));
        line_width_ = line_width;
    }
}

void Layout::font(FontStyle style, double size) {
    sync_state();
    HPDF_Font f = doc_.font(style);
    if (f == font_ && size == font_size_) return;
    HPDF_Page_SetFontAndSize(page(), f, static_cast<HPDF_REAL>(size));
    font_ = f;
    font_size_ = size;
}

void Layout::enter() {
    const Marked want =
        artifact_ > 0 || !doc_.tags().in_leaf() ? Marked::kArtifact : Marked::kLeaf;
    if (want == marked_) return;
    leave();
    write_operators(page(), want == Marked::kArtifact ? std::string("/Artifact BMC\n")
                                                      : doc_.tags().begin_marked(page()));
    marked_ = want;
}

void Layout::leave() {
    if (marked_ != Marked::kNone) write_operators(page(), "EMC\n");
    marked_ = Marked::kNone;
}

void Layout::begin_tag(const std::string& role, const std::string& alt) {
    leave();
    doc_.tags().open(role, alt);
}

void Layout::end_tag() {
    leave();
    doc_.tags().close();
}

void Layout::begin_artifact() {
    leave();
    ++artifact_;
}

void Layout::end_artifact() {
    leave();
    --artifact_;
}

void Layout::draw_header() {
    begin_artifact();
    const double top = kPageHeight;
    fill_rect(0, top - kBandHeight, kPageWidth, kBandHeight, palette::kAccent);
    fill_rect(0, top - kBandHeight - 3, kPageWidth, 3, palette::kAccentLight);

    // Leave room for the TLP marking on the right of the issuer line.
    const double tlp_room = width_of(header_.classification, FontStyle::kBold, 9) + 30;
    std::string issuer = doc_.clean(header_.issuer);
    while (width_of(issuer, FontStyle::kRegular, 8) > width() - tlp_room &&
           count_code_points(issuer) > 4)
        issuer = truncate_code_points(issuer, count_code_points(issuer) - 2) + "\u2026";
    text(left(), top - 20, issuer, FontStyle::kRegular, 8, palette::kBandText);
    text(left(), top - 40, header_.title, FontStyle::kBold, 15, palette::kWhite);
    text(left(), top - 55, header_.issued, FontStyle::kRegular, 8, palette::kBandText);
    tlp_marking(right(), top - 11, header_.classification, 9);

    line(left(), 38, right(), 38, 0.5, palette::kRule);
    text(left(), 27, header_.title, FontStyle::kRegular, 7, palette::kMuted);
    tlp_marking(right(), 33, header_.classification, 7);
    end_artifact();
}

void Layout::finish() {
    const std::string pages = std::to_string(pages_.size());
    leave();
    begin_artifact();
    for (size_t i = 0; i < pages_.size(); ++i) {
        leave();
        const std::string label = fill_placeholders(
            header_.page_pattern, {{"page", std::to_string(i + 1)}, {"pages", pages}});
        target_ = pages_[i];
        text_right(right(), kPageHeight - 55, label, FontStyle::kRegular, 8, palette::kWhite);
    }
    end_artifact();
    target_ = pages_.back();
    doc_.check("numbering the pages");
}

void Layout::text(double x, double baseline, std::string_view text, FontStyle style, double size,
                  Rgb colour) {
    const std::string s = doc_.encode(text);
    if (s.empty()) return;
    if (artifact_ == 0 && !doc_.tags().in_leaf()) {
        // Text drawn outside any element is still content: it becomes a paragraph of its own.
        begin_tag("P");
        this->text(x, baseline, text, style, size, colour);
        end_tag();
        return;
    }
    enter();
    HPDF_Page p = page();
    fill(colour);
    HPDF_Page_BeginText(p);
    font(style, size);
    HPDF_Page_TextOut(p, pt(x), pt(baseline), s.c_str());
    HPDF_Page_EndText(p);
}

void Layout::text_right(double x_right, double baseline, std::string_view s, FontStyle style,
                        double size, Rgb colour) {
    text(x_right - width_of(s, style, size), baseline, s, style, size, colour);
}

void Layout::text_center(double x_center, double baseline, std::string_view s, FontStyle style,
                         double size, Rgb colour) {
    text(x_center - width_of(s, style, size) / 2, baseline, s, style, size, colour);
}

void Layout::runs(double x, double baseline, const std::vector<TextRun>& line, double size,
                  Rgb colour) {
    for (const auto& run : line) {
        text(x, baseline, run.text, run.style, size, colour);
        x += width_of(run.text, run.style, size);
    }
}

double Layout::width_of(std::string_view s, FontStyle style, double size) const {
    return doc_.text_width(s, style, size);
}

void Layout::fill_rect(double x, double y, double w, double h, Rgb colour) {
    enter();
    HPDF_Page p = page();
    fill(colour);
    HPDF_Page_Rectangle(p, pt(x), pt(y),
                        pt(w), pt(h));
    HPDF_Page_Fill(p);
}

void Layout::stroke_rect(double x, double y, double w, double h, double line_width, Rgb colour) {
    enter();
    HPDF_Page p = page();
    stroke(colour, line_width);
    HPDF_Page_Rectangle(p, pt(x), pt(y),
                        pt(w), pt(h));
    HPDF_Page_Stroke(p);
}

void Layout::line(double x1, double y1, double x2, double y2, double line_width, Rgb colour) {
    enter();
    HPDF_Page p = page();
    stroke(colour, line_width);
    HPDF_Page_MoveTo(p, pt(x1), pt(y1));
    HPDF_Page_LineTo(p, pt(x2), pt(y2));
    HPDF_Page_Stroke(p);
}

void Layout::dashed_line(double x1, double y1, double x2, double y2, double line_width,
                         Rgb colour) {
    static const HPDF_UINT16 kDash[] = {2, 2};
    enter();
    HPDF_Page p = page();
    HPDF_Page_SetDash(p, kDash, 2, 0);
    line(x1, y1, x2, y2, line_width, colour);
    HPDF_Page_SetDash(p, nullptr, 0, 0);
}

void Layout::circle(double x, double y, double radius, Rgb fill, Rgb stroke, double line_width) {
    enter();
    HPDF_Page p = page();
    this->fill(fill);
    this->stroke(stroke, line_width);
    HPDF_Page_Circle(p, pt(x), pt(y),
                     pt(radius));
    HPDF_Page_FillStroke(p);
}

void Layout::tlp_marking(double x_right, double top, const std::string& marking, double size) {
    const double pad = size * 0.6;
    const double w = width_of(marking, FontStyle::kBold, size) + 2 * pad;
    const double h = size + 2 * pad * 0.8;
    fill_rect(x_right - w, top - h, w, h, {0, 0, 0});
    text(x_right - w + pad, top - h + pad * 0.8 + size * 0.2, marking, FontStyle::kBold, size,
         tlp_colour(marking));
}

std::vector<std::vector<TextRun>> Layout::wrap_runs(const std::vector<TextRun>& input, double size,
                                                    double width) const {
    std::vector<TextRun> cleaned;
    for (const auto& r : input) cleaned.push_back({doc_.clean(r.text), r.style});
    std::vector<std::vector<TextRun>> lines;
    std::vector<Token> line;
    double line_width = 0;
    const auto flush = [&] {
        if (!line.empty()) lines.push_back(merge(line));
        line.clear();
        line_width = 0;
    };
    for (Token t : tokenize(cleaned)) {
        double w = width_of(t.text, t.style, size);
        const double space = width_of(" ", t.style, size);
        if (w > width) {
            // A word wider than the column (a long file name or hash) is cut by characters.
            flush();
            std::string piece;
            for (const auto& ch : split_code_points(t.text)) {
                if (!piece.empty() && width_of(piece + ch, t.style, size) > width) {
                    lines.push_back({{piece, t.style}});
                    piece.clear();
                }
                piece += ch;
            }
            t.text = piece;
            t.space_before = false;
            w = width_of(piece, t.style, size);
        }
        const double sep = (!line.empty() && t.space_before) ? space : 0;
        if (!line.empty() && line_width + sep + w > width) {
            flush();
            line_width = w;
        } else {
            line_width += sep + w;
        }
        line.push_back(t);
    }
    flush();
    return lines;
}

std::vector<std::string> Layout::wrap(std::string_view text, FontStyle style, double size,
                                      double width) const {
    std::vector<std::string> out;
    for (const auto& line : wrap_runs({{std::string(text), style}}, size, width)) {
        std::string s;
        for (const auto& r : line) s += r.text;
        out.push_back(s);
    }
    return out;
}

void Layout::paragraph(std::string_view text, FontStyle style, double size, Rgb colour,
                       double indent) {
    rich_paragraph({{std::string(text), style}}, size, colour, indent);
}

void Layout::rich_paragraph(const std::vector<TextRun>& text, double size, Rgb colour,
                            double indent, std::string_view bullet) {
    const double lh = line_height(size);
    const auto lines = wrap_runs(text, size, width() - indent);
    const bool own = artifact_ == 0 && !doc_.tags().in_leaf();
    if (own) begin_tag("P");
    for (size_t i = 0; i < lines.size(); ++i) {
        // Keep a paragraph's last two lines together rather than leave a widow.
        ensure(i + 2 == lines.size() ? 2 * lh : lh);
        const double baseline = y_ - size;
        if (i == 0 && !bullet.empty())
            text_right(left() + indent - size * 0.5, baseline, bullet, FontStyle::kRegular, size,
                       colour);
        runs(left() + indent, baseline, lines[i], size, colour);
        y_ -= lh;
    }
    if (own) end_tag();
}

}  // namespace sitrep
