#include "pipeline/report/locale_format.h"

#include <doctest/doctest.h>

using namespace sitrep;

namespace {
const std::string kNnbsp = "\u202F";
const std::string kMinus = "\u2212";
}  // namespace

TEST_CASE("Dutch numbers group thousands with a dot and use a decimal comma") {
    CHECK(format_number(53450, "nl") == "53.450");
    CHECK(format_number(1234567.891, "nl", 2) == "1.234.567,89");
    CHECK(format_number(999, "nl") == "999");
    CHECK(format_number(0, "nl") == "0");
    CHECK(format_number(-1578, "nl") == kMinus + "1.578");
}

TEST_CASE("French numbers group thousands with a narrow no-break space") {
    CHECK(format_number(53450, "fr") == "53" + kNnbsp + "450");
    CHECK(format_number(1234.5, "fr", 1) == "1" + kNnbsp + "234,5");
}

TEST_CASE("English numbers group thousands with a comma and use a decimal point") {
    CHECK(format_number(53450, "en") == "53,450");
    CHECK(format_number(1234.5, "en", 1) == "1,234.5");
}

TEST_CASE("numbers round half away from zero and never show minus zero") {
    CHECK(format_number(2.5, "nl") == "3");
    CHECK(format_number(-0.4, "nl") == "0");
    CHECK(format_number(0.844, "en", 2) == "0.84");
}

TEST_CASE("shares are shown as percentages in each language's style") {
    CHECK(format_percent(0.844, "nl") == "84,4%");
    CHECK(format_percent(0.844, "fr") == "84,4" + kNnbsp + "%");
    CHECK(format_percent(0.844, "en") == "84.4%");
    CHECK(format_percent(0.594, "nl") == "59,4%");
}

TEST_CASE("changes carry a plus or a true minus sign") {
    CHECK(format_change(1564, "nl") == "+1.564");
    CHECK(format_change(-56, "nl") == kMinus + "56");
    CHECK(format_change(-1234, "fr") == kMinus + "1" + kNnbsp + "234");
    CHECK(format_change(240, "en") == "+240");
    CHECK(format_change(0, "en") == "0");
    CHECK(format_change(0.2, "en") == "0");
    CHECK(format_share_change(0.012, "nl") == "+1,2");
}

TEST_CASE("dates are day first in every language") {
    const Date d = Date::from_ymd(2023, 2, 8);
    CHECK(format_date(d, "nl") == "08/02/2023");
    CHECK(format_date(d, "fr") == "08/02/2023");
    CHECK(format_date(d, "en") == "08/02/2023");
}

TEST_CASE("a period joins its two dates with an en dash") {
    CHECK(format_period(Date::from_ymd(2022, 3, 10), Date::from_ymd(2023, 1, 31), "nl") ==
          "10/03/2022\u201331/01/2023");
    CHECK(format_period(Date::from_ymd(2023, 1, 31), Date::from_ymd(2023, 1, 31), "nl") ==
          "31/01/2023");
}

TEST_CASE("an ISO date-time is shown as the wall time it names") {
    CHECK(format_datetime("2023-02-08T07:00:00+01:00", "nl") == "08/02/2023 07:00");
    CHECK(format_datetime("2023-07-01T07:30+02:00", "en") == "01/07/2023 07:30");
    CHECK(format_datetime("2023-02-08T07:00", "nl") == "08/02/2023 07:00");
    CHECK(format_datetime("tomorrow", "fr") == "tomorrow");
    CHECK(format_datetime("", "fr").empty());
}

TEST_CASE("an instant written in UTC is shown in Brussels time, summer time included") {
    CHECK(format_datetime("2023-02-08T06:00:00Z", "nl") == "08/02/2023 07:00");
    CHECK(format_datetime("2023-07-01T05:30:00Z", "nl") == "01/07/2023 07:30");
    CHECK(format_datetime("2023-02-08T23:30:00+00:00", "nl") == "09/02/2023 00:30");
    CHECK(format_datetime("2023-07-01T07:30:00.123+02:00", "nl") == "01/07/2023 07:30");
    // Summer time starts on 26 March 2023 at 01:00 UTC and ends on 29 October at 01:00 UTC.
    CHECK(format_datetime("2023-03-26T00:59:00Z", "nl") == "26/03/2023 01:59");
    CHECK(format_datetime("2023-03-26T01:00:00Z", "nl") == "26/03/2023 03:00");
    CHECK(format_datetime("2023-10-29T00:59:00Z", "nl") == "29/10/2023 02:59");
    CHECK(format_datetime("2023-10-29T01:00:00Z", "nl") == "29/10/2023 02:00");
}

TEST_CASE("a month is shown as mm/yyyy") {
    CHECK(format_month_numeric("2022-03", "nl") == "03/2022");
    CHECK(format_month_numeric("March", "nl") == "March");
}

TEST_CASE("an unknown style falls back to the English separators") {
    CHECK(format_number(53450, "xx") == "53,450");
}
