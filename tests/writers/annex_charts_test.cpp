// Which charts a domain sheet gets from a monthly breakdown: one per indicator in the reports
// issued now, one per indicator and area in those issued before (rendered again as they were).
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "pipeline/writers/annex_charts.h"
#include "pipeline/writers/annex_words.h"

using namespace sitrep;

namespace {

Figure monthly(const std::string& area, const char* month, double value) {
    Figure f;
    f.indicator = "tp.certificates.issued";
    f.area = area;
    f.breakdown = {{"month", month}};
    f.value = value;
    f.kind = Kind::kFlow;
    f.from = Date::parse_iso(std::string(month) + "-01");
    f.to = f.from->last_of_month();
    f.as_of = *f.to;
    return f;
}

std::vector<const Figure*> pointers(const std::vector<Figure>& figures) {
    std::vector<const Figure*> out;
    for (const auto& f : figures) out.push_back(&f);
    return out;
}

// Three regions over three months; Brussels sent nothing for April.
std::vector<Figure> regions_by_month() {
    return {monthly("BE1", "2022-03", 10), monthly("BE1", "2022-05", 30),
            monthly("BE2", "2022-03", 100), monthly("BE2", "2022-04", 200),
            monthly("BE2", "2022-05", 300), monthly("BE3", "2022-03", 1000),
            monthly("BE3", "2022-04", 2000), monthly("BE3", "2022-05", 3000)};
}

}  // namespace

TEST_CASE("the months of three regions are one chart with a series per region, a month a "
          "region did not send left as a gap") {
    const auto figures = regions_by_month();
    const AnnexWords words(nullptr, "en");
    const auto plans = plan_charts(pointers(figures), words, ChartPlanning::per_indicator);
    REQUIRE(plans.size() == 1);
    const ChartPlan& plan = plans[0];
    CHECK(plan.shape == ChartPlan::Shape::kMonths);
    CHECK(plan.series_by_area);
    CHECK(plan.title == "tp.certificates.issued by region, by month");
    // Grouped by region, each over the same three months in order.
    REQUIRE(plan.points.size() == 9);
    const std::vector<std::string> areas = {"BE1", "BE1", "BE1", "BE2", "BE2",
                                            "BE2", "BE3", "BE3", "BE3"};
    for (size_t i = 0; i < plan.points.size(); ++i) {
        CAPTURE(i);
        CHECK(plan.points[i].area == areas[i]);
        CHECK(plan.points[i].month == Date::parse_iso(std::vector<std::string>{
                                          "2022-03-01", "2022-04-01", "2022-05-01"}[i % 3]));
    }
    CHECK_FALSE(plan.points[1].has_value);  // Brussels, April
    CHECK(plan.points[2].value == 30);
    CHECK(plan.points[4].has_value);
    CHECK(plan.points[4].value == 200);
}

TEST_CASE("an indicator with Belgium's months is charted for Belgium alone, not its regions") {
    auto figures = regions_by_month();
    figures.push_back(monthly("BE", "2022-03", 1110));
    figures.push_back(monthly("BE", "2022-04", 2200));
    const AnnexWords words(nullptr, "en");
    const auto plans = plan_charts(pointers(figures), words, ChartPlanning::per_indicator);
    REQUIRE(plans.size() == 1);
    CHECK_FALSE(plans[0].series_by_area);
    CHECK(plans[0].title == "tp.certificates.issued, Belgium, by month");
    REQUIRE(plans[0].points.size() == 2);
    CHECK(plans[0].points[1].value == 2200);
}

TEST_CASE("a level whose areas have one month each is not charted; the next level is") {
    std::vector<Figure> figures = {monthly("BE", "2022-03", 5), monthly("BE2", "2022-03", 1),
                                   monthly("BE2", "2022-04", 2)};
    const AnnexWords words(nullptr, "en");
    const auto plans = plan_charts(pointers(figures), words, ChartPlanning::per_indicator);
    REQUIRE(plans.size() == 1);
    CHECK(plans[0].title == "tp.certificates.issued, Flemish Region, by month");
}

TEST_CASE("planned per area, as reports issued before the choice were, each region with two "
          "months gets a chart of its own") {
    const auto figures = regions_by_month();
    const AnnexWords words(nullptr, "en");
    const auto plans = plan_charts(pointers(figures), words, ChartPlanning::per_area);
    REQUIRE(plans.size() == 3);
    for (const auto& plan : plans) CHECK_FALSE(plan.series_by_area);
    CHECK(plans[0].title == "tp.certificates.issued, Brussels-Capital Region, by month");
    CHECK(plans[0].points.size() == 2);
    CHECK(plans[1].points.size() == 3);
}

TEST_CASE("a rendering record names its chart planning, and one without a word predates it") {
    CHECK(chart_planning_of(std::nullopt) == ChartPlanning::per_area);
    CHECK(chart_planning_of(record_word(ChartPlanning::per_indicator)) ==
          ChartPlanning::per_indicator);
    CHECK(chart_planning_of(record_word(ChartPlanning::per_area)) == ChartPlanning::per_area);
    CHECK_THROWS_WITH(chart_planning_of(std::string("per_galaxy")),
                      doctest::Contains("unknown chart planning 'per_galaxy'"));
    CHECK(AnnexStyle{}.charts == ChartPlanning::per_indicator);
}

TEST_CASE("an area the reference does not know is charted after the provinces, not dropped") {
    const std::vector<Figure> figures = {monthly("ZZ9", "2022-03", 1), monthly("ZZ9", "2022-04", 2)};
    const AnnexWords words(nullptr, "en");
    const auto plans = plan_charts(pointers(figures), words, ChartPlanning::per_indicator);
    REQUIRE(plans.size() == 1);
    CHECK(plans[0].points.size() == 2);
}
