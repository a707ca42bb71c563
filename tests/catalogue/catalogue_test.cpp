#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "pipeline/foundation/errors.h"
#include "adapters/intake.h"
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

TEST_CASE("a partner's feed cadence is read from the catalogue, and a bad one names its line") {
    const Catalogue c = Catalogue::load(default_catalogue_folder());
    REQUIRE(c.partner("dvz"));
    REQUIRE_FALSE(c.partner("dvz")->cadences.empty());
    CHECK(c.partner("dvz")->cadences.front().feed == "dvz.decisions");
    CHECK(c.partner("dvz")->cadences.front().every_days == 1);
    CHECK(c.partner("dvz")->cadences.front().late_after_days == 10);
    std::string partner = kSciensanoPartner + "cadence.deaths = daily\n";
    const std::string error =
        config_error([&] { catalogue_with_feed(kSciensanoFeed, kSciensanoIndicator, partner); });
    CHECK(error.find("catalogue/partners.ini:") != std::string::npos);
    CHECK(error.find("[sciensano] cadence.deaths is 'every, late after' in whole days") != std::string::npos);
}

TEST_CASE("an operator maps a contributor's own HXL hashtag by a line in catalogue/hxl.ini, without code") {
    const std::string dir = default_catalogue_folder() + "/";
    const auto read = [](const std::string& path) {
        std::ifstream in(path, std::ios::binary);
        std::stringstream ss;
        ss << in.rdbuf();
        return ss.str();
    };
    std::string hxl = read(dir + "hxl.ini");
    const std::string file = "Date,Area,Indicator,People\n#date,#adm2+code,#indicator+code,#inneed+num\n"
                             "2023-02-08,BE10,reception.redcross.welcomed,31000\n";
    const auto parse = [&] {
        std::istringstream in(file);
        return take_in(choose_feed({}, "redcross_2023-02-08.hxl.csv"), "redcross_2023-02-08.hxl.csv", in);
    };
    {
        CatalogueSwap shipped(std::make_shared<const Catalogue>(Catalogue::load(default_catalogue_folder())));
        CHECK(parse().problem_count > 0);  // #inneed+num is no value column of the standard mapping
    }
    hxl.replace(hxl.find("value = affected+num, indicator+num"), 35, "value = affected+num, indicator+num, inneed+num");
    CatalogueSwap mapped(std::make_shared<const Catalogue>(Catalogue::parse(read(dir + "indicators.ini"), "indicators.ini", read(dir + "partners.ini"),
                                           "partners.ini", {}, hxl, "hxl.ini")));
    const auto r = parse();
    REQUIRE(r.problem_count == 0);
    REQUIRE(r.observations.size() == 1);
    CHECK(r.observations[0].value == 31000);
    CHECK(r.observations[0].area == "BE10");
}

TEST_CASE("a mistake in catalogue/hxl.ini names its line") {
    const std::string dir = default_catalogue_folder() + "/";
    std::ifstream a(dir + "indicators.ini"), b(dir + "partners.ini");
    std::stringstream ia, pa;
    ia << a.rdbuf();
    pa << b.rdbuf();
    const std::string error = config_error([&] {
        Catalogue::parse(ia.str(), "indicators.ini", pa.str(), "partners.ini", {},
                         "[roles]\ndate = date\nplace = adm1+code\n", "hxl.ini");
    });
    CHECK(error.find("hxl.ini:3: [roles] has no role 'place'") != std::string::npos);
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

TEST_CASE("a check naming no value column is a mistake of the definition, not a check that never runs") {
    const std::string feed = "[feed]\nname = t\npartner = vdab\nfiles = t_*.csv\n[date]\ncolumn = maand\nkind = month\n"
                             "[area]\nfixed = BE2\n[values]\nemployment.vacancies.launched = gelanceerd\n"
                             "employment.vacancies.open = open\n[checks]\nopne = at most gelanceerd: too many\n";
    const std::string error = config_error([&] { catalogue_with_feed(feed); });
    CHECK(error.find("catalogue/feeds/new.ini:14: [checks] opne is no value column of [values]") != std::string::npos);
}
