#include "pipeline/writers/pdf_map.h"

#include <algorithm>
#include <cmath>

#include "pipeline/reference/population.h"
#include "pipeline/writers/pdf_layout.h"

namespace sitrep {
namespace {

constexpr Rgb kOutline{0.40, 0.42, 0.45};
constexpr Rgb kHatch{0.55, 0.56, 0.58};
constexpr double kOutlineWidth = 0.5;
constexpr double kLegendGap = 22;
constexpr double kLegendSize = 7.5;
constexpr double kSwatchW = 16, kSwatchH = 10, kRow = 13.5;

// The map is drawn in quarter points from the frame's lower left corner (a Concat sets that
// up), so that each point of an outline is two integers of at most four digits, and mostly
// three: the content stream of a map stays near 10 KB where page coordinates with libharu's
// five decimals took 38 KB. Rounding moves a point by at most 0.18 points, under the 0.5-point
// outline's width and the simplification's own 0.7 points.
constexpr double kUnit = 0.25;

HPDF_REAL units(double v) { return static_cast<HPDF_REAL>(std::round(v)); }

// A map point in the frame's units.
MapPoint in_units(const MapFrame& frame, MapPoint p) {
    return {(p.x - frame.bounds.min_x) * frame.scale / kUnit,
            (p.y - frame.bounds.min_y) * frame.scale / kUnit};
}

// Adds every ring of the shape to the current path.
void add_path(HPDF_Page page, const MapFrame& frame, const MapShape& shape) {
    for (const auto& rings : shape.polygons)
        for (const auto& ring : rings) {
            for (size_t i = 0; i + 1 < ring.size(); ++i) {
                const MapPoint p = in_units(frame, ring[i]);
                if (i == 0)
                    HPDF_Page_MoveTo(page, units(p.x), units(p.y));
                else
                    HPDF_Page_LineTo(page, units(p.x), units(p.y));
            }
            HPDF_Page_ClosePath(page);
        }
}

// Grey diagonal lines over the box (x, y, w, h), `gap` apart, in the current units; the
// caller has clipped them to the shape or swatch they hatch.
void hatch(HPDF_Page page, double x, double y, double w, double h, double gap, double width) {
    set_stroke(page, kHatch);
    HPDF_Page_SetLineWidth(page, static_cast<HPDF_REAL>(width));
    for (double d = -h; d < w; d += gap) {
        HPDF_Page_MoveTo(page, units(x + d), units(y));
        HPDF_Page_LineTo(page, units(x + d + h), units(y + h));
    }
    HPDF_Page_Stroke(page);
}

// The province's box in the frame's units, for its hatching.
MapBounds unit_box(const MapFrame& frame, const MapShape& shape) {
    MapBounds b{INFINITY, INFINITY, -INFINITY, -INFINITY};
    for (const auto& rings : shape.polygons)
        for (const auto& p : rings.front()) {
            const MapPoint q = in_units(frame, p);
            b.min_x = std::min(b.min_x, q.x);
            b.max_x = std::max(b.max_x, q.x);
            b.min_y = std::min(b.min_y, q.y);
            b.max_y = std::max(b.max_y, q.y);
        }
    return b;
}

// Fills and outlines every province in one pass, each path written once: a province's fill
// covers the inner half of its earlier neighbours' shared outline, so inner borders come out
// thinner than the country's, as maps draw them.
void draw_provinces(HPDF_Page page, const MapFrame& frame, const std::vector<MapShape>& shapes,
                    const std::vector<std::optional<Rgb>>& fills) {
    HPDF_Page_GSave(page);
    HPDF_Page_Concat(page, kUnit, 0, 0, kUnit, static_cast<HPDF_REAL>(frame.left),
                     static_cast<HPDF_REAL>(frame.top - frame.height()));
    HPDF_Page_SetLineJoin(page, HPDF_ROUND_JOIN);
    for (size_t i = 0; i < shapes.size(); ++i) {
        set_stroke(page, kOutline);
        HPDF_Page_SetLineWidth(page, kOutlineWidth / kUnit);
        if (fills[i]) {
            set_fill(page, *fills[i]);
            add_path(page, frame, shapes[i]);
            HPDF_Page_EofillStroke(page);
            continue;
        }
        // No figure: white under grey hatching, clipped to the province, then its outline.
        set_fill(page, palette::kWhite);
        HPDF_Page_GSave(page);
        add_path(page, frame, shapes[i]);
        HPDF_Page_Eoclip(page);
        HPDF_Page_Eofill(page);
        const MapBounds box = unit_box(frame, shapes[i]);
        hatch(page, box.min_x, box.min_y, box.width(), box.height(), 3 / kUnit, 0.5 / kUnit);
        HPDF_Page_GRestore(page);
        set_stroke(page, kOutline);
        HPDF_Page_SetLineWidth(page, kOutlineWidth / kUnit);
        add_path(page, frame, shapes[i]);
        HPDF_Page_Stroke(page);
    }
    HPDF_Page_GRestore(page);
}

const Figure* province_figure(RenderContext& ctx, const FigureRef& ref, const std::string& nuts) {
    if (const Figure* f = ctx.find(ref.indicator, nuts, ref.breakdown)) return f;
    // Brussels is a region without provinces: partners report it as either.
    if (nuts == "BE10") return ctx.find(ref.indicator, "BE1", ref.breakdown);
    return nullptr;
}

}  // namespace

MapFrame map_frame(double left, double top) {
    MapFrame f;
    f.left = left;
    f.top = top;
    f.bounds = map_bounds(belgian_province_map());
    f.scale = MapFrame::kWidth / f.bounds.width();
    return f;
}

std::vector<std::optional<double>> map_values(RenderContext& ctx, const BlockSpec& b) {
    std::vector<std::optional<double>> out;
    const FigureRef& ref = b.figures.front();
    for (const auto& shape : belgian_province_map()) {
        const Figure* f = province_figure(ctx, ref, shape.nuts);
        if (!f) {
            out.emplace_back();
            continue;
        }
        if (b.per <= 0) {
            out.emplace_back(f->value);
            continue;
        }
        const auto inhabitants = population_2020(shape.nuts);
        if (inhabitants && *inhabitants > 0)
            out.emplace_back(f->value * b.per / static_cast<double>(*inhabitants));
        else
            out.emplace_back();
    }
    return out;
}

bool map_has_data(RenderContext& ctx, const BlockSpec& b) {
    // Brussels' region figure alone would make a map of one shaded area: a map needs a
    // partner who reports by province.
    const FigureRef& ref = b.figures.front();
    for (const auto& shape : belgian_province_map())
        if (ctx.find(ref.indicator, shape.nuts, ref.breakdown)) return true;
    return false;
}

double map_block_height() {
    return MapFrame::kAbove + map_frame(0, 0).height() + MapFrame::kLicenceGap + 3;
}

std::string map_caption(RenderContext& ctx, const BlockSpec& b) {
    const FigureRef& ref = b.figures.front();
    std::string caption = ctx.indicator(ref.indicator);
    for (const auto& [dim, value] : ref.breakdown)
        caption += " \u2013 " + ctx.breakdown_value(dim, value);
    for (const auto& shape : belgian_province_map())
        if (const Figure* f = province_figure(ctx, ref, shape.nuts))
            return caption + " \u00b7 " + ctx.when_caption(*f);
    return caption;
}

void draw_map_block(RenderContext& ctx, const BlockSpec& b) {
    Layout& layout = ctx.layout();
    layout.ensure(map_block_height());
    const MapFrame frame = map_frame(layout.left(), layout.y() - MapFrame::kAbove);
    const auto& shapes = belgian_province_map();
    const auto values = map_values(ctx, b);

    std::vector<double> present;
    for (const auto& v : values)
        if (v) present.push_back(*v);
    const MapClasses classes = quantile_classes(present, b.classes);
    const std::vector<Rgb> colours = class_colours(classes.count());

    std::vector<std::optional<Rgb>> fills;
    for (const auto& v : values)
        fills.push_back(v ? std::optional<Rgb>(colours[static_cast<size_t>(classes.class_of(*v))])
                          : std::nullopt);
    HPDF_Page page = layout.page();
    draw_provinces(page, frame, shapes, fills);

    // The legend, to the right of the map.
    const double lx = frame.left + MapFrame::kWidth + kLegendGap;
    double ly = frame.top - kLegendSize;
    const std::string header =
        b.per > 0 ? ctx.format("map.per", {{"per", ctx.number(b.per)}}) : ctx.label("column.value");
    layout.text(lx, ly, header, FontStyle::kBold, kLegendSize, palette::kInk);
    ly -= kRow;
    const LegendPatterns words{ctx.label("map.class.below"), ctx.label("map.class.between"),
                               ctx.label("map.class.above")};
    const auto texts = legend_texts(classes, words, ctx.label("locale.style"));
    const auto swatch = [&](double top, auto fill) {
        const double y = top - kSwatchH + kLegendSize * 0.8;
        fill(y);
        layout.stroke_rect(lx, y, kSwatchW, kSwatchH, 0.4, kOutline);
    };
    for (size_t c = 0; c < texts.size(); ++c) {
        swatch(ly, [&](double y) { layout.fill_rect(lx, y, kSwatchW, kSwatchH, colours[c]); });
        layout.text(lx + kSwatchW + 6, ly, texts[c], FontStyle::kRegular, kLegendSize,
                    palette::kInk);
        ly -= kRow;
    }
    if (std::any_of(values.begin(), values.end(), [](const auto& v) { return !v; })) {
        swatch(ly, [&](double y) {
            HPDF_Page_GSave(page);
            HPDF_Page_Rectangle(page, static_cast<HPDF_REAL>(lx), static_cast<HPDF_REAL>(y),
                                kSwatchW, kSwatchH);
            HPDF_Page_Clip(page);
            HPDF_Page_EndPath(page);
            hatch(page, lx, y, kSwatchW, kSwatchH, 3, 0.5);
            HPDF_Page_GRestore(page);
        });
        layout.text(lx + kSwatchW + 6, ly, ctx.label("map.no_data"), FontStyle::kRegular,
                    kLegendSize, palette::kInk);
    }

    layout.text(frame.left, frame.licence_baseline(), ctx.label("map.licence"), FontStyle::kRegular,
                MapFrame::kLicenceSize, palette::kMuted);
    layout.down(map_block_height());
    layout.doc().check("drawing a map");
}

}  // namespace sitrep
