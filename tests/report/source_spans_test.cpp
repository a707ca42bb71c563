#include <doctest/doctest.h>

#include "pipeline/foundation/errors.h"
#include "pipeline/report/manifest.h"
#include "pipeline/report/source_spans.h"
#include "tests/e2e/e2e_support.h"

using namespace sitrep;

namespace {

InputStatus daily_file(int i, const char* status = "used") {
    InputStatus in;
    const Date d = *Date::parse_iso("2022-03-10") + i;
    in.file = "dvz_tp_beslissingen_" + d.iso() + ".csv";
    char sha[65];
    std::snprintf(sha, sizeof sha, "%08x%056d", i + 1, 0);
    in.sha256 = sha;
    in.partner = "dvz";
    in.feed = "dvz.decisions";
    in.status = status;
    in.reference_date = d;
    return in;
}

Figure flow_of(const std::vector<InputStatus>& inputs, const std::vector<int>& which) {
    Figure f;
    f.indicator = "tp.certificates.issued";
    f.area = "BE24";
    f.kind = Kind::kFlow;
    for (int i : which) {
        f.sources.push_back(inputs[i].sha256);
        f.locations.push_back(inputs[i].file + ":line " + std::to_string(i + 2));
    }
    return f;
}

}  // namespace

TEST_CASE("a flow from many files of one feed is given as the feed and its days, counting the "
          "files with no row for it") {
    std::vector<InputStatus> inputs;
    for (int i = 0; i < 20; ++i) inputs.push_back(daily_file(i));
    std::vector<int> which;
    for (int i = 0; i < 20; ++i)
        if (i != 7) which.push_back(i);  // no decision in this province on the 8th file
    const FigureSources s = SourceIndex(inputs).split(flow_of(inputs, which));
    CHECK(s.listed.empty());
    CHECK(s.locations.empty());
    REQUIRE(s.spans.size() == 1);
    CHECK(s.spans[0].feed == "dvz.decisions");
    CHECK(s.spans[0].from.iso() == "2022-03-10");
    CHECK(s.spans[0].to.iso() == "2022-03-29");
    CHECK(s.spans[0].files == 20);
}

TEST_CASE("a flow from a few files, or a stock, lists each file") {
    std::vector<InputStatus> inputs;
    for (int i = 0; i < 20; ++i) inputs.push_back(daily_file(i));
    const FigureSources few = SourceIndex(inputs).split(flow_of(inputs, {0, 1, 2}));
    CHECK(few.spans.empty());
    CHECK(few.listed.size() == 3);
    Figure stock = flow_of(inputs, {0, 1, 2, 3, 4, 5, 6, 7, 8, 9});
    stock.kind = Kind::kStock;
    CHECK(SourceIndex(inputs).split(stock).spans.empty());
}

TEST_CASE("the manifest gives a span as source_feeds with the files it stands for") {
    Report r;
    r.number = 1;
    for (int i = 0; i < 12; ++i) r.inputs.push_back(daily_file(i));
    r.figures = {flow_of(r.inputs, {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11})};
    const auto m = Poco::JSON::Parser().parse(manifest_json(r)).extract<Poco::JSON::Object::Ptr>();
    const auto f = m->getArray("figures")->getObject(0);
    CHECK(f->getArray("sources")->size() == 0);
    CHECK(f->getArray("locations")->size() == 0);
    const auto span = f->getArray("source_feeds")->getObject(0);
    CHECK(span->getValue<std::string>("feed") == "dvz.decisions");
    CHECK(span->getValue<std::string>("from") == "2022-03-10");
    CHECK(span->getValue<std::string>("to") == "2022-03-21");
    CHECK(span->getValue<int>("files") == 12);
}

