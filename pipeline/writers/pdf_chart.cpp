#include "pipeline/writers/pdf_chart.h"

#include <algorithm>
#include <cmath>

namespace sitrep {
namespace {

constexpr double kTickSize = 7;
constexpr double kLabelSize = 7;
constexpr double kValueSize = 6.5;

// The frame shared by the column and line charts: value axis, gridlines and slot labels.
struct Plot {
    double x0 = 0, x1 = 0, y0 = 0, y1 = 0;
    double axis_max = 1;
    double slot = 0;

    double x_of(size_t i) const { return x0 + slot * (static_cast<double>(i) + 0.5); }
    double y_of(double v) const { return y0 + (y1 - y0) * std::max(0.0, v) / axis_max; }
};

Plot draw_frame(Layout& layout, const std::vector<ChartPoint>& points, const TickFormat& tick,
                double plot_height) {
    const bool sublabels = std::any_of(points.begin(), points.end(),
                                       [](const ChartPoint& p) { return !p.sublabel.empty(); });
    const double below = sublabels ? 24 : 14;
    const double above = 12;
    layout.ensure(above + plot_height + below + 6);

    double max = 0;
    for (const auto& p : points) max = std::max(max, p.value);
    const double step = nice_step(max > 0 ? max : 1);
    Plot plot;
    plot.axis_max = std::max(step, std::ceil(max / step) * step);
    // Leave room above the highest bar for its value label.
    if (max > plot.axis_max * 0.93) plot.axis_max += step;

    double tick_w = 0;
    for (double v = 0; v <= plot.axis_max + step / 2; v += step)
        tick_w = std::max(tick_w, layout.width_of(tick(v), FontStyle::kRegular, kTickSize));
    const double top = layout.y();
    plot.x0 = layout.left() + tick_w + 6;
    plot.x1 = layout.right() - 2;
    plot.y1 = top - above;
    plot.y0 = plot.y1 - plot_height;
    plot.slot = points.empty() ? 0 : (plot.x1 - plot.x0) / static_cast<double>(points.size());

    for (double v = 0; v <= plot.axis_max + step / 2; v += step) {
        const double y = plot.y_of(v);
        if (v > 0) layout.line(plot.x0, y, plot.x1, y, 0.4, palette::kGrid);
        layout.text_right(plot.x0 - 4, y - kTickSize * 0.35, tick(v), FontStyle::kRegular,
                          kTickSize, palette::kMuted);
    }
    layout.line(plot.x0, plot.y0, plot.x0, plot.y1, 0.6, palette::kMuted);

    for (size_t i = 0; i < points.size(); ++i) {
        const double cx = plot.x_of(i);
        layout.line(cx, plot.y0, cx, plot.y0 - 2.5, 0.5, palette::kMuted);
        layout.text_center(cx, plot.y0 - 4 - kLabelSize, points[i].label, FontStyle::kRegular,
                           kLabelSize, palette::kInk);
        if (!points[i].sublabel.empty())
            layout.text_center(cx, plot.y0 - 5 - 2 * kLabelSize - 1, points[i].sublabel,
                               FontStyle::kRegular, kLabelSize, palette::kMuted);
    }
    layout.down(above + plot_height + below);
    return plot;
}

// Whether every value label fits its slot; when not, none is drawn (the axis still reads).
bool values_fit(Layout& layout, const std::vector<ChartPoint>& points, double slot) {
    return std::all_of(points.begin(), points.end(), [&](const ChartPoint& p) {
        return layout.width_of(p.value_text, FontStyle::kRegular, kValueSize) < slot - 2;
    });
}

// What a screen reader says for a chart: each bar's label and value, in order.
std::string alt_text(const std::vector<ChartPoint>& points) {
    std::string alt;
    for (const auto& p : points) {
        if (!alt.empty()) alt += "; ";
        alt += p.label;
        if (!p.sublabel.empty()) alt += " " + p.sublabel;
        alt += ": " + p.value_text;
        if (!p.note.empty()) alt += " (" + p.note + ")";
    }
    return alt;
}

}  // namespace

double nice_step(double max, int target) {
    if (!(max > 0)) return 1;
    const double raw = max / target;
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    const double norm = raw / magnitude;
    const double step = norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 2.5 ? 2.5 : norm <= 5 ? 5 : 10;
    return std::max(1.0, step * magnitude);
}

void draw_column_chart(Layout& layout, const std::vector<ChartPoint>& points,
                       const TickFormat& tick, double plot_height) {
    if (points.empty()) return;
    layout.begin_tag("Figure", alt_text(points));
    const Plot plot = draw_frame(layout, points, tick, plot_height);
    const bool labels = values_fit(layout, points, plot.slot);
    const double bar_w = std::min(plot.slot * 0.64, 36.0);
    for (size_t i = 0; i < points.size(); ++i) {
        const double cx = plot.x_of(i);
        const double top = plot.y_of(points[i].value);
        if (top > plot.y0)
            layout.fill_rect(cx - bar_w / 2, plot.y0, bar_w, top - plot.y0, palette::kAccent);
        if (labels)
            layout.text_center(cx, top + 2.5, points[i].value_text, FontStyle::kRegular, kValueSize,
                               palette::kInk);
    }
    layout.line(plot.x0, plot.y0, plot.x1, plot.y0, 0.8, palette::kInk);
    layout.end_tag();
    layout.doc().check("drawing a bar chart");
}

void draw_line_chart(Layout& layout, const std::vector<ChartPoint>& points, const TickFormat& tick,
                     double plot_height) {
    if (points.empty()) return;
    layout.begin_tag("Figure", alt_text(points));
    const Plot plot = draw_frame(layout, points, tick, plot_height);
    layout.line(plot.x0, plot.y0, plot.x1, plot.y0, 0.8, palette::kInk);
    for (size_t i = 1; i < points.size(); ++i)
        layout.line(plot.x_of(i - 1), plot.y_of(points[i - 1].value), plot.x_of(i),
                    plot.y_of(points[i].value), 1.6, palette::kAccent);
    const bool labels = values_fit(layout, points, plot.slot);
    for (size_t i = 0; i < points.size(); ++i) {
        const double y = plot.y_of(points[i].value);
        layout.circle(plot.x_of(i), y, 2.6, palette::kWhite, palette::kAccent, 1.2);
        if (labels)
            layout.text_center(plot.x_of(i), y + 5, points[i].value_text, FontStyle::kRegular,
                               kValueSize, palette::kInk);
    }
    layout.end_tag();
    layout.doc().check("drawing a line chart");
}

void draw_hbar_chart(Layout& layout, const std::vector<ChartPoint>& points) {
    if (points.empty()) return;
    layout.begin_tag("Figure", alt_text(points));
    constexpr double kRow = 17;
    constexpr double kBar = 10;
    constexpr double kSize = 8;
    layout.ensure(kRow * static_cast<double>(points.size()) + 8);
    double label_w = 0, value_w = 0, max = 0;
    for (const auto& p : points) {
        label_w = std::max(label_w, layout.width_of(p.label, FontStyle::kRegular, kSize));
        value_w = std::max(
            value_w,
            layout.width_of(p.value_text, FontStyle::kBold, kSize) +
                (p.note.empty() ? 0 : 6 + layout.width_of(p.note, FontStyle::kRegular, kSize - 1)));
        max = std::max(max, p.value);
    }
    label_w = std::min(label_w, layout.width() * 0.4);
    const double x0 = layout.left() + label_w + 8;
    const double room = layout.right() - x0 - value_w - 8;
    const double top = layout.y();
    for (size_t i = 0; i < points.size(); ++i) {
        const double row_top = top - kRow * static_cast<double>(i);
        const double bar_y = row_top - (kRow + kBar) / 2;
        const double w = max > 0 ? room * std::max(0.0, points[i].value) / max : 0;
        // Long area names are cut to the label column rather than run into the bars.
        auto lines = layout.wrap(points[i].label, FontStyle::kRegular, kSize, label_w + 0.5);
        layout.text_right(x0 - 6, bar_y + 1.5, lines.empty() ? "" : lines.front(),
                          FontStyle::kRegular, kSize, palette::kInk);
        if (w > 0) layout.fill_rect(x0, bar_y, w, kBar, palette::kAccent);
        layout.text(x0 + w + 4, bar_y + 1.5, points[i].value_text, FontStyle::kBold, kSize,
                    palette::kInk);
        if (!points[i].note.empty())
            layout.text(
                x0 + w + 10 + layout.width_of(points[i].value_text, FontStyle::kBold, kSize),
                bar_y + 1.5, points[i].note, FontStyle::kRegular, kSize - 1, palette::kMuted);
    }
    const double bottom = top - kRow * static_cast<double>(points.size());
    layout.line(x0, top - 2, x0, bottom + 2, 0.8, palette::kInk);
    layout.down(kRow * static_cast<double>(points.size()) + 4);
    layout.end_tag();
    layout.doc().check("drawing a bar chart");
}

}  // namespace sitrep
