#pragma once

#include <optional>
#include <string>
#include <unordered_map>
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
        const Figure* figure = nullptr;  ///< the figure plotted, when there is one
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

/// Where the Monthly series sheet holds each monthly figure: the row of its series, under the
/// column of its month.
struct SeriesCells {
    std::string sheet;          ///< the sheet's name
    lxw_col_t area_name = 0;    ///< its column of area names, which name a chart's series
    lxw_col_t first_month = 0;  ///< the column of `months.front()`
    /// Its month columns' headers in order (`2022-03`); a partner's odd one (`2022-13`) too.
    std::vector<std::string> months;
    std::unordered_map<const Figure*, lxw_row_t> row;  ///< each monthly figure's row
};

/// Where a domain sheet holds its figures: a row each, the area's name and the value in the
/// same columns on every row.
struct DomainCells {
    lxw_col_t area_name = 0;  ///< the column of the area's name, which names a bar
    lxw_col_t value = 0;      ///< the column of the figure's value
    std::unordered_map<const Figure*, lxw_row_t> row;  ///< each figure's row
};

/// The charts of every domain sheet and where they read, as `ChartData` says: every point
/// copied to a table on a hidden sheet of their own, or the annex's own tables, with the
/// months alone on that hidden sheet (a table's headers are text, an axis wants dates). The
/// domain sheets keep nothing but their table, which tools then read clean.
class AnnexCharts {
public:
    /// Charts whose points will be copied to the sheet named `data_sheet` (created later).
    explicit AnnexCharts(std::string data_sheet) : data_sheet_(std::move(data_sheet)) {}
    /// Charts that read their months' values from `series` and their bars' from the domain
    /// sheet they are placed on, and their months from the sheet named `data_sheet`.
    AnnexCharts(std::string data_sheet, SeriesCells series)
        : data_sheet_(std::move(data_sheet)), series_(std::move(series)) {}
    /// Places `plans`' charts on `sheet`, stacked beside its table from column `chart_col`,
    /// each drawing from the rows its points will take on the data sheet, or, when this reads
    /// the tables, from `series` and `domain` (the cells of `sheet`'s figures).
    void place(AnnexBook& book, AnnexSheet& sheet, std::vector<ChartPlan> plans,
               lxw_col_t chart_col, const DomainCells& domain = {});
    /// Whether the data sheet has anything to hold: a point copied, or a month drawn.
    bool needs_data() const { return !plans_.empty() || months_drawn_; }
    /// Writes the data sheet on `sheet`, which must be named as the constructor said, and hides
    /// it: every placed chart's points as one table (chart, month, area, value), or, when this
    /// reads the tables, the Monthly series sheet's months as dates.
    void write_data(AnnexSheet& sheet, const AnnexWords& words) const;

private:
    // The months of `plan` (a chart of months) on the series sheet: the first's and the last's
    // index among `series_->months`.
    std::pair<size_t, size_t> month_span(const ChartPlan& plan) const;
    // A series per bar, reading the cells of its area's row on `sheet`.
    void draw_bars(lxw_chart* chart, const ChartPlan& plan, const AnnexSheet& sheet,
                   const DomainCells& domain) const;
    // A series per row of the Monthly series sheet the plan's figures are on; how many.
    size_t draw_months(lxw_chart* chart, const ChartPlan& plan);

    std::string data_sheet_;
    std::optional<SeriesCells> series_;
    std::vector<ChartPlan> plans_;  // the plans whose points are copied
    bool months_drawn_ = false;     // reading the tables: a chart drew months
    lxw_row_t next_row_ = 1;        // below the data table's header
};

}  // namespace sitrep
