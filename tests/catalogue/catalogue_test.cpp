#include <doctest/doctest.h>

#include <filesystem>

#include "pipeline/foundation/errors.h"
#include "tests/catalogue/catalogue_support.h"

using namespace sitrep;
using namespace sitrep::test;

namespace {

// The message of the ConfigError `make` throws, or "" when it throws none.
template <class Make>
std::string config_error(Make&& make) {
    try {
        make();
    } catch (const ConfigError& e) {
        return e.what();
    }
    return "";
}

}  // namespace

TEST_CASE("the shipped catalogue knows each indicator's kind, unit and name in every report language") {
    const Catalogue c = Catalogue::load(default_catalogue_folder());
    REQUIRE(c.indicator("tp.register.persons"));
    CHECK(c.indicator("tp.register.persons")->kind == Kind::kStock);
    CHECK(c.indicator("tp.certificates.issued")->kind == Kind::kFlow);
    CHECK(c.indicator("employment.jobseekers.registered")->cumulative);
    for (const auto& i : c.indicators())
        for (const char* lang : {"nl", "fr", "en"}) CHECK_MESSAGE(i.labels.count(lang), i.code << " " << lang);
    CHECK(Catalogue::check(default_catalogue_folder()).empty());
}

TEST_CASE("a partner may report only what the catalogue gives it, and a refusal names the rule") {
    const Catalogue c = Catalogue::load(default_catalogue_folder());
    CHECK(c.may_report("dvz", "tp.register.persons").allowed);
    const auto no = c.may_report("forem", "tp.register.persons");
    CHECK_FALSE(no.allowed);
    CHECK(no.rule.find("partners.ini:") != std::string::npos);
    CHECK(no.rule.find("forem may report employment.jobseekers.registered") != std::string::npos);
    CHECK_FALSE(c.may_report("nobody", "tp.register.persons").allowed);
}

TEST_CASE("an indicator added as data gets a feed, a partner with a prefix rule and its names") {
    const Catalogue c = catalogue_with_feed(kSciensanoFeed, kSciensanoIndicator, kSciensanoPartner);
    REQUIRE(c.indicator("health.covid.deaths"));
    CHECK(c.indicator("health.covid.deaths")->labels.at("fr") == "Décès dus au COVID-19");
    CHECK(c.may_report("sciensano", "health.covid.deaths").allowed);
    CHECK_FALSE(c.may_report("sciensano", "tp.register.persons").allowed);
    REQUIRE(c.feeds().size() == 1);
    CHECK(c.feeds()[0].accepts("sciensano_COVID19BE_MORT.csv"));
    CHECK(c.feeds()[0].accepts("SCIENSANO_covid19be_mort_v2.csv"));
    CHECK_FALSE(c.feeds()[0].accepts("sciensano_COVID19BE_HOSP.csv"));
}

TEST_CASE("a feed naming an indicator the catalogue lacks names the feed file and line") {
    std::string partner = kSciensanoPartner;
    partner.replace(partner.find("health.*"), 8, "tp.register.persons");
    const std::string error = config_error([&] { catalogue_with_feed(kSciensanoFeed, "", partner); });
    CHECK(error.find("catalogue/feeds/new.ini:") != std::string::npos);
    CHECK(error.find("unknown indicator 'health.covid.deaths'") != std::string::npos);
}

TEST_CASE("a feed whose partner may not report its indicator is refused with the rule") {
    std::string feed = kSciensanoFeed;
    feed.replace(feed.find("partner = sciensano"), 19, "partner = vdab");
    const std::string error = config_error([&] { catalogue_with_feed(feed, kSciensanoIndicator, kSciensanoPartner); });
    CHECK(error.find("catalogue/feeds/new.ini:") != std::string::npos);
    CHECK(error.find("partner 'vdab' may not report 'health.covid.deaths'") != std::string::npos);
}

