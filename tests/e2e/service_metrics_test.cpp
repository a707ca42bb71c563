// Metrics an alert can be written on, shown to whom the configuration says.
#include <optional>

#include "tests/e2e/service_process.h"

using namespace sitrep::test;

namespace {

// The value of the first sample line starting with `prefix`, or nullopt.
std::optional<double> sample(const std::string& metrics, const std::string& prefix) {
    const size_t at = metrics.find("\n" + prefix);
    if (at == std::string::npos) return std::nullopt;
    const size_t space = metrics.find(' ', metrics.find(prefix, at) + prefix.size() - 1);
    return std::stod(metrics.substr(space + 1));
}

}  // namespace

TEST_CASE("metrics need the operator's token, even from loopback, unless they are public") {
    TempDir t;
    {
        ServiceProcess service(write_config(t, 0));
        const auto anonymous = http(service.port(), "GET", "/metrics");
        CHECK(anonymous.status == 401);
        CHECK(anonymous.headers.get("WWW-Authenticate", "") == "Bearer");
        CHECK(http(service.port(), "GET", "/metrics", kDvz).status == 403);
        CHECK(http(service.port(), "GET", std::string("/metrics?token=") + kOperator).status == 401);
        CHECK(http(service.port(), "GET", "/metrics", kOperator).status == 200);
    }
    TempDir p;
    ServiceProcess service(write_config(p, 0, 64, "[http]\nmetrics_public = true\n"));
    CHECK(http(service.port(), "GET", "/metrics").status == 200);
}

TEST_CASE("metrics tell when the last report was issued and how old each feed's newest data is") {
    TempDir t;
    copy_demo_inbox(t / "inbox");
    REQUIRE(run_sitrep(demo_run_args(t)).exit_code == 0);
    ServiceProcess service(write_config(t, 0, 64, "[report]\ncatch_up = false\n"));
    const auto metrics = http(service.port(), "GET", "/metrics", kOperator).body;
    // 2023-02-08T07:00:00+01:00
    CHECK(sample(metrics, "sitrep_last_report_timestamp_seconds ") == 1675836000.0);
    // DVZ's newest register is of 2023-02-05: days before today, and more than 1,000 of them.
    const auto dvz = sample(metrics, "sitrep_feed_data_age_days{partner=\"dvz\",feed=\"dvz.register\"}");
    REQUIRE_MESSAGE(dvz, metrics);
    CHECK(*dvz > 1000);
    const auto received =
        sample(metrics, "sitrep_feed_last_received_timestamp_seconds{partner=\"dvz\",feed=\"dvz.register\"}");
    REQUIRE_MESSAGE(received, metrics);
    // The demo's files count as received when its report was issued.
    CHECK(*received == 1675836000.0);
}
