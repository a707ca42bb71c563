#include <doctest/doctest.h>

#include <sstream>

#include "adapters/intake.h"
#include "tests/catalogue/catalogue_support.h"

using namespace sitrep;
using namespace sitrep::test;

namespace {

ParseResult take(const Channel& channel, const std::string& name, const std::string& text) {
    std::istringstream in(text);
    return take_in(choose_feed(channel, name), name, in);
}

std::string all_problems(const ParseResult& r) {
    std::string out;
    for (const auto& p : r.problems) out += p.location + ": " + p.message + "\n";
    return out;
}

const std::string kRegisterHxl = "Date,Area,Indicator,Persons\n#date,#adm1+code,#indicator+code,#affected+num\n"
                                 "2023-02-08,BE,tp.register.persons,999999\n";

}  // namespace

TEST_CASE("a Forem token cannot make register figures: the HXL feed is not Forem's to send") {
    const FeedChoice choice = choose_feed({"forem", "the upload token"}, "forem_2023-02-08.hxl.csv");
    CHECK(choice.forbidden);
    CHECK(choice.problem.find("partner 'forem' may not send hxl files") != std::string::npos);
    CHECK(choice.problem.find("partners.ini:") != std::string::npos);
}

TEST_CASE("a row of an indicator its partner may not report rejects the file, naming the row and the rule") {
    const auto r = take({"redcross", "inbox folder redcross/"}, "redcross_2023-02-08.hxl.csv", kRegisterHxl);
    REQUIRE(r.problem_count == 1);
    CHECK(r.problems[0].location == "line 3");
    CHECK(r.problems[0].message.find("partner 'redcross' may not report tp.register.persons") != std::string::npos);
    CHECK(r.problems[0].message.find("redcross may report reception.redcross.welcomed") != std::string::npos);
}

TEST_CASE("the flat inbox takes an HXL file's partner from its name only when the catalogue knows it") {
    const FeedChoice known = choose_feed({}, "redcross_2023-02-08.hxl.csv");
    CHECK(known.problem == "");
    CHECK(known.partner == "redcross");
    const FeedChoice unknown = choose_feed({}, "hospitals_2023-02-08.hxl.csv");
    CHECK(unknown.problem.find("'hospitals' (the file name's first word) is no partner of") != std::string::npos);
}

TEST_CASE("a partner's folder speaks for that partner whatever the file's name says") {
    const FeedChoice own = choose_feed({"redcross", "inbox folder redcross/"}, "figures_2023-02-08.hxl.csv");
    CHECK(own.problem == "");
    CHECK(own.partner == "redcross");
    const FeedChoice other = choose_feed({"redcross", "inbox folder redcross/"}, "education_2023-02-08.hxl.csv");
    CHECK(other.forbidden);
    CHECK(other.problem.find("named as partner 'education''s") != std::string::npos);
    const FeedChoice feed = choose_feed({"vdab", "inbox folder vdab/"}, "dvz_tp_register_20230205.csv");
    CHECK(feed.forbidden);
    CHECK(feed.problem.find("a file of partner 'dvz''s feed dvz.register") != std::string::npos);
}

TEST_CASE("a file no feed accepts hears the closest file-name patterns") {
    const FeedChoice choice = choose_feed({}, "vdab_oekraïne_2023-03.csv");
    CHECK(choice.adapter == nullptr);
    CHECK(choice.problem.find("closest: vdab_oekraine_*.csv") != std::string::npos);
}

TEST_CASE("a new partner's feed is read once the catalogue has it, with no rebuild") {
    CatalogueSwap in_use(std::make_shared<const Catalogue>(catalogue_with_feed(kSciensanoFeed, kSciensanoIndicator, kSciensanoPartner)));
    const auto r = take({}, "sciensano_COVID19BE_MORT.csv",
                        "DATE,REGION,AGEGROUP,SEX,DEATHS\n2020-03-10,Brussels,85+,F,1\n");
    CHECK(all_problems(r) == "");
    CHECK(choose_feed({}, "sciensano_COVID19BE_MORT.csv").partner == "sciensano");
    CHECK(r.observations.size() == 6);  // BE1 and BE: the total, by age, by sex
}
