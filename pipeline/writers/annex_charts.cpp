#include "pipeline/writers/annex_charts.h"

#include <algorithm>
#include <map>
#include <utility>

#include "pipeline/foundation/errors.h"
#include "pipeline/reference/areas.h"
#include "pipeline/model/wall_time.h"

// In constant-memory mode libxlsxwriter writes charts without a data cache, and it cannot see
// whether referenced cells hold text, so it refers to categories as numbers. Excel and
// LibreOffice compute charts from the cells when they open the file, so the charts are drawn
// with that design: months are real dates (numbers), and an area chart has one series per area
// whose name refers to the cell with the area's name (a text reference, which is right).

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

std::vector<ChartPlan> plan_charts(const std::vector<const Figure*>& figures) {
    // Later as-of dates replace earlier ones, so a revised month or area is plotted once.
    std::map<std::pair<std::string, std::string>, std::map<Date, const Figure*>> months;
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
    for (const auto& [key, points] : months) {
        if (points.size() < 2) continue;
        ChartPlan plan;
        plan.shape = ChartPlan::Shape::kMonths;
        plan.title = key.first + ", " + area_name(key.second, "en") + ", by month";
        plan.unit = points.begin()->second->unit;
        for (const auto& [month, f] : points) plan.points.push_back({month, f->area, f->value});
        by_indicator[key.first].push_back(std::move(plan));
    }
    for (const auto& [indicator, levels] : areas) {
        // Regions are preferred: mixing levels would count the same people twice.
        for (const int level : {1, 2}) {
            const auto it = levels.find(level);
            if (it == levels.end() || it->second.size() < 2) continue;
            ChartPlan plan;
            plan.shape = ChartPlan::Shape::kAreas;
            plan.title = indicator + (level == 1 ? " by region" : " by province");
            plan.unit = it->second.begin()->second->unit;
            for (const auto& [area, f] : it->second) plan.points.push_back({{}, area, f->value});
            by_indicator[indicator].push_back(std::move(plan));
            break;
        }
    }
    std::vector<ChartPlan> plans;
    for (auto& [indicator, list] : by_indicator)
        for (auto& plan : list) plans.push_back(std::move(plan));
    return plans;
}

void draw_charts(AnnexBook& book, AnnexSheet& sheet, const std::vector<ChartPlan>& plans,
                 lxw_row_t first_row, lxw_col_t chart_col) {
    if (plans.empty()) return;
    const AnnexFormats& fmt = sheet.formats();
    const char* name = sheet.name().c_str();
    lxw_row_t row = first_row;
    sheet.text(row++, 0, "Chart data", fmt.title);
    for (size_t i = 0; i < plans.size(); ++i) {
        const ChartPlan& plan = plans[i];
        const bool months = plan.shape == ChartPlan::Shape::kMonths;
        ++row;
        sheet.text(row++, 0, plan.title, fmt.label);
        sheet.sub_header(row++, {months ? "Month" : "Area", "Value"});
        const lxw_row_t first = row;
        for (const auto& p : plan.points) {
            if (months) sheet.number(row, 0, excel_serial(*p.month), fmt.month);
            else sheet.text(row, 0, area_name(p.area, "en"));
            sheet.number(row, 1, p.value, value_format(sheet, plan.unit));
            ++row;
        }
        const lxw_row_t last = row - 1;

        lxw_chart* chart = book.add_chart(months ? LXW_CHART_COLUMN : LXW_CHART_BAR,
                                          "'" + plan.title + "' on sheet " + sheet.name());
        chart_title_set_name(chart, plan.title.c_str());
        if (months) {
            lxw_chart_series* series = chart_add_series(chart, nullptr, nullptr);
            if (!series) throw OutputError("annex: cannot add a series to " + plan.title);
            chart_series_set_categories(series, name, first, 0, last, 0);
            chart_series_set_values(series, name, first, 1, last, 1);
            if (plan.points.size() <= kMaxLabelled) chart_series_set_labels(series);
            chart_axis_set_num_format(chart->x_axis, "mmm yyyy");
            chart_axis_set_num_format(chart->y_axis, value_format_code(plan.unit));
            chart_legend_set_position(chart, LXW_CHART_LEGEND_NONE);
        } else {
            for (lxw_row_t r = first; r <= last; ++r) {
                lxw_chart_series* series = chart_add_series(chart, nullptr, nullptr);
                if (!series) throw OutputError("annex: cannot add a series to " + plan.title);
                chart_series_set_name_range(series, name, r, 0);
                chart_series_set_values(series, name, r, 1, r, 1);
                if (plan.points.size() <= kMaxLabelled) chart_series_set_labels(series);
            }
            // A bar chart's y axis is its category axis: with one series per area its only
            // category would be labelled `1`.
            chart_axis_off(chart->y_axis);
            chart_axis_set_num_format(chart->x_axis, value_format_code(plan.unit));
            chart_legend_set_position(chart, LXW_CHART_LEGEND_BOTTOM);
        }
        sheet.insert_chart(1 + static_cast<lxw_row_t>(i) * kChartRows, chart_col, chart,
                           months ? 1.5 : 1.2, 1.0);
    }
}

}  // namespace sitrep
