#include <doctest/doctest.h>

#include "pipeline/foundation/file_names.h"

using namespace sitrep;

TEST_CASE("a browser's copy suffix and a _vN revision are read off a name, in any case") {
    CHECK(revision_base("forem_ukraine_202301_V2 (1).csv") == "forem_ukraine_202301");
    CHECK(revision_base("forem_ukraine_202301(2).csv") == "forem_ukraine_202301");
    CHECK(revision_base("forem_ukraine_202301 ().csv") == "forem_ukraine_202301 ()");
    CHECK(revision_base("forem_v2x.csv") == "forem_v2x");
    CHECK(revision_base("_v.csv") == "_v");
    CHECK(revision_number("forem_ukraine_202301_v12 (3).csv") == 12);
    CHECK(revision_number("forem_ukraine_202301_v99999999999999999999.csv") == 1);
    CHECK(revision_number("notes.md") == 1);
}

TEST_CASE("a copy sorts right after its original, whether the suffix is before the extension or at the end") {
    CHECK(copy_order_key("a (1).csv") == std::make_pair(std::string("a.csv"), std::string("a (1).csv")));
    CHECK(copy_order_key("a.hxl (2).csv") == std::make_pair(std::string("a.hxl.csv"), std::string("a.hxl (2).csv")));
    CHECK(copy_order_key("a.csv (1)") == std::make_pair(std::string("a.csv"), std::string("a.csv (1)")));
    CHECK(copy_order_key("a.csv") == std::make_pair(std::string("a.csv"), std::string()));
    CHECK(copy_order_key("a(x).csv") == std::make_pair(std::string("a(x).csv"), std::string()));
}
