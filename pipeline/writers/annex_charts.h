#pragma once

#include <optional>
#include <string>
#include <vector>

#include "pipeline/model/report.h"
#include "pipeline/writers/annex_book.h"

namespace sitrep {

/// One native chart of a domain sheet and the points it plots, in drawing order.
struct ChartPlan {
    /// Columns over the months of a `month` breakdown, or bars over the areas of one level.
    enum class Shape { kMonths, kAreas };
    /// One plotted value: a month (first day) or an area.
    struct Point {
        std::optional<Date> month;
        std::string area;
        double value = 0;
    };
    Shape shape = Shape::kMonths;
    std::string title;
    Unit unit = Unit::kCount;
    std::vector<Point> points;
};

/// The charts a domain sheet gets: for each indicator and area with a monthly breakdown, the
/// months as columns; for each indicator with headline figures for several regions (else
/// provinces), those areas as bars. A chart needs at least two points.
std::vector<ChartPlan> plan_charts(const std::vector<const Figure*>& figures);

/// Writes the charts' data as a block starting at `first_row` (below the table, since rows go
/// strictly in order) and places the charts side by side with the table from `chart_col`.
void draw_charts(AnnexBook& book, AnnexSheet& sheet, const std::vector<ChartPlan>& plans,
                 lxw_row_t first_row, lxw_col_t chart_col);

}  // namespace sitrep
