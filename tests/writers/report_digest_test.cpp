#include "pipeline/writers/report_digest.h"

#include <doctest/doctest.h>

using namespace sitrep;

namespace {

SituationNote dated(const std::string& date, bool is_new = false) {
    SituationNote n;
    n.date = date;
    n.title = date;
    n.is_new = is_new;
    return n;
}

std::vector<std::string> titles(const std::vector<const SituationNote*>& notes) {
    std::vector<std::string> out;
    for (const auto* n : notes) out.push_back(n->title);
    return out;
}

}  // namespace

TEST_CASE("a note dated exactly current_days before as_of is still shown, a day older is not") {
    Report r;
    r.previous_number = 9;
    r.as_of = *Date::parse_iso("2023-02-15");
    r.notes = {dated("2023-01-31"), dated("2023-02-01"), dated("2023-02-15"), dated("undated"),
               dated("undated-but-new", true)};
    CHECK(titles(current_notes(r, 14)) ==
          std::vector<std::string>{"2023-02-01", "2023-02-15", "undated-but-new"});
    CHECK(titles(current_notes(r, 0)) == std::vector<std::string>{"2023-02-15", "undated-but-new"});
}

TEST_CASE("a first report shows every note and lists every file in full") {
    Report r;
    r.as_of = *Date::parse_iso("2023-02-15");
    r.notes = {dated("2022-01-01")};
    r.inputs.resize(2);
    CHECK(current_notes(r, 14).size() == 1);
    CHECK(earlier_files_by_partner(r).empty());
}

TEST_CASE("earlier files are counted per partner in name order with their newest reference date") {
    Report r;
    r.previous_number = 3;
    const auto in = [](std::string partner, std::string status, const char* ref, bool is_new) {
        InputStatus i;
        i.partner = std::move(partner);
        i.status = std::move(status);
        if (ref) i.reference_date = Date::parse_iso(ref);
        i.is_new = is_new;
        return i;
    };
    r.inputs = {
        in("VDAB", "used", "2023-01-31", false),      in("DVZ", "used", "2023-02-01", false),
        in("DVZ", "superseded", "2023-02-03", false), in("DVZ", "rejected", nullptr, false),
        in("DVZ", "duplicate", "2023-02-02", false),  in("DVZ", "used", "2023-02-09", true)};
    const auto partners = earlier_files_by_partner(r);
    REQUIRE(partners.size() == 2);
    CHECK(partners[0].partner == "DVZ");
    CHECK(partners[0].used == 1);
    CHECK(partners[0].superseded == 1);
    CHECK(partners[0].duplicate == 1);
    CHECK(partners[0].rejected == 1);
    CHECK(partners[0].newest_reference == Date::parse_iso("2023-02-03"));  // the new one is listed
    CHECK(partners[1].partner == "VDAB");
}

TEST_CASE("findings count as new unless they are changed or persisting, grouped by kind") {
    Report r;
    for (const auto& [kind, news] : std::vector<std::pair<std::string, std::string>>{
             {"a", "new"}, {"b", "changed"}, {"a", "persisting"}, {"c", "persisting"}}) {
        Finding f;
        f.kind = kind;
        f.news = news;
        r.findings.push_back(f);
    }
    const FindingCounts c = count_findings(r);
    CHECK(c.fresh == 1);
    CHECK(c.changed == 1);
    CHECK(c.persisting == 2);
    std::vector<const Finding*> all;
    for (const auto& f : r.findings) all.push_back(&f);
    const auto groups = group_by_kind(all);
    REQUIRE(groups.size() == 3);
    CHECK(groups[0].kind == "a");
    CHECK(groups[0].findings.size() == 2);
    CHECK(groups[2].kind == "c");
}

TEST_CASE("the shipped labels have every word of the news-first sections in every language") {
    const Templates t = Templates::load(std::string(SITREP_SOURCE_DIR) + "/templates");
    for (const auto& lang : t.languages()) {
        CAPTURE(lang);
        CHECK(has_news_words(t, lang));
    }
}
