#pragma once

#include <optional>
#include <string>

#include "pipeline/writers/annex_deflate.h"

namespace sitrep {

/// How a domain sheet's monthly breakdowns become charts. Reports keep the planning they were
/// issued with in their rendering record, so that `render N` draws their charts again.
enum class ChartPlanning {
    per_area,       ///< a chart per indicator and area, as every annex before this choice had
    per_indicator,  ///< a chart per indicator, a series per area of its widest level
};

/// The rendering record's word for `planning`.
std::string record_word(ChartPlanning planning);

/// The planning a rendering record names; a record without one (nullopt) was written before
/// the choice existed, with a chart per area.
ChartPlanning chart_planning_of(const std::optional<std::string>& word);

/// Where an annex's charts read their values. The points of a year's charts, copied to a sheet
/// of their own, were an eighth of a year-end annex's cells and grew every month; the tables
/// hold the same values already.
enum class ChartData {
    points,  ///< every point copied to the hidden chart-data sheet, as every annex before had
    tables,  ///< the Monthly series sheet's rows and the domain sheets' rows; the hidden sheet
             ///< keeps only the months, as dates for the axes
};

/// The rendering record's word for `data`.
std::string record_word(ChartData data);

/// Where a rendering record says the charts read; a record without a word (nullopt) was
/// written before the choice existed, with every point copied.
ChartData chart_data_of(const std::optional<std::string>& word);

/// Where a domain's monthly figures go. A year's report has twelve of them per series: as a
/// row each, with a figure's sixteen columns, they were two thirds of the annex's cells and of
/// the time it took to write, growing every month.
enum class MonthRows {
    per_month,  ///< a row per month on the domain sheet, as every annex before this choice had
    series,     ///< one row per series on the Monthly series sheet, a column per month
};

/// The rendering record's word for `months`.
std::string record_word(MonthRows months);

/// The month rows a rendering record names; a record without one (nullopt) was written
/// before the choice existed, with a row per month.
MonthRows month_rows_of(const std::optional<std::string>& word);

/// How an annex is written, beyond its report: what a report's rendering record keeps so that
/// `render N` writes its annexes byte for byte as they were issued. The defaults are those
/// of the reports issued now.
struct AnnexStyle {
    AnnexDeflate deflate = AnnexDeflate::fast;
    ChartPlanning charts = ChartPlanning::per_indicator;
    MonthRows months = MonthRows::series;
    ChartData chart_data = ChartData::tables;
};

}  // namespace sitrep
