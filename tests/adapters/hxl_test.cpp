#include "tests/adapters/adapter_support.h"

#include <sstream>
#include <vector>

#include "adapters/hxl_csv.h"
#include "pipeline/foundation/errors.h"

using namespace sitrep::test;

TEST_CASE("an HXL education file gives each level and the contributor's own total") {
    const auto r = parse_file(sample("education_2023-02-07.hxl.csv"));
    CHECK(problems(r) == "");
    CHECK(total(r, "education.pupils.enrolled", "BE2") == 7760);
    CHECK(total(r, "education.pupils.enrolled", "BE2", "level=primary") == 3325);
    CHECK(total(r, "education.pupils.enrolled", "BE1", "level=home") == 18);
    CHECK(sitrep::adapter_for("education_2023-02-07.hxl.csv")->partner("education_2023-02-07.hxl.csv") ==
          "education");
}

TEST_CASE("the Red Cross HXL file gives the people welcomed in Brussels") {
    const auto r = parse_file(sample("redcross_2022-09-30.hxl.csv"));
    CHECK(problems(r) == "");
    CHECK(total(r, "reception.redcross.welcomed", "BE10") == 28000);
}

TEST_CASE("a CSV without the HXL hashtag row is rejected with a clear error") {
    const auto r = parse_text("redcross_2022-10-31.hxl.csv",
                              "Date,Area,Indicator,Persons\n2022-10-31,BE10,reception.redcross.welcomed,29000\n");
    CHECK(problems(r).find("no HXL hashtag row") != std::string::npos);
}

TEST_CASE("an unknown indicator code in an HXL file names the line and the column") {
    const auto r = parse_text("regions_2023-02-07.hxl.csv",
                              "Date,Area,Indicator,Value\n#date,#adm1+code,#indicator+code,#affected+num\n"
                              "2023-02-07,BE3,housing.places,945\n");
    CHECK(problems(r).find("line 3, column #indicator+code: unknown indicator 'housing.places'") !=
          std::string::npos);
}

TEST_CASE("an empty HXL value is kept as not reported, which is not zero") {
    const auto r = parse_text("education_2023-02-07.hxl.csv",
                              "Date,Area,Indicator,Level,Pupils\n"
                              "#date,#adm1+code,#indicator+code,#meta+level,#affected+num\n"
                              "2023-02-07,BE1,education.pupils.enrolled,kindergarten,\n"
                              "2023-02-07,BE1,education.pupils.enrolled,primary,0\n");
    CHECK(problems(r) == "");
    REQUIRE(r.observations.size() == 2);
    CHECK_FALSE(r.observations[0].reported);
    CHECK(r.observations[1].reported);
    CHECK(r.observations[1].value == 0);
}

TEST_CASE("an HXL count grouped wrongly or signed names its line and column") {
    const auto r = parse_text("regions_2023-02-07.hxl.csv",
                              "Date,Area,Indicator,Value\n#date,#adm1+code,#indicator+code,#affected+num\n"
                              "2023-02-07,BE3,education.pupils.enrolled,4 4\n"
                              "2023-02-07,BE2,education.pupils.enrolled,+5\n");
    CHECK(problems(r).find("line 3, column #affected+num: '4 4' is not a number") !=
          std::string::npos);
    CHECK(problems(r).find("line 4, column #affected+num: '+5' has a sign") != std::string::npos);
}

namespace {

// The sample education file with its header and hashtag rows replaced by `head`.
std::string education_with_head(const std::string& head) {
    const std::string text = read_bytes(sample("education_2023-02-07.hxl.csv"));
    const size_t second_line = text.find('\n', text.find('\n') + 1) + 1;
    return head + text.substr(second_line);
}

// Every fact as `indicator area breakdown from..to value`, for comparing two readings.
std::vector<std::string> facts(const sitrep::ParseResult& r) {
    std::vector<std::string> out;
    for (const auto& o : r.observations)
        out.push_back(o.indicator + " " + o.area + " " + sitrep::breakdown_key(o.breakdown) + " " +
                      o.from.iso() + ".." + o.to.iso() + " " + std::to_string(o.value));
    return out;
}

}  // namespace

TEST_CASE("an HXL file with a title row above its header and attributes in another order reads the same figures") {
    const auto plain = parse_file(sample("education_2023-02-07.hxl.csv"));
    const auto r = parse_text(
        "education_2023-02-07.hxl.csv",
        education_with_head("Leerlingen uit Oekraïne per gewest,,,,,\n"
                            ",,,,,\n"
                            "Date,Area,Indicator,Level,Pupils,Organisation\n"
                            " #DATE , #adm1 +Code ,#Indicator+code,#meta + LEVEL,"
                            "#affected+children+num,#org+name\n"));
    CHECK(problems(r) == "");
    CHECK(facts(r) == facts(plain));
    CHECK(total(r, "education.pupils.enrolled", "BE2") == 7760);
    CHECK(total(r, "education.pupils.enrolled", "BE2", "level=primary") == 3325);
}

TEST_CASE("an HXL file whose title row has no delimiter is read with the delimiter of its hashtag row") {
    for (const char* sep : {",", ";"}) {
        std::string body = "Title of the export\nDate,Area,Indicator,Persons\n"
                           "#date,#adm2+code,#indicator+code,#affected+num\n"
                           "2022-09-30,BE10,reception.redcross.welcomed,28000\n";
        for (char& c : body)
            if (c == ',') c = *sep;
        const auto r = parse_text("redcross_2022-09-30_hxl.csv", body);
        CHECK_MESSAGE(problems(r) == "", sep);
        CHECK_MESSAGE(total(r, "reception.redcross.welcomed", "BE10") == 28000, sep);
    }
}

