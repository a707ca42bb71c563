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

TEST_CASE("digits grouped by spaces are thousands only when every later group has three digits") {
    SUBCASE("ASCII, no-break, narrow no-break and thin spaces group thousands") {
        CHECK(*parse_count("1 234").value == 1234);
        CHECK(*parse_count("12 345 678").value == 12345678);
        CHECK(*parse_count("1\xC2\xA0" "234").value == 1234);
        CHECK(*parse_count("1\xE2\x80\xAF" "234").value == 1234);
        CHECK(*parse_count("1\xE2\x80\x89" "234").value == 1234);
        CHECK(*parse_number("1 234,5").value == doctest::Approx(1234.5));
        CHECK(*parse_number("59,40\xC2\xA0%").value == doctest::Approx(0.594));
    }
    SUBCASE("`4 4` is two numbers, not 44") {
        auto n = parse_count("4 4");
        CHECK_FALSE(n.value);
        CHECK(n.error == "'4 4' is not a number (digits grouped by spaces come in threes, "
                         "e.g. 1 234)");
    }
    SUBCASE("other groupings that are not thousands") {
        CHECK_FALSE(parse_count("12 34").value);
        CHECK_FALSE(parse_count("1 23 456").value);
        CHECK_FALSE(parse_count("1234 567").value);
        CHECK_FALSE(parse_count("1 2345").value);
        CHECK_FALSE(parse_count("1  234").value);
        CHECK_FALSE(parse_count("1.234 567").value);
        CHECK_FALSE(parse_number("0 844").value);
    }
}

TEST_CASE("a figure with a plus sign is not a plain number") {
    auto n = parse_count("+5");
    CHECK_FALSE(n.value);
    CHECK(n.error == "'+5' has a sign; a figure is written without one");
    CHECK_FALSE(parse_number("+0,5").value);
}
