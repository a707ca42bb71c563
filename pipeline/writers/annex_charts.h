#pragma once

#include <optional>
#include <string>
#include <vector>

#include "pipeline/model/report.h"
#include "pipeline/writers/annex_book.h"
#include "pipeline/writers/annex_style.h"
#include "pipeline/writers/annex_words.h"

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
        bool has_value = true;  ///< false: the area has no figure for the month (a gap)
    };
    Shape shape = Shape::kMonths;
    std::string title;
    Unit unit = Unit::kCount;
    /// For months: a series per area, named by it, each over the same months in turn
    /// (points grouped by area); else one series of one area's months.
    bool series_by_area = false;
    std::vector<Point> points;
};

/// The charts a domain sheet gets: for the months of a monthly breakdown, per area (one
/// chart for each indicator and area) or per indicator (one chart for each indicator, a
/// series for each area of the widest level with two months or more: Belgium, else the
/// regions, else the provinces), as `planning` says; for each indicator with headline figures
/// for several regions (else provinces), those areas as bars. A series needs at least two
/// points. Titles name the indicator and area in `words`' language.
std::vector<ChartPlan> plan_charts(const std::vector<const Figure*>& figures,
                                   const AnnexWords& words,
                                   ChartPlanning planning = ChartPlanning::per_indicator);

/// The charts of every domain sheet and the one table their points live in, on a hidden sheet
/// of their own: the domain sheets keep nothing but their table, which tools then read clean.
class AnnexCharts {
public:
    /// Charts whose points will be on the sheet named `data_sheet` (created later).
    explicit AnnexCharts(std::string data_sheet) : data_sheet_(std::move(data_sheet)) {}
    /// Places `plans`' charts on `sheet`, stacked beside its table from column `chart_col`,
    /// each drawing from the rows its points will take on the data sheet.
    void place(AnnexBook& book, AnnexSheet& sheet, std::vector<ChartPlan> plans,
               lxw_col_t chart_col);
    /// Whether any chart was placed.
    bool empty() const { return plans_.empty(); }
    /// Writes every placed chart's points as one table (chart, month, area, value) on `sheet`,
    /// which must be named as the constructor said, and hides it.
    void write_data(AnnexSheet& sheet, const AnnexWords& words) const;

private:
    std::string data_sheet_;
    std::vector<ChartPlan> plans_;
    lxw_row_t next_row_ = 1;  // below the data table's header
};

}  // namespace sitrep
