#include "pipeline/writers/pdf_findings.h"

#include <cmath>

#include "pipeline/writers/pdf_table.h"
#include "pipeline/writers/report_digest.h"

namespace sitrep {
namespace {

constexpr double kShortSize = 8;

Rgb severity_colour(Severity s) {
    return s == Severity::kError     ? palette::kUrgent
           : s == Severity::kWarning ? palette::kWarning
                                     : palette::kMuted;
}

// The finding in the report's words, with the reconciler's English message as detail; the
// message alone when the labels have no sentence for its kind.
TableCell full_text(RenderContext& ctx, const Finding& f) {
    const std::string sentence =
        fill_placeholders(ctx.label_or("finding." + f.kind, ""),
                          {{"indicator", ctx.indicator(f.indicator)},
                           {"area", f.area.empty() ? "" : ctx.area(f.area)},
                           {"period", ctx.period_text(f.period)},
                           {"expected", ctx.number(f.expected)},
                           {"actual", ctx.number(f.actual)},
                           {"difference", ctx.number(std::fabs(f.expected - f.actual))}});
    TableCell text;
    if (sentence.empty()) {
        text.text = f.message;
    } else {
        text.text = sentence;
        text.detail = ctx.format("finding.detail", {{"message", f.message}});
    }
    return text;
}

// What a finding is about, in a few words: the feed of a timeliness finding, else the
// indicator, area and period; the message when it names none of these.
std::string subject(RenderContext& ctx, const Finding& f) {
    if (!f.feed.empty() && f.indicator.empty()) return f.feed;
    std::string out;
    const auto add = [&out](const std::string& part) {
        if (part.empty()) return;
        if (!out.empty()) out += ", ";
        out += part;
    };
    if (!f.indicator.empty()) add(ctx.indicator(f.indicator));
    if (!f.area.empty() && f.area != "BE") add(ctx.area(f.area));
    if (!f.feed.empty()) add(f.feed);
    add(ctx.period_text(f.period));
    return out.empty() ? f.message : out;
}

// Each finding in full, marked new or changed unless `marked` is false (templates that
// predate the marks).
void render_full(RenderContext& ctx, const std::vector<const Finding*>& findings, bool marked) {
    std::vector<TableColumn> cols = {{ctx.label("column.severity"), marked ? 1.5 : 1.2}};
    if (marked) cols.push_back({ctx.label("column.news"), 1.1});
    cols.push_back({ctx.label("column.finding"), marked ? 5.8 : 6.0});
    std::vector<TableRow> rows;
    for (const Finding* f : findings) {
        TableRow row;
        row.cells.push_back({ctx.label(std::string("severity.") + to_string(f->severity)),
                             FontStyle::kBold, severity_colour(f->severity)});
        if (marked)
            row.cells.push_back({ctx.label(f->news == "changed" ? "news.changed" : "news.new"),
                                 FontStyle::kBold, palette::kInk});
        row.cells.push_back(full_text(ctx, *f));
        rows.push_back(row);
    }
    draw_table(ctx.layout(), cols, rows);
}

// One line per kind: its name and count, then each finding's subject. Forty findings that
// have stood for months take a few lines, and each one can still be found.
void render_short(RenderContext& ctx, const std::string& heading,
                  const std::vector<const Finding*>& findings, bool with_since) {
    Layout& layout = ctx.layout();
    layout.ensure(40);
    layout.down(4);
    layout.paragraph(heading, FontStyle::kBold, 9, palette::kInk);
    layout.down(2);
    for (const auto& group : group_by_kind(findings)) {
        std::string items;
        for (const Finding* f : group.findings) {
            if (!items.empty()) items += "; ";
            items += subject(ctx, *f);
            if (with_since && f->since > 0)
                items += " (" +
                         ctx.format("findings.since", {{"number", std::to_string(f->since)}}) + ")";
        }
        const std::string kind =
            ctx.format("findings.group",
                       {{"kind", ctx.label_or("kind." + group.kind, group.kind)},
                        {"count", ctx.number(static_cast<double>(group.findings.size()))}}) +
            " ";
        layout.rich_paragraph({{kind, FontStyle::kBold}, {items, FontStyle::kRegular}}, kShortSize,
                              palette::kInk, 12, "\u2022");
        layout.down(2);
    }
}

}  // namespace

void render_findings(RenderContext& ctx) {
    const Report& r = ctx.report();
    Layout& layout = ctx.layout();
    std::vector<const Finding*> news;
    std::vector<const Finding*> standing;
    for (const auto& f : r.findings) (f.news == "persisting" ? standing : news).push_back(&f);
    std::vector<const Finding*> cleared;
    for (const auto& f : r.cleared) cleared.push_back(&f);
    const std::string previous = std::to_string(r.previous_number);
    if (!has_news_words(ctx.templates(), ctx.lang())) {
        if (r.findings.empty())
            layout.paragraph(ctx.label("findings.none"), FontStyle::kRegular, 9, palette::kInk);
        std::vector<const Finding*> all;
        for (const auto& f : r.findings) all.push_back(&f);
        if (!all.empty()) render_full(ctx, all, false);
        return;
    }

    if (r.findings.empty())
        layout.paragraph(ctx.label("findings.none"), FontStyle::kRegular, 9, palette::kInk);
    else if (news.empty())
        layout.paragraph(ctx.format("findings.no_news", {{"number", previous}}),
                         FontStyle::kRegular, 9, palette::kInk);
    if (!news.empty()) render_full(ctx, news, true);
    if (!standing.empty())
        render_short(ctx,
                     ctx.format("findings.persisting",
                                {{"count", ctx.number(static_cast<double>(standing.size()))}}),
                     standing, true);
    if (!cleared.empty() && r.previous_number > 0)
        render_short(ctx,
                     ctx.format("findings.cleared",
                                {{"number", previous},
                                 {"count", ctx.number(static_cast<double>(cleared.size()))}}),
                     cleared, false);
    layout.doc().check("drawing the findings");
}

}  // namespace sitrep
