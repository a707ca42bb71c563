#pragma once

#include <functional>
#include <string>
#include <vector>

#include "pipeline/writers/pdf_layout.h"

namespace sitrep {

/// One bar or point of a chart.
struct ChartPoint {
    std::string label;     ///< under the bar, or left of a horizontal bar
    std::string sublabel;  ///< a second line under the bar (the year), may be empty
    double value = 0;
    std::string value_text;  ///< the value as the report writes it
    std::string note;        ///< a muted remark after a horizontal bar's value (its date)
};

/// Writes an axis tick value in the report's number style.
using TickFormat = std::function<std::string(double)>;

/// Vertical bars with a labelled value axis and gridlines, drawn as vector graphics in a dark
/// solid fill so that they stay readable when printed in black and white.
void draw_column_chart(Layout& layout, const std::vector<ChartPoint>& points,
                       const TickFormat& tick, double plot_height = 140);

/// A line with point markers over a labelled value axis.
void draw_line_chart(Layout& layout, const std::vector<ChartPoint>& points, const TickFormat& tick,
                     double plot_height = 120);

/// Horizontal bars, one per labelled row, with the value at the end of each bar.
void draw_hbar_chart(Layout& layout, const std::vector<ChartPoint>& points);

/// A round step between 1/target and 1/(target/2) of `max`: 1, 2, 2.5 or 5 times a power of ten.
double nice_step(double max, int target = 5);

}  // namespace sitrep
