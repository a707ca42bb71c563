#include <doctest/doctest.h>

#include "pipeline/readers/csv.h"

using namespace sitrep;

TEST_CASE("the delimiter is the one the header uses most") {
    CHECK(parse_csv("a;b;c\n1;2;3\n").delimiter == ';');
    CHECK(parse_csv("a,b,c\n1,2,3\n").delimiter == ',');
    CHECK(parse_csv("\"x;y\",b,c\n1,2,3\n").delimiter == ',');
}

TEST_CASE("quoted fields keep separators, doubled quotes and line breaks, and lines count") {
    const auto doc = parse_csv("name;note\r\n\"Liège; centre\";\"he said \"\"no\"\"\"\r\n"
                               "\"two\nlines\";x\r\nlast;y\r\n");
    REQUIRE(doc.rows.size() == 4);
    CHECK(doc.rows[1].fields == std::vector<std::string>{"Liège; centre", "he said \"no\""});
    CHECK(doc.rows[2].fields[0] == "two\nlines");
    CHECK(doc.rows[2].line == 3);
    CHECK(doc.rows[3].line == 5);
    CHECK(doc.problems.empty());
}

TEST_CASE("an unclosed quote is a problem on the line it starts") {
    const auto doc = parse_csv("a;b\n\"open;2\n");
    REQUIRE(doc.problems.size() == 1);
    CHECK(doc.problems[0].location == "line 2");
    CHECK(doc.problems[0].message == "a quoted field is never closed");
}

TEST_CASE("headers match whatever their case, accents and spacing") {
    CHECK(fold_header("Ayant travaillé au moins un jour") == "ayant travaille au moins un jour");
    CHECK(fold_header("  ooit_gewerkt ") == "ooit gewerkt");
    CHECK(fold_header("Mois") == fold_header("MOIS"));
}

TEST_CASE("an excerpt is short and never cuts a character in half") {
    const std::string long_line = std::string(119, 'x') + "é and more";
    const std::string e = excerpt(long_line);
    CHECK(e.size() <= 120 + 3);
    CHECK(e.substr(e.size() - 3) == "…");
    CHECK(e.find('\xC3') == std::string::npos);
}
