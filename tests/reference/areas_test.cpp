#include <doctest/doctest.h>

#include "pipeline/reference/areas.h"

using sitrep::resolve_area;

TEST_CASE("an area is found by its Dutch, French, English or German name") {
    CHECK(*resolve_area("Luik") == "BE33");
    CHECK(*resolve_area("Liège") == "BE33");
    CHECK(*resolve_area("LIEGE") == "BE33");
    CHECK(*resolve_area("Lüttich") == "BE33");
    CHECK(*resolve_area("Henegouwen") == "BE32");
    CHECK(*resolve_area("Hainaut") == "BE32");
    CHECK(*resolve_area("Provincie Antwerpen") == "BE21");
    CHECK(*resolve_area("Province de Namur") == "BE35");
    CHECK(*resolve_area("België") == "BE");
}

TEST_CASE("every name of Flanders gives the region, including the seed's Vlaamse Gemeenschap") {
    for (const char* name : {"Vlaams Gewest", "Vlaanderen", "Région flamande", "Flandre",
                             "Vlaamse Gemeenschap"})
        CHECK(*resolve_area(name) == "BE2");
    CHECK(*resolve_area("Brussels Hoofdstedelijk Gewest") == "BE1");
    CHECK(*resolve_area("Région wallonne") == "BE3");
}

TEST_CASE("NUTS and REFNIS codes resolve, municipalities map to their province") {
    CHECK(*resolve_area("BE10") == "BE10");
    CHECK(*resolve_area("04000") == "BE1");
    CHECK(*resolve_area("60000") == "BE33");
    CHECK(*sitrep::province_of_nis("62063") == "BE33");
    CHECK(*sitrep::province_of_nis("21004") == "BE10");
    CHECK(*sitrep::province_of_nis("46003") == "BE23");
    CHECK_FALSE(sitrep::province_of_nis("99001"));
    CHECK_FALSE(sitrep::province_of_nis("1234"));
    CHECK(sitrep::as_province("BE1") == "BE10");
    CHECK(sitrep::region_of("BE33") == "BE3");
}

TEST_CASE("an unknown name is not guessed") {
    CHECK_FALSE(resolve_area("Atlantis"));
    CHECK_FALSE(resolve_area(""));
}

TEST_CASE("area names come out in the report's language") {
    CHECK(sitrep::area_name("BE33", "nl") == "Luik");
    CHECK(sitrep::area_name("BE33", "fr") == "Liège");
    CHECK(sitrep::area_name("BE32", "nl") == "Henegouwen");
}
