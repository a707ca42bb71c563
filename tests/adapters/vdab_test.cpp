#include "tests/adapters/adapter_support.h"

using namespace sitrep::test;

TEST_CASE("a VDAB file with a BOM and thousands separators gives the five Flemish provinces") {
    const auto r = parse_file(sample("vdab_oekraine_2023-02.csv"));
    CHECK(problems(r) == "");
    CHECK(total(r, "employment.jobseekers.registered", "BE21") == 2943);
    CHECK(total(r, "employment.jobseekers.worked", "BE21") == 1124);
    CHECK(total(r, "employment.jobseekers.working", "BE25") == 271);
    CHECK(r.observations.front().from.iso() == "2023-02-01");
    CHECK(r.observations.front().to.iso() == "2023-02-28");
}

TEST_CASE("a VDAB month with ',' as separator and a Totaal row reads the same") {
    const auto r = parse_text("vdab_oekraine_2023-03.csv",
                              "\xEF\xBB\xBFmaand,provincie,ingeschreven,ooit_gewerkt,aan_het_werk\r\n"
                              "2023-03,Antwerpen,2950,1130,690\r\n"
                              "2023-03,Totaal,7600,2800,1750\r\n");
    CHECK(problems(r) == "");
    CHECK(total(r, "employment.jobseekers.registered", "BE21") == 2950);
    CHECK(total(r, "employment.jobseekers.registered", "BE2") == 7600);
}

TEST_CASE("a Walloon province in a VDAB file is refused") {
    const auto r = parse_text("vdab_oekraine_2023-03.csv",
                              "maand;provincie;ingeschreven;ooit_gewerkt;aan_het_werk\n"
                              "2023-03;Namur;1;1;1\n");
    CHECK(problems(r).find("'Namur' is not a Flemish province") != std::string::npos);
}

TEST_CASE("the #werkplekvrij file gives launched and open vacancies in Flanders") {
    const auto r = parse_file(sample("vdab_werkplekvrij_2023-02.csv"));
    CHECK(problems(r) == "");
    CHECK(total(r, "employment.vacancies.launched", "BE2") == 12800);
    CHECK(total(r, "employment.vacancies.open", "BE2") == 3500);
}

TEST_CASE("more open vacancies than launched is an error in the partner's file") {
    const auto r = parse_text("vdab_werkplekvrij_2023-02.csv", "maand;gelanceerd;open\n2023-02;10;11\n");
    CHECK(problems(r).find("line 2, column 'open': more vacancies open") != std::string::npos);
}

TEST_CASE("a VDAB count written '4 4' rejects the file, naming its line, column and text") {
    const auto r = parse_text("vdab_oekraine_2023-03.csv",
                              "maand;provincie;ingeschreven;ooit_gewerkt;aan_het_werk\n"
                              "2023-03;Antwerpen;2 950;1 130;4 4\n");
    CHECK(r.problem_count == 1);
    CHECK(problems(r).find("f:line 2, column 'aan_het_werk': '4 4' is not a number") !=
          std::string::npos);
}
