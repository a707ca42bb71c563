// The HTTP answers a client library or a proxy expects: the right status and its headers.
#include "tests/e2e/service_process.h"

using namespace sitrep::test;

TEST_CASE("a report number too large for an int is a report never issued, not a server error") {
    TempDir t;
    ServiceProcess service(write_config(t, 0));
    const auto a = http(service.port(), "GET", "/api/v1/reports/99999999999999999999", kVdab);
    CHECK_MESSAGE(a.status == 404, a.body);
    CHECK(http(service.port(), "GET", "/api/v1/reports/99999999999999999999/pdf", kVdab).status ==
          404);
}

TEST_CASE("a method a route does not have is answered 405 with the methods it has") {
    TempDir t;
    ServiceProcess service(write_config(t, 0));
    const std::vector<std::pair<std::string, std::string>> op = {
        {"Authorization", std::string("Bearer ") + kOperator}};
    const auto reports = http_with(service.port(), "DELETE", "/api/v1/reports", op);
    CHECK(reports.status == 405);
    CHECK(reports.headers.get("Allow", "") == "GET, HEAD, POST");
    const auto one = http_with(service.port(), "DELETE", "/api/v1/reports/1", op);
    CHECK(one.status == 405);
    CHECK(one.headers.get("Allow", "") == "GET, HEAD");
    const auto submissions = http_with(service.port(), "PUT", "/api/v1/submissions", op);
    CHECK(submissions.status == 405);
    CHECK(submissions.headers.get("Allow", "") == "POST");
    CHECK(http_with(service.port(), "DELETE", "/", op).status == 405);
    CHECK(http_with(service.port(), "HEAD", "/healthz", {}, 5).status == 200);
    CHECK(http_with(service.port(), "HEAD", "/api/v1/reports", op, 5).status == 200);
    CHECK(http_with(service.port(), "GET", "/api/v1/nothing", op).status == 404);
}

TEST_CASE("an urgent report created answers 201 with its Location") {
    TempDir t;
    copy_demo_inbox(t / "inbox");
    ServiceProcess service(write_config(t, 0));
    const auto a = http(service.port(), "POST", "/api/v1/reports", kOperator,
                        R"({"reason": "Brand in opvangcentrum Mechelen"})");
    REQUIRE_MESSAGE(a.status == 201, a.body);
    CHECK(a.headers.get("Location", "") == "/api/v1/reports/237");
    CHECK(http(service.port(), "GET", a.headers.get("Location", "/"), kOperator).status == 200);
}

TEST_CASE("every 401 tells the client to bring a bearer token") {
    TempDir t;
    ServiceProcess service(write_config(t, 0));
    for (const auto& [method, path] : std::vector<std::pair<std::string, std::string>>{
             {"GET", "/"}, {"GET", "/api/v1/reports"}, {"GET", "/api/v1/reports/1"},
             {"POST", "/api/v1/reports"}, {"POST", "/api/v1/submissions"}, {"GET", "/metrics"}}) {
        CAPTURE(path);
        for (const std::string token : {"", "wrong"}) {
            const auto a = http(service.port(), method, path, token);
            CHECK(a.status == 401);
            CHECK(a.headers.get("WWW-Authenticate", "") == "Bearer");
        }
    }
}
