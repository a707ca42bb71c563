#include "pipeline/writers/pdf_sections.h"

#include <algorithm>
#include <cmath>

#include "pipeline/reference/areas.h"
#include "pipeline/writers/pdf_chart.h"
#include "pipeline/writers/pdf_findings.h"
#include "pipeline/writers/pdf_map.h"
#include "pipeline/writers/pdf_notes.h"
#include "pipeline/writers/pdf_sources.h"
#include "pipeline/writers/pdf_table.h"
#include "pipeline/writers/report_digest.h"

namespace sitrep {
namespace {

constexpr const char* kDash = "\u2013";

// An area row of a table: regions at level 1, provinces at level 2 (indented).
struct AreaRow {
    std::string nuts;
    int level = 1;
};

std::vector<AreaRow> area_rows(const std::vector<std::string>& areas) {
    std::vector<AreaRow> out;
    for (const auto& a : areas) {
        if (a == "regions") {
            for (const auto& r : children_of("BE")) out.push_back({r, 1});
        } else if (a == "provinces") {
            for (const auto& r : children_of("BE"))
                for (const auto& p : children_of(r)) out.push_back({p, 2});
        } else if (a == "regions_and_provinces") {
            for (const auto& r : children_of("BE")) {
                out.push_back({r, 1});
                for (const auto& p : children_of(r)) out.push_back({p, 2});
            }
        } else {
            const Area* area = find_area(a);
            out.push_back({a, area ? std::max(1, area->level) : 1});
        }
    }
    return out;
}

const FigureRef& first_ref(const BlockSpec& b) { return b.figures.front(); }

bool has_data(RenderContext& ctx, const BlockSpec& b) {
    const Report& r = ctx.report();
    if (b.kind == "figures")
        return std::any_of(b.figures.begin(), b.figures.end(), [&](const FigureRef& f) {
            return ctx.find(f.indicator, f.area, f.breakdown) != nullptr;
        });
    if (b.kind == "bar_chart" || b.kind == "line_chart" || b.kind == "breakdown_table")
        return !ctx.series(first_ref(b).indicator, first_ref(b).area, b.by).empty();
    if (b.kind == "hbar_chart" || b.kind == "area_table") {
        const auto& ind = first_ref(b).indicator;
        for (const auto& row : area_rows(b.areas))
            if (ctx.find(ind, row.nuts)) return true;
        return !b.total.empty() && ctx.find(ind, b.total);
    }
    if (b.kind == "compare_table") {
        for (const auto& f : b.figures)
            for (const auto& a : area_rows(b.areas))
                if (ctx.find(f.indicator, a.nuts, f.breakdown)) return true;
        return false;
    }
    if (b.kind == "map") return map_has_data(ctx, b);
    if (b.kind == "notes") return !r.notes.empty();
    if (b.kind == "partners") return !r.partners.empty();
    if (b.kind == "sources") return !r.inputs.empty();
    return true;  // findings (none is news too) and text
}

// How much of a block must follow its caption on the same page: all of a chart, the header
// and first rows of a table.
double keep_with(RenderContext& ctx, const BlockSpec& b) {
    if (b.kind == "bar_chart") return 185;
    if (b.kind == "line_chart") return 165;
    if (b.kind == "hbar_chart") {
        double rows = 0;
        for (const auto& row : area_rows(b.areas))
            if (ctx.find(first_ref(b).indicator, row.nuts)) ++rows;
        return 17 * rows + 8;
    }
    if (b.kind == "compare_table") return 90;
    if (b.kind == "area_table") return 80;
    if (b.kind == "breakdown_table" || b.kind == "sources") return 70;
    if (b.kind == "text") return 20;
    if (b.kind == "map") return map_block_height();
    return 60;  // figures, partners, findings, notes
}

// Height of a block's caption lines.
double caption_height(const BlockSpec& b, bool has_caption) {
    return (b.title.empty() ? 0 : Layout::line_height(9.5)) +
           (has_caption ? Layout::line_height(7.5) : 0) + 3;
}

// The block's caption, kept on one page with the first part of the block.
void block_title(RenderContext& ctx, const BlockSpec& b, const std::string& caption = {}) {
    Layout& layout = ctx.layout();
    layout.ensure(caption_height(b, !caption.empty()) + keep_with(ctx, b));
    if (!b.title.empty()) {
        layout.begin_tag("H2");
        layout.paragraph(ctx.label(b.title), FontStyle::kBold, 9.5, palette::kInk);
        layout.end_tag();
    }
    if (!caption.empty()) layout.paragraph(caption, FontStyle::kRegular, 7.5, palette::kMuted);
    layout.down(3);
}

void block_end(RenderContext& ctx, const BlockSpec& b) {
    Layout& layout = ctx.layout();
    layout.down(3);
    if (!b.note.empty())
        layout.paragraph(ctx.label(b.note), FontStyle::kRegular, 7.5, palette::kMuted);
    ctx.flush_footnotes();
    layout.down(10);
}

TableCell muted(std::string text) {
    return {std::move(text), FontStyle::kRegular, palette::kMuted};
}

void render_figures(RenderContext& ctx, const BlockSpec& b) {
    block_title(ctx, b);
    std::vector<TableColumn> cols = {{ctx.label("column.indicator"), 3.4},
                                     {ctx.label("column.period"), 1.9},
                                     {ctx.label("column.value"), 1.1, Align::kRight},
                                     {ctx.label("column.change"), 1.3, Align::kRight}};
    std::vector<TableRow> rows;
    for (const auto& ref : b.figures) {
        std::string name = ctx.indicator(ref.indicator);
        for (const auto& [dim, value] : ref.breakdown)
            name += " \u2013 " + ctx.breakdown_value(dim, value);
        if (ref.area != "BE") name += " (" + ctx.area(ref.area) + ")";
        const Figure* f = ctx.find(ref.indicator, ref.area, ref.breakdown);
        if (!f) {
            rows.push_back({{{name}, muted(ctx.label("no_data")), muted(kDash), muted(kDash)}});
            continue;
        }
        const std::string change = ctx.change_text(*f);
        rows.push_back({{{name},
                         {ctx.when_text(*f)},
                         {ctx.value_text(*f), FontStyle::kBold},
                         change.empty() ? muted(kDash) : TableCell{change}}});
    }
    draw_table(ctx.layout(), cols, rows);
    block_end(ctx, b);
}

std::vector<ChartPoint> series_points(RenderContext& ctx, const BlockSpec& b) {
    std::vector<ChartPoint> points;
    std::string last_year;
    for (const Figure* f : ctx.series(first_ref(b).indicator, first_ref(b).area, b.by)) {
        const std::string& value = f->breakdown.front().second;
        ChartPoint p;
        p.value = f->value;
        p.value_text = f->unit == Unit::kShare ? ctx.percent(f->value) : ctx.number(f->value);
        if (b.by == "month" && value.size() == 7) {
            const auto d = Date::parse_iso(value + "-01");
            p.label = d ? ctx.label("month_short." + std::to_string(d->month())) : value;
            const std::string year = value.substr(0, 4);
            if (year != last_year) p.sublabel = year;
            last_year = year;
        } else {
            p.label = ctx.breakdown_value(b.by, value);
        }
        points.push_back(p);
    }
    return points;
}

void render_series_chart(RenderContext& ctx, const BlockSpec& b, bool line) {
    const auto points = series_points(ctx, b);
    const Figure* total = ctx.find(first_ref(b).indicator, first_ref(b).area);
    std::string caption;
    if (total)
        caption = ctx.indicator(total->indicator) + ": " + ctx.value_text(*total) + " \u00b7 " +
                  ctx.when_caption(*total);
    block_title(ctx, b, caption);
    const auto tick = [&ctx](double v) { return ctx.number(v); };
    if (line)
        draw_line_chart(ctx.layout(), points, tick);
    else
        draw_column_chart(ctx.layout(), points, tick);
    block_end(ctx, b);
}

void render_hbar(RenderContext& ctx, const BlockSpec& b) {
    std::vector<ChartPoint> points;
    std::string caption;
    for (const auto& row : area_rows(b.areas)) {
        const Figure* f = ctx.find(first_ref(b).indicator, row.nuts);
        if (!f) continue;
        points.push_back({ctx.area(row.nuts), "", f->value, ctx.value_text(*f), ctx.when_text(*f)});
    }
    block_title(ctx, b, caption);
    draw_hbar_chart(ctx.layout(), points);
    block_end(ctx, b);
}

void render_breakdown_table(RenderContext& ctx, const BlockSpec& b) {
    const FigureRef& ref = first_ref(b);
    const Figure* total = ctx.find(ref.indicator, ref.area);
    block_title(ctx, b, total ? ctx.when_caption(*total) : std::string());
    std::vector<TableColumn> cols = {{ctx.indicator(ref.indicator), 3.2},
                                     {ctx.label("column.value"), 1.1, Align::kRight},
                                     {ctx.label("column.share"), 1.0, Align::kRight},
                                     {"", 1.9}};
    std::vector<TableRow> rows;
    for (const Figure* f : ctx.series(ref.indicator, ref.area, b.by)) {
        const bool share = total && total->value > 0;
        rows.push_back({{{ctx.breakdown_value(b.by, f->breakdown.front().second)},
                         {ctx.value_text(*f)},
                         {share ? ctx.percent(f->value / total->value) : kDash},
                         TableCell::bar_of(share ? f->value / total->value : 0.0)}});
    }
    if (total)
        rows.push_back(
            TableRow({{ctx.label("row.total")}, {ctx.value_text(*total)}, {""}, {""}}, true));
    draw_table(ctx.layout(), cols, rows);
    block_end(ctx, b);
}

void render_area_table(RenderContext& ctx, const BlockSpec& b) {
    const std::string& ind = first_ref(b).indicator;
    const Figure* total = b.total.empty() ? nullptr : ctx.find(ind, b.total);
    const bool nested =
        std::find(b.areas.begin(), b.areas.end(), "regions_and_provinces") != b.areas.end();

    std::vector<std::pair<AreaRow, const Figure*>> found;
    for (const auto& row : area_rows(b.areas))
        if (const Figure* f = ctx.find(ind, row.nuts)) found.emplace_back(row, f);
    const Figure* unknown =
        b.unknown_area ? ctx.find(ind, b.total.empty() ? "BE" : b.total, {{"area", "unknown"}})
                       : nullptr;
    bool any_previous = total && total->previous;
    for (const auto& [row, f] : found) any_previous = any_previous || f->previous;

    const Figure* caption_from = total ? total : (found.empty() ? nullptr : found.front().second);
    block_title(ctx, b, caption_from ? ctx.when_caption(*caption_from) : std::string());

    std::vector<TableColumn> cols = {{ctx.label("column.area"), 3.0},
                                     {ctx.label("column.value"), 1.1, Align::kRight},
                                     {ctx.label("column.share"), 1.0, Align::kRight},
                                     {"", 1.7}};
    if (any_previous) cols.push_back({ctx.label("column.change"), 1.3, Align::kRight});

    const auto make_row = [&](const std::string& name, const Figure& f, int level, bool dim) {
        const bool share = total && total->value > 0 && &f != total;
        TableRow row;
        const FontStyle style = nested && level == 1 ? FontStyle::kBold : FontStyle::kRegular;
        const Rgb colour = dim ? palette::kMuted : palette::kInk;
        row.cells = {{name, style, colour, level == 2 && nested ? 12.0 : 0.0},
                     {ctx.value_text(f), style, colour},
                     {share ? ctx.percent(f.value / total->value) : "", style, colour},
                     TableCell::bar_of(share ? f.value / total->value : -1.0)};
        if (any_previous) {
            const std::string change = ctx.change_text(f);
            row.cells.push_back(change.empty() ? muted(kDash) : TableCell{change, style});
        }
        row.shaded = nested && level == 1;
        return row;
    };
    std::vector<TableRow> rows;
    for (const auto& [row, f] : found)
        rows.push_back(make_row(ctx.area(row.nuts), *f, row.level, false));
    if (unknown) rows.push_back(make_row(ctx.area("unknown"), *unknown, 1, true));
    if (total) {
        rows.push_back(make_row(ctx.area(total->area), *total, 1, false));
        rows.back().total = true;
        rows.back().shaded = false;
    }
    draw_table(ctx.layout(), cols, rows);
    block_end(ctx, b);
}

void render_compare_table(RenderContext& ctx, const BlockSpec& b) {
    const auto areas = area_rows(b.areas);
    block_title(ctx, b);
    std::vector<TableColumn> cols = {{"", 2.8}};
    for (size_t i = 0; i < areas.size(); ++i) {
        std::string head = ctx.area(areas[i].nuts);
        if (i < b.column_sources.size()) head += " (" + b.column_sources[i] + ")";
        cols.push_back({head, 1.3, Align::kRight});
    }
    std::vector<TableRow> rows;
    std::vector<std::string> as_of(areas.size());
    // A total with its parts below reads best in bold; a plain list of indicators does not.
    const bool has_parts = std::any_of(b.figures.begin(), b.figures.end(),
                                       [](const FigureRef& f) { return !f.breakdown.empty(); });
    for (const auto& ref : b.figures) {
        TableRow row;
        const bool part = !ref.breakdown.empty();
        const FontStyle style = has_parts && !part ? FontStyle::kBold : FontStyle::kRegular;
        row.cells.push_back(
            {part ? ctx.breakdown_value(ref.breakdown.front().first, ref.breakdown.front().second)
                  : ctx.indicator(ref.indicator),
             style, palette::kInk, part ? 12.0 : 0.0});
        bool any = false;
        for (size_t i = 0; i < areas.size(); ++i) {
            const Figure* f = ctx.find(ref.indicator, areas[i].nuts, ref.breakdown);
            if (!f) {
                row.cells.push_back(muted(kDash));
                continue;
            }
            any = true;
            if (as_of[i].empty()) as_of[i] = ctx.when_text(*f);
            row.cells.push_back({ctx.value_text(*f), style});
        }
        if (any) rows.push_back(row);
    }
    TableRow dates;
    dates.cells.push_back(muted(ctx.label("row.as_of")));
    for (const auto& d : as_of) dates.cells.push_back(muted(d.empty() ? kDash : d));
    rows.push_back(dates);
    draw_table(ctx.layout(), cols, rows);
    block_end(ctx, b);
}

// A feed's cadence in words: every 7 days, daily, or none.
std::string cadence_text(RenderContext& ctx, int every_days) {
    if (every_days <= 0) return ctx.label("cadence.none");
    if (every_days == 1) return ctx.label("cadence.daily");
    return ctx.format("cadence.every", {{"days", std::to_string(every_days)}});
}

void render_partners(RenderContext& ctx, const BlockSpec& b) {
    block_title(ctx, b);
    // Templates that predate the cadence words show the columns the report was issued with.
    const bool per_feed = has_news_words(ctx.templates(), ctx.lang());
    std::vector<TableColumn> cols;
    if (per_feed) {
        // The last file sits under its feed: six columns leave a long file name no room.
        cols = {{ctx.label("column.partner"), 1.2},
                {ctx.label("column.feed") + " / " + ctx.label("column.last_file"), 3.4},
                {ctx.label("column.cadence"), 1.6},
                {ctx.label("column.state"), 1.5},
                {ctx.label("column.last_as_of"), 1.3}};
    } else {
        cols = {{ctx.label("column.partner"), 2.0},
                {ctx.label("column.state"), 1.4},
                {ctx.label("column.last_as_of"), 1.4},
                {ctx.label("column.last_file"), 3.2}};
    }
    std::vector<TableRow> rows;
    for (const auto& p : ctx.report().partners) {
        const Rgb colour = p.state == "missing"      ? palette::kUrgent
                           : p.state == "late"       ? palette::kWarning
                           : p.state == "no_cadence" ? palette::kMuted
                                                     : palette::kInk;
        const bool stands_out = p.state == "late" || p.state == "missing";
        const TableCell state{ctx.label_or("state." + p.state, p.state),
                              stands_out ? FontStyle::kBold : FontStyle::kRegular, colour};
        const TableCell as_of = p.last_as_of ? TableCell{ctx.date(*p.last_as_of)} : muted(kDash);
        TableRow row;
        row.cells.push_back({p.partner, FontStyle::kBold});
        if (per_feed) {
            TableCell feed = p.feed.empty() ? muted(kDash) : TableCell{p.feed};
            feed.detail = p.last_file;
            row.cells.push_back(feed);
            row.cells.push_back({cadence_text(ctx, p.every_days), FontStyle::kRegular,
                                 p.every_days > 0 ? palette::kInk : palette::kMuted});
            row.cells.push_back(state);
            row.cells.push_back(as_of);
        } else {
            row.cells.push_back(state);
            row.cells.push_back(as_of);
            row.cells.push_back(p.last_file.empty() ? muted(kDash) : TableCell{p.last_file});
        }
        rows.push_back(row);
    }
    draw_table(ctx.layout(), cols, rows);
    block_end(ctx, b);
}

void render_block(RenderContext& ctx, const BlockSpec& b) {
    if (b.kind == "figures") return render_figures(ctx, b);
    if (b.kind == "bar_chart") return render_series_chart(ctx, b, false);
    if (b.kind == "line_chart") return render_series_chart(ctx, b, true);
    if (b.kind == "hbar_chart") return render_hbar(ctx, b);
    if (b.kind == "breakdown_table") return render_breakdown_table(ctx, b);
    if (b.kind == "area_table") return render_area_table(ctx, b);
    if (b.kind == "compare_table") return render_compare_table(ctx, b);
    if (b.kind == "partners") return render_partners(ctx, b);
    if (b.kind == "map") {
        block_title(ctx, b, map_caption(ctx, b));
        draw_map_block(ctx, b);
        return block_end(ctx, b);
    }
    if (b.kind == "findings" || b.kind == "sources" || b.kind == "notes") {
        block_title(ctx, b);
        if (b.kind == "findings") render_findings(ctx);
        if (b.kind == "sources") render_sources(ctx);
        if (b.kind == "notes") render_notes(ctx, b.current_days);
        return block_end(ctx, b);
    }
    if (b.kind == "text") {
        block_title(ctx, b);
        ctx.layout().paragraph(ctx.label(b.text), FontStyle::kRegular, 9, palette::kInk);
        return block_end(ctx, b);
    }
}

}  // namespace

void section_title(RenderContext& ctx, const std::string& title, double keep_with) {
    Layout& layout = ctx.layout();
    layout.ensure(36 + keep_with);
    if (!layout.at_page_top()) layout.down(8);
    layout.doc().bookmark(title, layout.page(), layout.y());
    constexpr double kSize = 13;
    const auto lines = layout.wrap(title, FontStyle::kBold, kSize, layout.width());
    layout.begin_tag("H1");
    for (const auto& l : lines) {
        layout.text(layout.left(), layout.y() - kSize, l, FontStyle::kBold, kSize,
                    palette::kAccent);
        layout.down(Layout::line_height(kSize));
    }
    layout.end_tag();
    layout.line(layout.left(), layout.y() + 1, layout.right(), layout.y() + 1, 1.2,
                palette::kAccent);
    layout.down(9);
}

void render_section(RenderContext& ctx, const SectionSpec& section) {
    std::vector<const BlockSpec*> blocks;
    for (const auto& b : section.blocks)
        if (has_data(ctx, b)) blocks.push_back(&b);
    // The title stays with the caption and the first part of the first block.
    const double keep =
        blocks.empty() ? 14
                       : caption_height(*blocks.front(), true) + keep_with(ctx, *blocks.front());
    section_title(ctx, ctx.label(section.title), keep);
    if (blocks.empty()) {
        ctx.layout().paragraph(ctx.label("no_data"), FontStyle::kRegular, 9, palette::kMuted);
        ctx.layout().down(10);
        return;
    }
    for (const BlockSpec* b : blocks) render_block(ctx, *b);
    ctx.layout().doc().check("drawing a section");
}

}  // namespace sitrep
