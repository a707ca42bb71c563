#include <doctest/doctest.h>

#include "pipeline/text/numbers.h"

using sitrep::parse_count;
using sitrep::parse_number;

TEST_CASE("Belgian thousands separators are read as thousands") {
    CHECK(*parse_count("53.450").value == 53450);
    CHECK(*parse_count("1.234.567").value == 1234567);
    CHECK(*parse_count("65000").value == 65000);
    CHECK(*parse_count("53 450").value == 53450);
    CHECK(*parse_count("53\xC2\xA0" "450").value == 53450);
}

TEST_CASE("a decimal comma and a percent sign give a share") {
    CHECK(*parse_number("59,40%").value == doctest::Approx(0.594));
    CHECK(*parse_number("1.234,5").value == doctest::Approx(1234.5));
    CHECK(*parse_number("0.844").value == doctest::Approx(0.844));
}

TEST_CASE("a count must be a whole non-negative number, and says why not") {
    SUBCASE("negative") {
        auto n = parse_count("-5");
        CHECK_FALSE(n.value);
        CHECK(n.error == "'-5' is negative; counts are never negative");
    }
    SUBCASE("decimal comma") {
        auto n = parse_count("2,943");
        CHECK_FALSE(n.value);
        CHECK(n.error.find("not a whole number") != std::string::npos);
    }
    SUBCASE("text") {
        auto n = parse_count("n/a");
        CHECK_FALSE(n.value);
        CHECK(n.error == "'n/a' is not a number");
    }
    SUBCASE("empty") { CHECK_FALSE(parse_count("").value); }
    SUBCASE("a percentage") { CHECK_FALSE(parse_count("12%").value); }
}

TEST_CASE("a leading zero means a decimal point, not a thousands separator") {
    CHECK(*parse_number("0.844").value == doctest::Approx(0.844));
    CHECK(*parse_number("0.050").value == doctest::Approx(0.05));
    CHECK(*parse_count("1.050").value == 1050);
}
