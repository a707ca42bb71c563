// Who may do what: bearer tokens on the API, `?token=` only for the status page in a browser.
#include "tests/e2e/service_process.h"

using namespace sitrep::test;

TEST_CASE("a token in the query string opens the status page, and nothing else") {
    TempDir t;
    ServiceProcess service(write_config(t, 0));
    const std::string csv = "peildatum;gebied;aantal\n05/02/2023;België;53.450\n";
    const auto stored = upload(service.port(), "", "dvz_tp_register_20230205.csv", csv,
                               std::string("/api/v1/submissions?token=") + kDvz);
    CHECK(stored.status == 401);
    CHECK_FALSE(fs::exists(t / "inbox/dvz/dvz_tp_register_20230205.csv"));
    CHECK(http(service.port(), "GET", std::string("/api/v1/reports?token=") + kVdab).status == 401);
    CHECK(http(service.port(), "GET", std::string("/api/v1/reports?token=") + kOperator).status ==
          401);
    // An Authorization header that is not Bearer does not make the query string count.
    CHECK(http_with(service.port(), "GET", std::string("/api/v1/reports?token=") + kOperator,
                    {{"Authorization", "Basic b3BlcmF0b3I6c2VjcmV0"}})
              .status == 401);
    CHECK(http(service.port(), "GET", std::string("/?token=") + kOperator).status == 200);
    CHECK(http(service.port(), "GET", "/api/v1/reports", kVdab).status == 200);
}