TEST_CASE("a span of a feed many partners send counts only its own partner's files") {
    std::vector<InputStatus> inputs;
    for (int i = 0; i < 12; ++i) inputs.push_back(daily_file(i));
    for (auto& in : inputs) in.feed = "hxl";
    InputStatus other = daily_file(5);
    other.sha256[0] = 'f';
    other.partner = "redcross";
    inputs.push_back(other);
    const FigureSources s =
        SourceIndex(inputs).split(flow_of(inputs, {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}));
    REQUIRE(s.spans.size() == 1);
    CHECK(s.spans[0].partner == "dvz");
    CHECK(s.spans[0].files == 12);
}

TEST_CASE("a report's sources are split once per figure, in its figures' order, for the "
          "manifest and the annexes alike") {
    Report r;
    r.number = 7;
    for (int i = 0; i < 12; ++i) r.inputs.push_back(daily_file(i));
    r.figures = {flow_of(r.inputs, {0, 1}),
                 flow_of(r.inputs, {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11})};
    const auto split = split_sources(r);
    REQUIRE(split.size() == 2);
    CHECK(split[0].spans.empty());
    CHECK(split[0].listed.size() == 2);
    REQUIRE(split[1].spans.size() == 1);
    CHECK(split[1].spans[0].files == 12);
    // The manifest made from the shared split is the one it makes on its own, and gives each
    // figure its own split.
    CHECK(manifest_json(r, {}, split) == manifest_json(r));
    const auto m = Poco::JSON::Parser().parse(manifest_json(r, {}, split))
                       .extract<Poco::JSON::Object::Ptr>();
    const auto figures = m->getArray("figures");
    CHECK(figures->getObject(0)->getArray("sources")->size() == 2);
    CHECK(!figures->getObject(0)->has("source_feeds"));
    CHECK(figures->getObject(1)->getArray("source_feeds")->size() == 1);
}

TEST_CASE("a year's figures, split in two halves at once, keep each its own sources in the "
          "figures' order") {
    Report r;
    for (int i = 0; i < 40; ++i) r.inputs.push_back(daily_file(i));
    // Enough figures for two halves; each figure's files differ, and every third spans.
    for (int n = 0; n < 601; ++n) {
        std::vector<int> which;
        const int count = n % 3 == 0 ? 12 + n % 20 : 1 + n % 4;
        for (int k = 0; k < count; ++k) which.push_back((n + k) % 40);
        r.figures.push_back(flow_of(r.inputs, which));
        r.figures.back().area = "BE" + std::to_string(n);
    }
    const auto split = split_sources(r);
    REQUIRE(split.size() == r.figures.size());
    const SourceIndex one_by_one(r.inputs);
    for (size_t i = 0; i < r.figures.size(); ++i) {
        CAPTURE(i);
        const FigureSources alone = one_by_one.split(r.figures[i]);
        CHECK(split[i].listed == alone.listed);
        CHECK(split[i].locations == alone.locations);
        REQUIRE(split[i].spans.size() == alone.spans.size());
        for (size_t k = 0; k < alone.spans.size(); ++k) {
            CHECK(split[i].spans[k].from == alone.spans[k].from);
            CHECK(split[i].spans[k].to == alone.spans[k].to);
            CHECK(split[i].spans[k].files == alone.spans[k].files);
        }
    }
    // Both kinds are in both halves.
    CHECK(!split.front().spans.empty());
    CHECK(split[1].spans.empty());
    CHECK(!split[600].spans.empty());
    CHECK(split[599].spans.empty());
}

TEST_CASE("a manifest given sources for other figures than its own refuses to be written") {
    Report r;
    r.number = 7;
    for (int i = 0; i < 3; ++i) r.inputs.push_back(daily_file(i));
    r.figures = {flow_of(r.inputs, {0}), flow_of(r.inputs, {1, 2})};
    std::vector<FigureSources> one_short = split_sources(r);
    one_short.pop_back();
    CHECK_THROWS_WITH_AS(manifest_json(r, {}, one_short),
                         doctest::Contains("sources for 1 figures, but it has 2"), OutputError);
}
