#include "pipeline/writers/annex_charts.h"

#include <algorithm>
#include <map>
#include <set>
#include <utility>

#include "pipeline/foundation/errors.h"
#include "pipeline/reference/areas.h"
#include "pipeline/model/wall_time.h"

// The charts sit beside the domain sheets' tables and read the annex's own cells (the Monthly
// series sheet's rows, the domain sheets' rows), or, for reports issued before, a copy of their
// points in one table on a hidden sheet. Nothing goes below a table, where CSV export, pandas
// or Power Query would read it as data. Months are real dates, and an area chart has one series
// per area named by the cell with the area's name, so that its legend names the areas.

namespace sitrep {
namespace {

// Rows between the tops of two charts stacked beside the table (a chart is ~15 rows high).
constexpr lxw_row_t kChartRows = 17;
// Data labels stay readable up to about this many columns or bars.
constexpr size_t kMaxLabelled = 13;

std::optional<Date> month_of(const Figure& f) {
    if (f.breakdown.size() != 1 || f.breakdown[0].first != "month") return std::nullopt;
    const auto d = Date::parse_iso(f.breakdown[0].second + "-01");
    if (!d || f.breakdown[0].second.size() != 7) return std::nullopt;
    return d;
}

int level_of(const std::string& nuts) {
    const Area* a = find_area(nuts);
    return a ? a->level : -1;
}

const char* value_format_code(Unit unit) { return unit == Unit::kShare ? "0%" : "#,##0"; }

lxw_format* value_format(const AnnexSheet& sheet, Unit unit) {
    return unit == Unit::kShare ? sheet.formats().share : sheet.formats().count;
}

}  // namespace

std::string record_word(ChartPlanning planning) {
    return planning == ChartPlanning::per_indicator ? "per_indicator" : "per_area";
}

ChartPlanning chart_planning_of(const std::optional<std::string>& word) {
    if (!word || *word == "per_area") return ChartPlanning::per_area;
    if (*word == "per_indicator") return ChartPlanning::per_indicator;
    throw OutputError("the rendering record names an unknown chart planning '" + *word +
                      "' (made by a newer sitrep?)");
}

std::string record_word(ChartData data) { return data == ChartData::tables ? "tables" : "points"; }

ChartData chart_data_of(const std::optional<std::string>& word) {
    if (!word || *word == "points") return ChartData::points;
    if (*word == "tables") return ChartData::tables;
    throw OutputError("the rendering record names an unknown chart data place '" + *word +
                      "' (made by a newer sitrep?)");
}

namespace {

using MonthPoints = std::map<Date, const Figure*>;
using MonthSeries = std::map<std::pair<std::string, std::string>, MonthPoints>;

// Per indicator and area with two months or more, one chart: as the reports issued before
// 2026-12-02 were drawn, and are drawn again by `render N`.
void plan_month_charts_per_area(const MonthSeries& months, const AnnexWords& words,
                                std::map<std::string, std::vector<ChartPlan>>& by_indicator) {
    for (const auto& [key, points] : months) {
        if (points.size() < 2) continue;
        ChartPlan plan;
        plan.shape = ChartPlan::Shape::kMonths;
        plan.title = words.format("annex.chart.by_month", {{"indicator", words.indicator(key.first)},
                                                            {"area", words.area(key.second)}});
        plan.unit = points.begin()->second->unit;
        for (const auto& [month, f] : points)
            plan.points.push_back({month, f->area, f->value, true, f});
        by_indicator[key.first].push_back(std::move(plan));
    }
}

// Per indicator, one chart of the areas of its widest level that has an area with two months
// or more: a year of a breakdown by province is then one chart, not a dozen. Levels are never
// mixed, which would count the same people twice.
void plan_month_charts_per_indicator(const MonthSeries& months, const AnnexWords& words,
                                     std::map<std::string, std::vector<ChartPlan>>& by_indicator) {
    // indicator -> level -> each area's months (an entry of `months`)
    std::map<std::string, std::map<int, std::vector<const MonthSeries::value_type*>>> levels;
    // An area the reference does not know comes after the provinces, charted on its own level.
    constexpr int kUnknownLevel = 3;
    for (const auto& entry : months) {
        const int level = level_of(entry.first.second);
        levels[entry.first.first][level < 0 ? kUnknownLevel : level].push_back(&entry);
    }
    for (const auto& [indicator, by_level] : levels) {
        for (const auto& [level, series] : by_level) {
            const bool charted = std::any_of(series.begin(), series.end(),
                                             [](const auto* e) { return e->second.size() >= 2; });
            if (!charted) continue;
            std::set<Date> all_months;
            for (const auto* e : series)
                for (const auto& [month, f] : e->second) all_months.insert(month);
            ChartPlan plan;
            plan.shape = ChartPlan::Shape::kMonths;
            plan.series_by_area = series.size() > 1;
            plan.title = series.size() > 1
                             ? words.format(level == 1   ? "annex.chart.by_region_and_month"
                                            : level == 2 ? "annex.chart.by_province_and_month"
                                                         : "annex.chart.by_area_and_month",
                                            {{"indicator", words.indicator(indicator)}})
                             : words.format("annex.chart.by_month",
                                            {{"indicator", words.indicator(indicator)},
                                             {"area", words.area(series[0]->first.second)}});
            plan.unit = series[0]->second.begin()->second->unit;
            for (const auto* e : series)
                for (const Date month : all_months) {
                    const auto it = e->second.find(month);
                    const bool sent = it != e->second.end();
                    plan.points.push_back({month, e->first.second,
                                           sent ? it->second->value : 0, sent,
                                           sent ? it->second : nullptr});
                }
            by_indicator[indicator].push_back(std::move(plan));
            break;
        }
    }
}

}  // namespace

std::vector<ChartPlan> plan_charts(const std::vector<const Figure*>& figures,
                                   const AnnexWords& words, ChartPlanning planning) {
    // Later as-of dates replace earlier ones, so a revised month or area is plotted once.
    MonthSeries months;
    std::map<std::string, std::map<int, std::map<std::string, const Figure*>>> areas;
    for (const Figure* f : figures) {
        if (const auto m = month_of(*f)) {
            auto& slot = months[{f->indicator, f->area}][*m];
            if (!slot || slot->as_of <= f->as_of) slot = f;
        } else if (f->breakdown.empty()) {
            const int level = level_of(f->area);
            if (level != 1 && level != 2) continue;
            auto& slot = areas[f->indicator][level][f->area];
            if (!slot || slot->as_of <= f->as_of) slot = f;
        }
    }

    std::map<std::string, std::vector<ChartPlan>> by_indicator;
    if (planning == ChartPlanning::per_indicator)
        plan_month_charts_per_indicator(months, words, by_indicator);
    else
        plan_month_charts_per_area(months, words, by_indicator);
    for (const auto& [indicator, levels] : areas) {
        // Regions are preferred: mixing levels would count the same people twice.
        for (const int level : {1, 2}) {
            const auto it = levels.find(level);
            if (it == levels.end() || it->second.size() < 2) continue;
            ChartPlan plan;
            plan.shape = ChartPlan::Shape::kAreas;
            plan.title = words.format(level == 1 ? "annex.chart.by_region" : "annex.chart.by_province",
                                      {{"indicator", words.indicator(indicator)}});
            plan.unit = it->second.begin()->second->unit;
            for (const auto& [area, f] : it->second)
                plan.points.push_back({{}, area, f->value, true, f});
            by_indicator[indicator].push_back(std::move(plan));
            break;
        }
    }
    std::vector<ChartPlan> plans;
    for (auto& [indicator, list] : by_indicator)
        for (auto& plan : list) plans.push_back(std::move(plan));
    return plans;
}

// The data table's columns.
constexpr lxw_col_t kMonth = 1, kArea = 2, kValue = 3;

namespace {

// A chart's axes and legend, once its series are added; a chart of months has a legend when
// its series are named (`named`), one per area or per row.
void finish_axes(lxw_chart* chart, const ChartPlan& plan, const AnnexSheet& sheet, bool named) {
    if (plan.shape == ChartPlan::Shape::kMonths) {
        chart_axis_set_num_format(chart->x_axis, sheet.formats().month_code.c_str());
        chart_axis_set_num_format(chart->y_axis, value_format_code(plan.unit));
        chart_legend_set_position(chart, named ? LXW_CHART_LEGEND_BOTTOM : LXW_CHART_LEGEND_NONE);
    } else {
        // A bar chart's y axis is its category axis: with one series per area its only
        // category would be labelled `1`.
        chart_axis_off(chart->y_axis);
        chart_axis_set_num_format(chart->x_axis, value_format_code(plan.unit));
        chart_legend_set_position(chart, LXW_CHART_LEGEND_BOTTOM);
    }
}

// A new series of `chart`, or an error naming the chart.
lxw_chart_series* add_series(lxw_chart* chart, const ChartPlan& plan) {
    lxw_chart_series* series = chart_add_series(chart, nullptr, nullptr);
    if (!series) throw OutputError("annex: cannot add a series to " + plan.title);
    return series;
}

}  // namespace

std::pair<size_t, size_t> AnnexCharts::month_span(const ChartPlan& plan) const {
    const auto& months = series_->months;
    const auto index = [&](const std::string& m) {
        const auto it = std::lower_bound(months.begin(), months.end(), m);
        if (it == months.end() || *it != m)
            throw OutputError("annex: the chart '" + plan.title + "' draws " + m +
                              ", a month the Monthly series sheet has no column for");
        return static_cast<size_t>(it - months.begin());
    };
    size_t first = months.size(), last = 0;
    for (const auto& p : plan.points) {
        const size_t i = index(p.month->iso_month());
        first = std::min(first, i);
        last = std::max(last, i);
    }
    return {first, last};
}

void AnnexCharts::draw_bars(lxw_chart* chart, const ChartPlan& plan, const AnnexSheet& sheet,
                            const DomainCells& domain) const {
    const char* name = sheet.name().c_str();
    for (const auto& p : plan.points) {
        const auto it = p.figure ? domain.row.find(p.figure) : domain.row.end();
        if (it == domain.row.end())
            throw OutputError("annex: the chart '" + plan.title + "' draws " + p.area +
                              ", which has no row on sheet " + sheet.name());
        const lxw_row_t r = it->second;
        lxw_chart_series* series = add_series(chart, plan);
        chart_series_set_name_range(series, name, r, domain.area_name);
        chart_series_set_values(series, name, r, domain.value, r, domain.value);
        if (plan.points.size() <= kMaxLabelled) chart_series_set_labels(series);
    }
}

size_t AnnexCharts::draw_months(lxw_chart* chart, const ChartPlan& plan) {
    // Each series is a row's cells from the chart's first month to its last (a month between
    // them the row lacks is an empty cell, a gap), against those months as dates on the data
    // sheet. An area is one row, unless its months came in two units or breakdowns: then a row
    // each, so that the chart shows what the table does.
    months_drawn_ = true;
    const auto [first, last] = month_span(plan);
    const auto first_col = static_cast<lxw_col_t>(series_->first_month + first);
    const auto last_col = static_cast<lxw_col_t>(series_->first_month + last);
    const char* table = series_->sheet.c_str();
    std::vector<lxw_row_t> rows;  // in the order the plan first draws them
    for (const auto& p : plan.points) {
        if (!p.figure) continue;
        const auto it = series_->row.find(p.figure);
        if (it == series_->row.end())
            throw OutputError("annex: the chart '" + plan.title + "' draws " + p.area +
                              ", which has no row on the Monthly series sheet");
        if (std::find(rows.begin(), rows.end(), it->second) == rows.end())
            rows.push_back(it->second);
    }
    for (const lxw_row_t r : rows) {
        lxw_chart_series* series = add_series(chart, plan);
        if (plan.series_by_area || rows.size() > 1)
            chart_series_set_name_range(series, table, r, series_->area_name);
        chart_series_set_categories(series, data_sheet_.c_str(), static_cast<lxw_row_t>(1 + first),
                                    0, static_cast<lxw_row_t>(1 + last), 0);
        chart_series_set_values(series, table, r, first_col, r, last_col);
        if (!plan.series_by_area && rows.size() == 1 && last - first + 1 <= kMaxLabelled)
            chart_series_set_labels(series);
    }
    return rows.size();
}

void AnnexCharts::place(AnnexBook& book, AnnexSheet& sheet, std::vector<ChartPlan> plans,
                        lxw_col_t chart_col, const DomainCells& domain) {
    const char* name = data_sheet_.c_str();
    for (size_t i = 0; i < plans.size(); ++i) {
        ChartPlan& plan = plans[i];
        const bool months = plan.shape == ChartPlan::Shape::kMonths;
        lxw_chart* chart = book.add_chart(months ? LXW_CHART_COLUMN : LXW_CHART_BAR,
                                          "'" + plan.title + "' on sheet " + sheet.name());
        const std::string title = clean_text(plan.title, 255);
        chart_title_set_name(chart, title.c_str());
        const auto at_row = 1 + static_cast<lxw_row_t>(i) * kChartRows;
        if (series_) {
            bool named = true;  // a bar per area
            if (months) {
                const size_t drawn = draw_months(chart, plan);
                named = plan.series_by_area || drawn > 1;
            } else {
                draw_bars(chart, plan, sheet, domain);
            }
            finish_axes(chart, plan, sheet, named);
            sheet.insert_chart(at_row, chart_col, chart, months ? 1.5 : 1.2, 1.0);
            continue;
        }
        const lxw_row_t first = next_row_;
        const lxw_row_t last = first + static_cast<lxw_row_t>(plan.points.size()) - 1;
        next_row_ = last + 1;
        if (months && plan.series_by_area) {
            // A series per area over the same months, each named by its area's cell.
            for (lxw_row_t from = first; from <= last;) {
                lxw_row_t to = from;
                const std::string& area = plan.points[from - first].area;
                while (to < last && plan.points[to + 1 - first].area == area) ++to;
                lxw_chart_series* series = add_series(chart, plan);
                chart_series_set_name_range(series, name, from, kArea);
                chart_series_set_categories(series, name, from, kMonth, to, kMonth);
                chart_series_set_values(series, name, from, kValue, to, kValue);
                from = to + 1;
            }
        } else if (months) {
            lxw_chart_series* series = add_series(chart, plan);
            chart_series_set_categories(series, name, first, kMonth, last, kMonth);
            chart_series_set_values(series, name, first, kValue, last, kValue);
            if (plan.points.size() <= kMaxLabelled) chart_series_set_labels(series);
        } else {
            for (lxw_row_t r = first; r <= last; ++r) {
                lxw_chart_series* series = add_series(chart, plan);
                chart_series_set_name_range(series, name, r, kArea);
                chart_series_set_values(series, name, r, kValue, r, kValue);
                if (plan.points.size() <= kMaxLabelled) chart_series_set_labels(series);
            }
        }
        finish_axes(chart, plan, sheet, plan.series_by_area);
        sheet.insert_chart(at_row, chart_col, chart, months ? 1.5 : 1.2, 1.0);
        plans_.push_back(std::move(plan));
    }
}

void AnnexCharts::write_data(AnnexSheet& sheet, const AnnexWords& words) const {
    if (sheet.name() != data_sheet_)
        throw OutputError("annex: the charts draw from sheet '" + data_sheet_ +
                          "', not from '" + sheet.name() + "'");
    const AnnexFormats& fmt = sheet.formats();
    if (series_) {
        // The Monthly series sheet's months, a row each, as it has them in columns: dates, for
        // the axes; a partner's month that is no date (`2022-13`) as its text.
        sheet.header({{words.column("month"), 10, 12}});
        lxw_row_t row = 1;
        for (const auto& month : series_->months) {
            if (const auto d = Date::parse_iso(month + "-01"))
                sheet.number(row, 0, excel_serial(*d), fmt.month);
            else
                sheet.text(row, 0, month);
            ++row;
        }
        sheet.finish_table(row - 1);
        sheet.hide();
        return;
    }
    sheet.header({{words.column("chart"), 20, 60},
                  {words.column("month"), 10, 12},
                  {words.column("area"), 12, 32},
                  {words.column("value"), 10, 16}});
    lxw_row_t row = 1;
    for (const auto& plan : plans_) {
        const bool months = plan.shape == ChartPlan::Shape::kMonths;
        for (const auto& p : plan.points) {
            sheet.text(row, 0, plan.title);
            if (months) sheet.number(row, kMonth, excel_serial(*p.month), fmt.month);
            if (!months || plan.series_by_area) sheet.text(row, kArea, words.area(p.area));
            // A month an area has no figure for stays empty: a gap in its series, not a zero.
            if (p.has_value) sheet.number(row, kValue, p.value, value_format(sheet, plan.unit));
            ++row;
        }
    }
    sheet.finish_table(row - 1);
    sheet.hide();
}

}  // namespace sitrep
