#include "tests/adapters/adapter_support.h"

using namespace sitrep::test;

TEST_CASE("the DVZ register gives the nation, regions and provinces by their Dutch names") {
    const auto r = parse_file(sample("dvz_tp_register_20230205.csv"));
    CHECK(problems(r) == "");
    CHECK(total(r, "tp.register.persons", "BE") == 53450);
    CHECK(total(r, "tp.register.persons", "BE2") == 31748);
    CHECK(total(r, "tp.register.persons", "BE3") == 10876);
    CHECK(total(r, "tp.register.persons", "BE1") == 10824);
    CHECK(total(r, "tp.register.persons", "BE33") == 3080);
    CHECK(r.reference_date->iso() == "2023-02-05");
    CHECK(r.observations.size() == 14);
}

TEST_CASE("a DVZ register row with a negative count or an unknown area names its line") {
    const auto r = parse_text("dvz_tp_register_20230205.csv",
                              "peildatum;gebied;aantal\n05/02/2023;België;53.450\n"
                              "05/02/2023;Atlantis;12\n05/02/2023;Luik;-3\n");
    CHECK(r.problem_count == 2);
    CHECK(problems(r).find("line 3, column 'gebied': unknown area 'Atlantis'") != std::string::npos);
    CHECK(problems(r).find("line 4, column 'aantal': '-3' is negative") != std::string::npos);
}

TEST_CASE("a DVZ register with the wrong header is rejected at line 1") {
    const auto r = parse_text("dvz_tp_register_20230205.csv", "datum;regio\n05/02/2023;België\n");
    REQUIRE(r.problem_count == 1);
    CHECK(r.problems[0].location == "line 1");
    CHECK(r.problems[0].message.find("header lacks column") != std::string::npos);
}

TEST_CASE("an empty DVZ register is rejected") {
    const auto r = parse_text("dvz_tp_register_20230205.csv", "\n\n");
    CHECK(problems(r).find("the file is empty") != std::string::npos);
}

TEST_CASE("an absurdly long line is reported, not read") {
    const std::string line(70000, 'x');
    const auto r = parse_text("dvz_tp_register_20230205.csv",
                              "peildatum;gebied;aantal\n" + line + "\n05/02/2023;Luik;3\n");
    CHECK(problems(r).find("line 2: line is longer than 65536 bytes") != std::string::npos);
}

TEST_CASE("two rows giving the same fact reject the file, naming both lines") {
    // "Vlaamse Gemeenschap" is the seed's name for the Flemish region: the same area twice.
    const std::string text = "peildatum;gebied;aantal\n05/02/2023;Vlaams Gewest;31.748\n"
                             "05/02/2023;Vlaamse Gemeenschap;31.750\n";
    const sitrep::Adapter* a = sitrep::adapter_for("dvz_tp_register_20230205.csv");
    std::istringstream in(text);
    const auto r = sitrep::read_submission(*a, "dvz_tp_register_20230205.csv", in);
    REQUIRE(r.problem_count == 1);
    CHECK(r.problems[0].location == "line 3");
    CHECK(r.problems[0].message.find("gives the same fact as line 2") != std::string::npos);
}

TEST_CASE("a DVZ register count with a plus sign rejects the file, naming its line and column") {
    const auto r = parse_text("dvz_tp_register_20230205.csv",
                              "peildatum;gebied;aantal\n05/02/2023;Luik;+5\n");
    CHECK(r.problem_count == 1);
    CHECK(problems(r).find("f:line 2, column 'aantal': '+5' has a sign") != std::string::npos);
}