TEST_CASE("an HXL file whose first row is the hashtag row, with no header, reads the same figures") {
    const auto plain = parse_file(sample("education_2023-02-07.hxl.csv"));
    const auto r = parse_text("education_2023-02-07.hxl.csv",
                              education_with_head("#date,#adm1+code,#indicator+code,#meta+level,"
                                                  "#affected+num,#org\n"));
    CHECK(problems(r) == "");
    CHECK(facts(r) == facts(plain));
}

TEST_CASE("an HXL file may be named _hxl.csv, and its partner is the name before the first _") {
    const std::string name = "education_2023-02-07_hxl.csv";
    const sitrep::Adapter* a = sitrep::adapter_for(name);
    REQUIRE(a != nullptr);
    CHECK(a->feed() == "hxl");
    CHECK(a->partner(name) == "education");
    CHECK(sitrep::adapter_for("Education_2023-02-07_v2_HXL.csv") == a);
    CHECK(sitrep::adapter_for("education_2023-02-07hxl.csv") == nullptr);
    const auto r = parse_text(name, read_bytes(sample("education_2023-02-07.hxl.csv")));
    CHECK(problems(r) == "");
    CHECK(total(r, "education.pupils.enrolled", "BE2") == 7760);
}

TEST_CASE("two HXL columns matching #affected+num are an error naming both columns") {
    const auto r = parse_text("redcross_2023-02-07.hxl.csv",
                              "Date,Area,Indicator,Persons,IDPs\n"
                              "#date,#adm2+code,#indicator+code,#affected+num,#affected+num+idps\n"
                              "2023-02-07,BE10,reception.redcross.welcomed,100,999\n");
    CHECK(problems(r).find("f:line 2: columns D ('Persons', #affected+num) and E ('IDPs', "
                           "#affected+num+idps) both give the value, as #affected+num: which one "
                           "counts?") != std::string::npos);
    CHECK(r.observations.empty());
}

TEST_CASE("an HXL file with both a region and a province column is an error naming both, not a guess") {
    const auto r = parse_text("regions_2023-02-07.hxl.csv",
                              "Date,Region,Province,Indicator,Value\n"
                              "#date,#adm1+code,#adm2+code,#indicator+code,#affected+num\n"
                              "2023-02-07,BE3,BE33,education.pupils.enrolled,945\n");
    CHECK(problems(r).find("columns B ('Region', #adm1+code) and C ('Province', #adm2+code) both "
                           "give the area, as #adm1+code and #adm2+code: which one counts?") !=
          std::string::npos);
    CHECK(r.observations.empty());
}

TEST_CASE("one HXL column matching two mappings is an error naming the column") {
    const auto r = parse_text("education_2023-02-07.hxl.csv",
                              "Date,Area,Indicator,Group,Pupils\n"
                              "#date,#adm1+code,#indicator+code,#meta+level+sex,#affected+num\n"
                              "2023-02-07,BE1,education.pupils.enrolled,primary,1480\n");
    CHECK(problems(r).find("line 2: column D ('Group', #meta+level+sex) matches #meta+level (the "
                           "level) and #meta+sex (the sex): which one is it?") != std::string::npos);
    CHECK(r.observations.empty());
}

TEST_CASE("a malformed hashtag in the HXL hashtag row names its line and column") {
    const auto r = parse_text("education_2023-02-07.hxl.csv",
                              "Date,Area,Indicator,Pupils\n"
                              "#date,#adm1+code,#indicator code,#affected+num\n"
                              "2023-02-07,BE1,education.pupils.enrolled,1480\n");
    CHECK(problems(r).find("line 2, column C: '#indicator code' is not an HXL hashtag") !=
          std::string::npos);
}

TEST_CASE("an HXL breakdown value outside its list names the line and the column") {
    const auto r = parse_text("education_2023-02-07.hxl.csv",
                              "Date,Area,Indicator,Level,Pupils\n"
                              "#date,#adm1+code,#indicator+code,#meta+level,#affected+num\n"
                              "2023-02-07,BE1,education.pupils.enrolled,university,12\n");
    CHECK(problems(r).find("line 3, column #meta+level: unknown level 'university' "
                           "(kindergarten, primary, secondary, special, higher, home)") !=
          std::string::npos);
    CHECK(r.observations.empty());
}

TEST_CASE("the HXL mapping is one table: another mapping reads other hashtags without other code") {
    auto mapping = sitrep::default_hxl_mapping();
    for (auto& m : mapping)
        if (m.pattern == "#affected+num") m.pattern = "#reached+num";
    const auto adapter = sitrep::make_hxl_adapter(mapping);
    std::istringstream in("Date,Area,Indicator,Welcomed\n"
                          "#date,#adm2+code,#indicator+code,#reached+num\n"
                          "2022-09-30,BE10,reception.redcross.welcomed,28000\n");
    const auto r = adapter->parse("redcross_2022-09-30.hxl.csv", in);
    CHECK(problems(r) == "");
    CHECK(total(r, "reception.redcross.welcomed", "BE10") == 28000);
    CHECK_THROWS_AS(sitrep::make_hxl_adapter({{"affected num", sitrep::HxlRole::kValue, "", {}}}),
                    sitrep::ConfigError);
}
