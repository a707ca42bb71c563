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
};

}  // namespace sitrep
