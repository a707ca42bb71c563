#include <doctest/doctest.h>

#include "pipeline/foundation/strings.h"

using namespace sitrep;

TEST_CASE("the text helpers trim, split lists, compare and lower-case ASCII only") {
    CHECK(trim("  a b \t") == "a b");
    CHECK(trim("\ta\t", " ") == "\ta\t");
    CHECK(trim("  ") == "");
    CHECK(split_list("a, b,,{sex=f, age=0-17} ") ==
          std::vector<std::string>{"a", "b", "{sex=f, age=0-17}"});
    CHECK(iequal("#Adm1+CODE", "#adm1+code"));
    CHECK_FALSE(iequal("a", "ab"));
    CHECK(ascii_lower("#Meta+LEVEL Liège") == "#meta+level liège");
    CHECK(ascii_lower("ÉCOLE") == "École");
}
