#include "tests/adapters/adapter_support.h"

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
