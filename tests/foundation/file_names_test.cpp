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

TEST_CASE("an HXL file is named .hxl.csv or _hxl.csv, in any case, with a name before it") {
    CHECK(is_hxl_csv_name("education_2023-02-07.hxl.csv"));
    CHECK(is_hxl_csv_name("education_2023-02-07_hxl.csv"));
    CHECK(is_hxl_csv_name("Education_2023-02-07_HXL.CSV"));
    CHECK_FALSE(is_hxl_csv_name("education_2023-02-07.csv"));
    CHECK_FALSE(is_hxl_csv_name("education_2023-02-07hxl.csv"));
    CHECK_FALSE(is_hxl_csv_name("_hxl.csv"));
    CHECK_FALSE(is_hxl_csv_name(".hxl.csv"));
}

TEST_CASE("an HXL file named _hxl.csv takes its revision before the _hxl, as one named .hxl.csv does") {
    CHECK(revision_name("education_2023-02-07_hxl.csv", 2) == "education_2023-02-07_v2_hxl.csv");
    CHECK(revision_name("education_2023-02-07_v2_hxl.csv", 3) == "education_2023-02-07_v3_hxl.csv");
    CHECK(revision_name("education_2023-02-07.hxl.csv", 2) == "education_2023-02-07_v2.hxl.csv");
    CHECK(revision_base("education_2023-02-07_v2_hxl.csv") == "education_2023-02-07");
    CHECK(revision_number("education_2023-02-07_v2_hxl.csv") == 2);
    CHECK(revision_base("education_2023-02-07_hxl.csv") == "education_2023-02-07");
    CHECK(revision_number("education_2023-02-07_hxl.csv") == 1);
    CHECK(revision_base("education_2023-02-07_v2.hxl.csv") == "education_2023-02-07");
}
