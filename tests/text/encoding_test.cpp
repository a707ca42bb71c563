#include <doctest/doctest.h>

#include "pipeline/text/encoding.h"

using namespace sitrep;

TEST_CASE("Windows-1252 bytes become UTF-8, including the euro sign and è") {
    CHECK(windows1252_to_utf8("Li\xE8ge") == "Liège");
    CHECK(windows1252_to_utf8("\x80 5") == "€ 5");
    CHECK(windows1252_to_utf8("plain") == "plain");
}

TEST_CASE("a UTF-8 byte-order mark is stripped, other text is left alone") {
    CHECK(strip_bom("\xEF\xBB\xBFmaand") == "maand");
    CHECK(strip_bom("maand") == "maand");
}

TEST_CASE("ill-formed UTF-8 is found with its line") {
    CHECK(is_valid_utf8("Liège, Київ"));
    CHECK(first_invalid_utf8_line("a\nb\nLi\xE8ge\n") == 3);
    CHECK(first_invalid_utf8_line("\xC0\xAF") == 1);        // overlong '/'
    CHECK(first_invalid_utf8_line("\xED\xA0\x80") == 1);    // a surrogate
    CHECK(first_invalid_utf8_line("ok\n\xE2\x82") == 2);    // truncated at the end
    CHECK(first_invalid_utf8_line("ok") == 0);
}

TEST_CASE("decoding moves past one whole character, or one byte when it is broken") {
    const std::string s = "é\xFFК";
    size_t i = 0;
    CHECK(decode_utf8_at(s, i) == U'é');
    CHECK(i == 2);
    CHECK_FALSE(decode_utf8_at(s, i));
    CHECK(i == 3);
    CHECK(decode_utf8_at(s, i) == U'К');
    CHECK(i == s.size());
}
