#include <doctest/doctest.h>

#include "pipeline/text/dates.h"

using sitrep::Date;
using sitrep::parse_day;
using sitrep::parse_month;

TEST_CASE("days are read in every style partners use") {
    const Date want = Date::from_ymd(2023, 2, 5);
    CHECK(*parse_day("05/02/2023") == want);
    CHECK(*parse_day("05.02.2023") == want);
    CHECK(*parse_day("2023-02-05") == want);
    CHECK(*parse_day("5/2/2023") == want);
    CHECK(parse_day("2023-02-05")->iso() == "2023-02-05");
}

TEST_CASE("a day that does not exist is refused") {
    CHECK_FALSE(parse_day("31/02/2023"));
    CHECK_FALSE(parse_day("29/02/2023"));
    CHECK(parse_day("29/02/2024"));
    CHECK_FALSE(parse_day("2023/02/05x"));
    CHECK_FALSE(parse_day(""));
}

TEST_CASE("months are read as numbers or as Dutch, French and English names") {
    const Date jan = Date::from_ymd(2023, 1, 1);
    CHECK(parse_month("2023-01")->first == jan);
    CHECK(parse_month("01/2023")->first == jan);
    CHECK(parse_month("januari 2023")->first == jan);
    CHECK(parse_month("janvier 2023")->first == jan);
    CHECK(parse_month("février 2023")->first == Date::from_ymd(2023, 2, 1));
    CHECK(parse_month("Décembre 2022")->last == Date::from_ymd(2022, 12, 31));
    CHECK(parse_month("2024-02")->last == Date::from_ymd(2024, 2, 29));
    CHECK_FALSE(parse_month("13/2023"));
    CHECK_FALSE(parse_month("smarch 2023"));
}
