// The reports issued now chart a monthly breakdown once per indicator; a report whose
// rendering record predates that choice is rendered again with a chart per area, as issued.
#include <doctest/doctest.h>

#include <string>

#include "pipeline/foundation/sha256.h"
#include "pipeline/store/database.h"
#include "tests/e2e/e2e_support.h"

using namespace sitrep;
using namespace sitrep::test;

namespace {

// How many chart parts a zip holds: each name is in a local header and the central directory.
size_t chart_parts(const std::string& zip) {
    size_t n = 0;
    for (size_t at = zip.find("xl/charts/chart"); at != std::string::npos;
         at = zip.find("xl/charts/chart", at + 1))
        ++n;
    return n / 2;
}

// Report 237 in `t`'s state rendered again into `out`, its rendering record stripped of
// `words`, as a sitrep that did not know them recorded it: by default the chart planning, the
// monthly series and the charts reading the tables, as before the chart planning (the monthly
// series came later, the charts reading the tables later still).
const std::vector<std::string> kLaterWords = {"annex_charts=per_indicator\n",
                                              "annex_months=series\n",
                                              "annex_chart_data=tables\n"};
void render_as_recorded_before(const TempDir& t,
                               const std::vector<std::string>& words = kLaterWords,
                               const std::string& out = "old") {
    {
        auto db = Database::open(StoreLocation{t / "state", e2e_store_url(t / "state"), ""});
        for (const auto& word : words) {
            auto forget = db->prepare("UPDATE reports SET rendering = replace(rendering, ?, '')");
            forget->bind(1, std::string_view(word));
            forget->execute();
        }
    }
    const auto old = run_sitrep("render 237 --state " + (t / "state") + " --out " + (t / out));
    REQUIRE_MESSAGE(old.exit_code == 0, old.output);
}

}  // namespace

TEST_CASE("the demo's annex charts each indicator's months once, and a report recorded before "
          "that renders a chart per area again") {
    TempDir t;
    issue_demo_237(t);
    const std::string now = slurp(t / "outbox/sitrep-0237.annex.nl.xlsx");
    {
        auto db = Database::open(StoreLocation{t / "state", e2e_store_url(t / "state"), ""});
        auto check = db->prepare("SELECT rendering FROM reports");
        REQUIRE(check->next());
        CHECK(check->text(0).find("annex_charts=per_indicator\n") != std::string::npos);
        CHECK(check->text(0).find("annex_months=series\n") != std::string::npos);
        CHECK(check->text(0).find("annex_chart_data=tables\n") != std::string::npos);
    }
    // Rendered again as recorded: the same bytes.
    const auto same = run_sitrep("render 237 --state " + (t / "state") + " --out " + (t / "same"));
    REQUIRE_MESSAGE(same.exit_code == 0, same.output);
    CHECK(slurp(t / "same/sitrep-0237.annex.nl.xlsx") == now);

    // As an older sitrep recorded it: no word on the charts, nor on the months.
    render_as_recorded_before(t);
    const size_t per_area = chart_parts(slurp(t / "old/sitrep-0237.annex.nl.xlsx"));
    const size_t per_indicator = chart_parts(now);
    CAPTURE(per_area);
    CAPTURE(per_indicator);
    // The demo has a dozen provinces' months for several indicators.
    CHECK(per_indicator >= 5);
    CHECK(per_area > 2 * per_indicator);
    // The PDFs do not depend on it.
    CHECK(slurp(t / "old/sitrep-0237.nl.pdf") == slurp(t / "outbox/sitrep-0237.nl.pdf"));
}

TEST_CASE("the demo's report recorded before the chart planning renders its Dutch annex byte for "
          "byte as sitrep issued it then") {
    // The SHA-256 of sitrep-0237.annex.nl.xlsx as sitrep at commit d84c430 issued it from the
    // demo inbox (these arguments, zlib level 1, a chart per area): an old report's annex must
    // never change when it is rendered again.
    constexpr const char* kIssuedBefore =
        "60e50cf30d2f4582134c4953789a5c359556713f70fa9bc6ce56afc5469d2da8";
    TempDir t;
    issue_demo_237(t);
    render_as_recorded_before(t);
    CHECK(sha256_hex(slurp(t / "old/sitrep-0237.annex.nl.xlsx")) == kIssuedBefore);
}

TEST_CASE("the demo's annex has its months on the Monthly series sheet, and a report recorded "
          "before that renders a row per month on its domain sheets again") {
    TempDir t;
    issue_demo_237(t);
    const std::string now = slurp(t / "outbox/sitrep-0237.annex.nl.xlsx");
    // Recorded on the morning the monthly series came: charts per indicator, no word on months.
    render_as_recorded_before(t, {"annex_months=series\n", "annex_chart_data=tables\n"}, "rows");
    const std::string rows = slurp(t / "rows/sitrep-0237.annex.nl.xlsx");
    // The sheet's name is in the workbook's list of sheets; a month's breakdown key is text of
    // the workbook only where its figure has a row of its own (the chart data names months by
    // date, not by key).
    const auto unzip = [&](const std::string& dir, const std::string& file) {
        return run("/usr/bin/python3 -c 'import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); "
                   "print(z.read(\"xl/workbook.xml\").decode()); "
                   "print(z.read(\"xl/sharedStrings.xml\").decode())' '" +
                   (t / (dir + "/" + file)) + "'");
    };
    const auto series_parts = unzip("outbox", "sitrep-0237.annex.nl.xlsx");
    const auto row_parts = unzip("rows", "sitrep-0237.annex.nl.xlsx");
    REQUIRE(series_parts.exit_code == 0);
    REQUIRE(row_parts.exit_code == 0);
    CHECK(series_parts.output.find("Maandreeksen") != std::string::npos);
    CHECK(series_parts.output.find("month=20") == std::string::npos);
    CHECK(row_parts.output.find("Maandreeksen") == std::string::npos);
    CHECK(row_parts.output.find("month=20") != std::string::npos);
    // The charts are per indicator in both: the same number of chart parts.
    CHECK(chart_parts(rows) == chart_parts(now));
    CHECK(rows != now);
}

TEST_CASE("the demo's report recorded before the charts read the tables renders its Dutch annex "
          "byte for byte as sitrep issued it then, with every point copied to the chart data") {
    // The SHA-256 of sitrep-0237.annex.nl.xlsx as sitrep at commit 321090f issued it from the
    // demo inbox (these arguments, a chart per indicator, the monthly series, every chart
    // point copied to the hidden sheet).
    constexpr const char* kIssuedBefore =
        "d0f906760d819e1b7b6b9899b49454759ffb619b437f1261fd90c3e5c192ef23";
    TempDir t;
    issue_demo_237(t);
    const std::string now = slurp(t / "outbox/sitrep-0237.annex.nl.xlsx");
    render_as_recorded_before(t, {"annex_chart_data=tables\n"}, "points");
    const std::string points = slurp(t / "points/sitrep-0237.annex.nl.xlsx");
    CHECK(sha256_hex(points) == kIssuedBefore);
    // The same charts, the copied points gone: a smaller annex.
    CHECK(chart_parts(points) == chart_parts(now));
    CHECK(now.size() < points.size());
}
