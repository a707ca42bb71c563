#include "pipeline/writers/pdf_map.h"

#include <algorithm>
#include <cmath>

#include "pipeline/reference/population.h"

namespace sitrep {
namespace {

constexpr Rgb kOutline{0.40, 0.42, 0.45};
constexpr Rgb kHatch{0.55, 0.56, 0.58};
constexpr double kOutlineWidth = 0.5;
constexpr double kLegendGap = 22;
constexpr double kLegendSize = 7.5;
constexpr double kSwatchW = 16, kSwatchH = 10, kRow = 13.5;

// Coordinates to a tenth of a point, which libharu then writes with one decimal: the map
// looks the same and its content stream is a third shorter.
HPDF_REAL tenth(double v) { return static_cast<HPDF_REAL>(std::round(v * 10) / 10); }

// Adds every ring of the shape to the current path.
void add_path(HPDF_Page page, const MapFrame& frame, const MapShape& shape) {
    for (const auto& rings : shape.polygons)
        for (const auto& ring : rings) {
            for (size_t i = 0; i + 1 < ring.size(); ++i) {
                const MapPoint p = frame.to_page(ring[i]);
                if (i == 0)
                    HPDF_Page_MoveTo(page, tenth(p.x), tenth(p.y));
                else
                    HPDF_Page_LineTo(page, tenth(p.x), tenth(p.y));
            }
            HPDF_Page_ClosePath(page);
        }
}

void set_fill(HPDF_Page page, Rgb c) {
    HPDF_Page_SetRGBFill(page, static_cast<HPDF_REAL>(c.r), static_cast<HPDF_REAL>(c.g),
                         static_cast<HPDF_REAL>(c.b));
}

void set_stroke(HPDF_Page page, Rgb c) {
    HPDF_Page_SetRGBStroke(page, static_cast<HPDF_REAL>(c.r), static_cast<HPDF_REAL>(c.g),
                           static_cast<HPDF_REAL>(c.b));
}

// Diagonal grey lines over the box (x, y, w, h), every `gap` points; the caller clips them.
void hatch(HPDF_Page page, double x, double y, double w, double h, double gap) {
    set_stroke(page, kHatch);
    HPDF_Page_SetLineWidth(page, 0.5);
    for (double d = -h; d < w; d += gap) {
        HPDF_Page_MoveTo(page, tenth(x + d), tenth(y));
        HPDF_Page_LineTo(page, tenth(x + d + h), tenth(y + h));
    }
    HPDF_Page_Stroke(page);
}

// The "no data" fill: white under grey hatching, clipped to the current shape or swatch.
template <typename AddPath>
void fill_no_data(HPDF_Page page, double x, double y, double w, double h, AddPath add) {
    set_fill(page, palette::kWhite);
    add();
    HPDF_Page_Eofill(page);
    HPDF_Page_GSave(page);
    add();
    HPDF_Page_Eoclip(page);
    HPDF_Page_EndPath(page);
    hatch(page, x, y, w, h, 3);
    HPDF_Page_GRestore(page);
}

// The province's box on the page, for its hatching.
MapBounds page_box(const MapFrame& frame, const MapShape& shape) {
    MapBounds b{INFINITY, INFINITY, -INFINITY, -INFINITY};
    for (const auto& rings : shape.polygons)
        for (const auto& p : rings.front()) {
            const MapPoint q = frame.to_page(p);
            b.min_x = std::min(b.min_x, q.x);
            b.max_x = std::max(b.max_x, q.x);
            b.min_y = std::min(b.min_y, q.y);
            b.max_y = std::max(b.max_y, q.y);
        }
    return b;
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
    for (const auto& v : map_values(ctx, b))
        if (v) return true;
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

    HPDF_Page page = layout.page();
    HPDF_Page_SetLineJoin(page, HPDF_ROUND_JOIN);
    // Fills first, then every outline in one path, so that a neighbour's fill never covers
    // half of a shared border.
    for (size_t i = 0; i < shapes.size(); ++i) {
        const MapShape& shape = shapes[i];
        if (values[i]) {
            set_fill(page, colours[static_cast<size_t>(classes.class_of(*values[i]))]);
            add_path(page, frame, shape);
            HPDF_Page_Eofill(page);
        } else {
            const MapBounds box = page_box(frame, shape);
            fill_no_data(page, box.min_x, box.min_y, box.width(), box.height(),
                         [&] { add_path(page, frame, shape); });
        }
    }
    set_stroke(page, kOutline);
    HPDF_Page_SetLineWidth(page, kOutlineWidth);
    for (const auto& shape : shapes) add_path(page, frame, shape);
    HPDF_Page_Stroke(page);
    HPDF_Page_SetLineJoin(page, HPDF_MITER_JOIN);

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
            fill_no_data(page, lx, y, kSwatchW, kSwatchH, [&] {
                HPDF_Page_Rectangle(page, tenth(lx), tenth(y), kSwatchW, kSwatchH);
            });
        });
        layout.text(lx + kSwatchW + 6, ly, ctx.label("map.no_data"), FontStyle::kRegular,
                    kLegendSize, palette::kInk);
    }

    layout.text(frame.left, frame.licence_baseline(), ctx.label("map.licence"),
                FontStyle::kRegular, MapFrame::kLicenceSize, palette::kMuted);
    layout.down(map_block_height());
    layout.doc().check("drawing a map");
}

}  // namespace sitrep
