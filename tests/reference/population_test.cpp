// Inhabitants per province for rates per 1,000: municipalities summed by their NIS code.
#include "pipeline/reference/population.h"

#include <doctest/doctest.h>

using namespace sitrep;

TEST_CASE("Statbel's 2020 population sums to 11,492,641, Brussels' municipalities to BE10") {
    CHECK(population_2020("BE") == 11492641);
    REQUIRE(population_2020("BE10"));
    CHECK(population_2020("BE10") == population_2020("BE1"));
    CHECK(*population_2020("BE10") == 1218255);
    long long provinces = 0;
    for (const char* p :
         {"BE10", "BE21", "BE22", "BE23", "BE24", "BE25", "BE31", "BE32", "BE33", "BE34", "BE35"}) {
        REQUIRE_MESSAGE(population_2020(p), p);
        provinces += *population_2020(p);
    }
    CHECK(provinces == 11492641);
    CHECK(*population_2020("BE2") == *population_2020("BE21") + *population_2020("BE22") +
                                         *population_2020("BE23") + *population_2020("BE24") +
                                         *population_2020("BE25"));
    CHECK_FALSE(population_2020("BE9"));
}

TEST_CASE("a municipality line that cannot be read names the file and the line") {
    const auto parsed = parse_population(
        "nis,name_nl,name_fr,inhabitants\n"
        "11002,Antwerpen,Anvers,529247\n"
        "99999,Nergens,Nulle part,12\n"
        "21004,Brussel,Bruxelles,many\n"
        "62063,Luik,Liège,197327\r\n",
        "pop.csv");
    CHECK(parsed.errors ==
          std::vector<std::string>{
              "pop.csv:line 3: '99999' is not the NIS code of a Belgian municipality",
              "pop.csv:line 4: 'many' is not a number of inhabitants"});
    CHECK(parsed.by_area.at("BE21") == 529247);
    CHECK(parsed.by_area.at("BE33") == 197327);
    CHECK(parsed.by_area.at("BE") == 529247 + 197327);
}
