#include "pipeline/writers/pdf_first_page.h"

#include <algorithm>

#include "pipeline/writers/pdf_sections.h"
#include "pipeline/writers/report_digest.h"

namespace sitrep {
namespace {

constexpr double kTileGap = 8;
constexpr double kTilePad = 8;
constexpr double kCaptionSize = 8;
constexpr double kSmallSize = 7;

void render_urgent(RenderContext& ctx) {
    Layout& layout = ctx.layout();
    const Report& r = ctx.report();
    constexpr double kPad = 10;
    constexpr double kBannerSize = 18;
    constexpr double kReasonSize = 10;
    const auto reason = r.reason.empty()
                            ? std::vector<std::string>{}
                            : layout.wrap(ctx.format("urgent.reason", {{"reason", r.reason}}),
                                          FontStyle::kBold, kReasonSize, layout.width() - 2 * kPad);
    const double h = 2 * kPad + kBannerSize +
                     static_cast<double>(reason.size()) * Layout::line_height(kReasonSize) +
                     (reason.empty() ? 0 : 4);
    const double top = layout.y();
    layout.fill_rect(layout.left(), top - h, layout.width(), h, palette::kUrgent);
    layout.text(layout.left() + kPad, top - kPad - kBannerSize * 0.85, ctx.label("urgent.banner"),
                FontStyle::kBold, kBannerSize, palette::kWhite);
    double baseline = top - kPad - kBannerSize - 4 - kReasonSize;
    for (const auto& l : reason) {
        layout.text(layout.left() + kPad, baseline, l, FontStyle::kBold, kReasonSize,
                    palette::kWhite);
        baseline -= Layout::line_height(kReasonSize);
    }
    layout.down(h + 14);
}

// One tile's text, laid out before drawing so that all tiles get the height of the tallest.
struct Tile {
    std::string value;
    double value_size = 20;
    std::vector<std::string> caption;
    std::vector<std::string> when;
    std::vector<std::string> change;
    bool missing = false;
};

void render_tiles(RenderContext& ctx) {
    Layout& layout = ctx.layout();
    const auto& specs = ctx.templates().tiles();
    const double n = static_cast<double>(specs.size());
    const double w = (layout.width() - kTileGap * (n - 1)) / n;
    const double inner = w - 2 * kTilePad;

    std::vector<Tile> tiles;
    for (const auto& spec : specs) {
        Tile t;
        const Figure* f = ctx.find(spec.figure.indicator, spec.figure.area, spec.figure.breakdown);
        t.caption = layout.wrap(ctx.label(spec.label), FontStyle::kRegular, kCaptionSize, inner);
        if (!f) {
            t.missing = true;
            t.value = "\u2013";
            t.when = layout.wrap(ctx.label("no_data"), FontStyle::kRegular, kSmallSize, inner);
        } else {
            t.value = ctx.value_text(*f);
            t.when = layout.wrap(ctx.when_caption(*f), FontStyle::kRegular, kSmallSize, inner);
            if (f->previous && *f->previous == f->value)
                t.change =
                    layout.wrap(ctx.label("tile.unchanged"), FontStyle::kBold, kSmallSize, inner);
            else if (const std::string change = ctx.change_text(*f); !change.empty())
                t.change = layout.wrap(ctx.format("tile.change", {{"change", change}}),
                                       FontStyle::kBold, kSmallSize, inner);
        }
        while (t.value_size > 11 &&
               layout.width_of(t.value, FontStyle::kBold, t.value_size) > inner)
            t.value_size -= 1;
        tiles.push_back(t);
    }

    const double small_lh = Layout::line_height(kSmallSize);
    double h = 0;
    for (const auto& t : tiles)
        h = std::max(
            h, kTilePad + 24 + 4 +
                   static_cast<double>(t.caption.size()) * Layout::line_height(kCaptionSize) + 4 +
                   static_cast<double>(t.when.size() + t.change.size()) * small_lh + kTilePad);
    layout.ensure(h + 10);
    const double top = layout.y();
    for (size_t i = 0; i < tiles.size(); ++i) {
        const Tile& t = tiles[i];
        const double x = layout.left() + static_cast<double>(i) * (w + kTileGap);
        layout.fill_rect(x, top - h, w, h, palette::kTint);
        layout.fill_rect(x, top - 3, w, 3, palette::kAccent);
        layout.begin_tag("P");  // a screen reader reads a tile as one sentence
        double baseline = top - kTilePad - 20;
        layout.text(x + kTilePad, baseline, t.value, FontStyle::kBold, t.value_size,
                    t.missing ? palette::kMuted : palette::kAccent);
        baseline -= 8 + kCaptionSize;
        for (const auto& l : t.caption) {
            layout.text(x + kTilePad, baseline, l, FontStyle::kRegular, kCaptionSize,
                        palette::kInk);
            baseline -= Layout::line_height(kCaptionSize);
        }
        // The date and change sit at the foot of every tile, level from tile to tile.
        baseline = top - h + kTilePad + kSmallSize * 0.3 +
                   static_cast<double>(t.when.size() + t.change.size() - 1) * small_lh;
        for (const auto& l : t.when) {
            layout.text(x + kTilePad, baseline, l, FontStyle::kRegular, kSmallSize,
                        palette::kMuted);
            baseline -= small_lh;
        }
        for (const auto& l : t.change) {
            layout.text(x + kTilePad, baseline, l, FontStyle::kBold, kSmallSize, palette::kInk);
            baseline -= small_lh;
        }
        layout.end_tag();
    }
    layout.down(h + 6);
    ctx.flush_footnotes();
    layout.down(6);
    layout.doc().check("drawing the key figures");
}

// The highlight sentences that have their data; a highlight without it is left out.
std::vector<std::string> highlights(RenderContext& ctx) {
    std::vector<std::string> out;
    const Report& r = ctx.report();
    for (const auto& h : ctx.templates().highlights()) {
        if (h.kind == "figure") {
            const Figure* f = ctx.find(h.figure.indicator, h.figure.area, h.figure.breakdown);
            if (!f) continue;
            // "(0 since the previous report)" reads like an error: an unchanged figure is
            // stated plainly, as the tiles do.
            const bool changed = f->previous && *f->previous != f->value;
            const std::string change = changed ? ctx.change_text(*f) : "";
            out.push_back(ctx.format(change.empty() ? h.text : h.text + ".change",
                                     {{"value", ctx.value_text(*f)},
                                      {"date", ctx.when_text(*f)},
                                      {"period", ctx.when_text(*f)},
                                      {"change", change}}));
        } else if (h.kind == "latest_in_series") {
            const auto series = ctx.series(h.figure.indicator, h.figure.area, h.by);
            if (series.empty()) continue;
            const Figure& last = *series.back();
            const Figure* before = series.size() > 1 ? series[series.size() - 2] : nullptr;
            out.push_back(ctx.format(
                h.text, {{"period", ctx.breakdown_value(h.by, last.breakdown.front().second)},
                         {"value", ctx.value_text(last)},
                         {"previous_value", before ? ctx.value_text(*before) : "\u2013"}}));
        } else if (h.kind == "findings") {
            if (r.findings.empty())
                out.push_back(ctx.label(h.text + ".none"));
            else {
                const FindingCounts c = count_findings(r);
                const auto n = [&ctx](int v) { return ctx.number(static_cast<double>(v)); };
                out.push_back(
                    ctx.format(h.text, {{"count", n(static_cast<int>(r.findings.size()))},
                                        {"new", n(c.fresh)},
                                        {"changed", n(c.changed)},
                                        {"standing", n(c.persisting)},
                                        {"cleared", n(static_cast<int>(r.cleared.size()))}}));
            }
        } else if (h.kind == "partners") {
            std::string list;
            for (const auto& p : r.partners) {
                if (p.state != "late" && p.state != "missing") continue;
                if (!list.empty()) list += "; ";
                list += ctx.format(h.text + ".item",
                                   // Per feed: VDAB's two feeds can be late apart.
                                   {{"partner", p.feed.empty() ? p.partner : p.feed},
                                    {"state", ctx.label_or("state." + p.state, p.state)},
                                    {"date", p.last_as_of ? ctx.date(*p.last_as_of) : "\u2013"}});
            }
            if (!list.empty()) out.push_back(ctx.format(h.text, {{"list", list}}));
        } else if (h.kind == "notes") {
            std::string list;
            // The notes the notes section shows, no more: a year's notes would fill the page.
            for (const SituationNote* shown : notes_to_show(r, ctx.templates(), ctx.lang(),
                                                            notes_current_days(ctx.templates()))) {
                const SituationNote& n = *shown;
                if (!list.empty()) list += "; ";
                list += ctx.format(
                    h.text + ".item",
                    {{"title",
                      n.title.empty() ? ctx.label_or("domain." + n.domain, n.domain) : n.title},
                     {"source", n.source}});
            }
            if (!list.empty()) out.push_back(ctx.format(h.text, {{"list", list}}));
        }
    }
    return out;
}

}  // namespace

void render_first_page(RenderContext& ctx) {
    Layout& layout = ctx.layout();
    if (ctx.report().kind == "urgent") render_urgent(ctx);

    section_title(ctx, ctx.label("first.key_figures"), 90);
    render_tiles(ctx);

    const auto lines = highlights(ctx);
    if (!lines.empty()) {
        section_title(ctx, ctx.label("first.highlights"), 40);
        for (const auto& l : lines) {
            layout.rich_paragraph(parse_emphasis(l), 9.5, palette::kInk, 14, "\u2022");
            layout.down(3);
        }
        ctx.flush_footnotes();
        layout.down(4);
    }
    if (!ctx.report().next_report.empty()) {
        layout.down(6);
        layout.ensure(20);
        const std::string text =
            ctx.format("first.next_report", {{"datetime", ctx.datetime(ctx.report().next_report)}});
        const double h = 20;
        const double top = layout.y();
        layout.fill_rect(layout.left(), top - h, layout.width(), h, palette::kTint);
        layout.fill_rect(layout.left(), top - h, 3, h, palette::kAccent);
        layout.text(layout.left() + 10, top - 13.5, text, FontStyle::kBold, 9, palette::kAccent);
        layout.down(h + 8);
    }
    layout.doc().check("drawing the first page");
}

}  // namespace sitrep
