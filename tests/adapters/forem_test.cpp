#include "tests/adapters/adapter_support.h"

using namespace sitrep::test;

TEST_CASE("a Forem file in Windows-1252 keeps the è of Liège") {
    const auto r = parse_file(sample("forem_ukraine_202301.csv"));
    CHECK(problems(r) == "");
    CHECK(total(r, "employment.jobseekers.registered", "BE33") == 565);
    CHECK(total(r, "employment.jobseekers.registered", "BE3") == 2220);
    CHECK(total(r, "employment.jobseekers.women", "BE3") == 1569);
    CHECK(total(r, "employment.jobseekers.worked", "BE3") == 348);
    CHECK(total(r, "employment.jobseekers.new", "BE3") == 33);
    CHECK(r.reference_date->iso() == "2023-01-01");
}

TEST_CASE("a Forem file re-saved as UTF-8 is read the same") {
    const auto r = parse_text("forem_ukraine_202301.csv",
                              "Mois;Province;Demandeurs d'emploi inscrits;dont femmes;"
                              "Ayant travaillé au moins un jour;Nouvelles inscriptions\r\n"
                              "01/2023;Liège;565;428;105;8\r\n");
    CHECK(problems(r) == "");
    CHECK(total(r, "employment.jobseekers.registered", "BE33") == 565);
}

TEST_CASE("a decimal comma where Forem counts people is reported with its line and column") {
    const auto r = parse_text("forem_ukraine_202301.csv",
                              "Mois;Province;Demandeurs d'emploi inscrits;dont femmes;"
                              "Ayant travaill\xE9 au moins un jour;Nouvelles inscriptions\r\n"
                              "01/2023;Namur;26,7;191;42;5\r\n");
    CHECK(problems(r).find("line 2, column 'Demandeurs d'emploi inscrits': '26,7' is not a whole "
                           "number") != std::string::npos);
}