TEST_CASE("a breakdown the indicator does not carry, or an unknown key, names its line") {
    std::string feed = kSciensanoFeed;
    feed.replace(feed.find("[breakdown.sex]"), 15, "[breakdown.sexe]");
    std::string error = config_error([&] { catalogue_with_feed(feed, kSciensanoIndicator, kSciensanoPartner); });
    CHECK(error.find("catalogue/feeds/new.ini:") != std::string::npos);
    CHECK(error.find("has no breakdown 'sexe'") != std::string::npos);

    feed = kSciensanoFeed;
    feed.replace(feed.find("aggregate = yes"), 15, "agregate = yes");
    error = config_error([&] { catalogue_with_feed(feed, kSciensanoIndicator, kSciensanoPartner); });
    CHECK(error.find("catalogue/feeds/new.ini:6: [feed] has no key 'agregate'") != std::string::npos);
}

TEST_CASE("feeds check lists a mistake in each feed file, not only the first") {
    const std::filesystem::path dir = std::filesystem::temp_directory_path() / "sitrep-catalogue-check";
    std::filesystem::remove_all(dir);
    std::filesystem::copy(default_catalogue_folder(), dir, std::filesystem::copy_options::recursive);
    std::ofstream(dir / "feeds/a_bad.ini") << "[feed]\nname = a\npartner = nobody\nfiles = a_*.csv\n"
                                              "[date]\ncolumn = d\nkind = day\n[area]\nfixed = BE\n"
                                              "[values]\ntp.register.persons = n\n";
    std::ofstream(dir / "feeds/b_bad.ini") << "[feed]\nname = b\npartner = dvz\nfiles = b_*.csv\n"
                                              "[date]\ncolumn = d\nkind = week\n";
    const auto mistakes = Catalogue::check(dir.string());
    REQUIRE(mistakes.size() == 2);
    CHECK(mistakes[0].find("a_bad.ini:3: partner 'nobody'") != std::string::npos);
    CHECK(mistakes[1].find("b_bad.ini:7: [date] kind is day or month, not 'week'") != std::string::npos);
    std::filesystem::remove_all(dir);
}

TEST_CASE("a sheet on a csv feed, or a format sitrep does not read as data, names its file and line") {
    std::string feed = kSciensanoFeed;
    feed.replace(feed.find("aggregate = yes"), 15, "aggregate = yes\nsheet = Deaths");
    std::string error = config_error([&] { catalogue_with_feed(feed, kSciensanoIndicator, kSciensanoPartner); });
    CHECK(error.find("catalogue/feeds/new.ini:7: sheet names a workbook's sheet: it needs format = xlsx") !=
          std::string::npos);

    feed = kSciensanoFeed;
    feed.replace(feed.find("aggregate = yes"), 15, "aggregate = yes\nformat = ods");
    error = config_error([&] { catalogue_with_feed(feed, kSciensanoIndicator, kSciensanoPartner); });
    CHECK(error.find("catalogue/feeds/new.ini:7: format 'ods' is not one sitrep reads as data (csv, xlsx)") !=
          std::string::npos);

    feed = kSciensanoFeed;
    feed.replace(feed.find("aggregate = yes"), 15, "aggregate = yes\nformat = xlsx\nencoding = windows-1252");
    error = config_error([&] { catalogue_with_feed(feed, kSciensanoIndicator, kSciensanoPartner); });
    CHECK(error.find("catalogue/feeds/new.ini:8: encoding is for csv feeds") != std::string::npos);
}

TEST_CASE("a workbook feed keeps its format and the sheet it names") {
    std::string feed = kSciensanoFeed;
    feed.replace(feed.find("aggregate = yes"), 15, "aggregate = yes\nformat = xlsx\nsheet = Deaths");
    const Catalogue c = catalogue_with_feed(feed, kSciensanoIndicator, kSciensanoPartner);
    CHECK(c.feeds()[0].format == "xlsx");
    CHECK(c.feeds()[0].sheet == "Deaths");
}
