#include "tests/adapters/adapter_support.h"

using namespace sitrep::test;

TEST_CASE("the Actiris JSON gives registered, found a job and in training for Brussels") {
    const auto r = parse_file(sample("actiris_ukraine_2022-12-31.json"));
    CHECK(problems(r) == "");
    CHECK(total(r, "employment.jobseekers.registered", "BE1") == 2420);
    CHECK(total(r, "employment.jobseekers.worked", "BE1") == 317);
    CHECK(total(r, "employment.jobseekers.in_training", "BE1") == 475);
    CHECK(r.reference_date->iso() == "2022-12-31");
}

TEST_CASE("Actiris numbers sent as strings and unannounced fields are accepted") {
    const auto r = parse_text("actiris_ukraine_2023-01-31.json",
                              R"({"reference_date": "2023-01-31", "region": "BE1", "new_field": 1,
                                 "jobseekers": {"registered": "2.500", "found_job": "330"}})");
    CHECK(problems(r) == "");
    CHECK(total(r, "employment.jobseekers.registered", "BE1") == 2500);
}

TEST_CASE("an Actiris document without its count or with bad JSON says where") {
    SUBCASE("missing count") {
        const auto r = parse_text("actiris_ukraine_2023-01-31.json",
                                  R"({"reference_date": "2023-01-31", "jobseekers": {"found_job": 1}})");
        CHECK(problems(r).find("$.jobseekers.registered: missing") != std::string::npos);
    }
    SUBCASE("negative") {
        const auto r = parse_text("actiris_ukraine_2023-01-31.json",
                                  R"({"reference_date": "2023-01-31", "jobseekers": {"registered": -4, "found_job": 1}})");
        CHECK(problems(r).find("$.jobseekers.registered: is negative") != std::string::npos);
    }
    SUBCASE("not JSON") {
        const auto r = parse_text("actiris_ukraine_2023-01-31.json", "<html>503</html>");
        CHECK(problems(r).find("not valid JSON") != std::string::npos);
    }
}

TEST_CASE("an Actiris count that is a JSON boolean or a badly grouped string names its path") {
    SUBCASE("true is not 1") {
        const auto r = parse_text("actiris_ukraine_2023-01-31.json",
                                  R"({"reference_date": "2023-01-31", "jobseekers": {"registered": true, "found_job": 1}})");
        CHECK(r.problem_count == 1);
        CHECK(problems(r).find("f:$.jobseekers.registered: is a boolean where a number is "
                               "expected [true]") != std::string::npos);
    }
    SUBCASE("false in an optional field is not 0") {
        const auto r = parse_text("actiris_ukraine_2023-01-31.json",
                                  R"({"reference_date": "2023-01-31", "jobseekers": {"registered": 5, "found_job": 1, "in_training": false}})");
        CHECK(r.problem_count == 1);
        CHECK(problems(r).find("f:$.jobseekers.in_training: is a boolean") != std::string::npos);
    }
    SUBCASE("a string '4 4' is not 44") {
        const auto r = parse_text("actiris_ukraine_2023-01-31.json",
                                  R"({"reference_date": "2023-01-31", "jobseekers": {"registered": "4 4", "found_job": 1}})");
        CHECK(r.problem_count == 1);
        CHECK(problems(r).find("f:$.jobseekers.registered: '4 4' is not a number") !=
              std::string::npos);
    }
}

// Found by fuzz/ (fuzz/corpus/actiris/): 1e300 reached a cast to long long, which is undefined.
TEST_CASE("an Actiris count too large to be a head count is rejected as such") {
    const auto r = parse_text("actiris_ukraine_2023-01-31.json",
                              R"({"reference_date": "2023-01-31", "region": "BE1",
                                 "jobseekers": {"registered": 1e300, "found_job": 1}})");
    CHECK(problems(r).find("$.jobseekers.registered: is too large to be a plausible figure") !=
          std::string::npos);
}
