#include "pipeline/writers/pdf_sources.h"

#include "pipeline/writers/pdf_table.h"
#include "pipeline/writers/report_digest.h"

namespace sitrep {
namespace {

constexpr const char* kDash = "\u2013";

TableCell muted(std::string text) {
    return {std::move(text), FontStyle::kRegular, palette::kMuted};
}

void subheading(Layout& layout, const std::string& text) {
    layout.ensure(50);
    layout.down(4);
    layout.paragraph(text, FontStyle::kBold, 9, palette::kInk);
    layout.down(3);
}

void render_files(RenderContext& ctx, const std::vector<const InputStatus*>& inputs) {
    std::vector<TableColumn> cols = {{ctx.label("column.file"), 3.6},
                                     {ctx.label("column.partner"), 1.3},
                                     {ctx.label("column.reference_date"), 1.4},
                                     {ctx.label("column.status"), 1.4},
                                     {ctx.label("column.fingerprint"), 1.4}};
    std::vector<TableRow> rows;
    for (const InputStatus* in : inputs) {
        TableCell file{in->file};
        if (!in->error.empty()) file.detail = in->error;
        const bool rejected = in->status == "rejected";
        rows.push_back(
            {{file,
              {in->partner},
              in->reference_date ? TableCell{ctx.date(*in->reference_date)} : muted(kDash),
              {ctx.label_or("input." + in->status, in->status),
               rejected ? FontStyle::kBold : FontStyle::kRegular,
               rejected ? palette::kUrgent : palette::kInk},
              muted(in->sha256.substr(0, 12))}});
    }
    draw_table(ctx.layout(), cols, rows, 7.5);
}

void render_earlier_files(RenderContext& ctx, const std::vector<PartnerFiles>& partners) {
    std::vector<TableColumn> cols = {{ctx.label("column.partner"), 1.8},
                                     {ctx.label("column.used"), 1.0, Align::kRight},
                                     {ctx.label("column.superseded"), 1.0, Align::kRight},
                                     {ctx.label("column.duplicate"), 1.0, Align::kRight},
                                     {ctx.label("column.rejected"), 1.0, Align::kRight},
                                     {ctx.label("column.newest_reference"), 1.8, Align::kRight}};
    const auto count = [&ctx](int n) {
        return n == 0 ? muted("0") : TableCell{ctx.number(static_cast<double>(n))};
    };
    std::vector<TableRow> rows;
    for (const auto& p : partners) {
        rows.push_back(
            {{{p.partner, FontStyle::kBold},
              count(p.used),
              count(p.superseded),
              count(p.duplicate),
              p.rejected == 0
                  ? muted("0")
                  : TableCell{ctx.number(p.rejected), FontStyle::kBold, palette::kUrgent},
              p.newest_reference ? TableCell{ctx.date(*p.newest_reference)} : muted(kDash)}});
    }
    draw_table(ctx.layout(), cols, rows, 7.5);
}

}  // namespace

void render_sources(RenderContext& ctx) {
    const Report& r = ctx.report();
    Layout& layout = ctx.layout();
    if (!has_news_words(ctx.templates(), ctx.lang())) {
        layout.paragraph(ctx.label("sources.intro"), FontStyle::kRegular, 8.5, palette::kInk);
        layout.down(4);
        std::vector<const InputStatus*> all;
        for (const auto& in : r.inputs) all.push_back(&in);
        render_files(ctx, all);
        return;
    }
    layout.paragraph(ctx.label("sources.intro") + " " + ctx.label("sources.complete"),
                     FontStyle::kRegular, 8.5, palette::kInk);
    layout.down(4);

    std::vector<const InputStatus*> fresh;
    for (const auto& in : r.inputs)
        if (listed_in_full(r, in)) fresh.push_back(&in);
    const std::string previous = std::to_string(r.previous_number);
    if (r.previous_number > 0) {
        if (fresh.empty())
            layout.paragraph(ctx.format("sources.no_new", {{"number", previous}}),
                             FontStyle::kRegular, 8.5, palette::kMuted);
        else
            subheading(layout, ctx.format("sources.new", {{"number", previous}}));
    }
    if (!fresh.empty()) render_files(ctx, fresh);

    const auto earlier = earlier_files_by_partner(r);
    if (!earlier.empty()) {
        subheading(layout, ctx.label("sources.earlier"));
        render_earlier_files(ctx, earlier);
    }
    layout.doc().check("drawing the sources");
}

}  // namespace sitrep
