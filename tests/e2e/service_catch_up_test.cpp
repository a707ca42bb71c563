// The daily report is not lost when the service was down at its time.
#include "tests/e2e/service_process.h"

using namespace sitrep::test;

namespace {

// The numbers of the reports the service lists, newest first.
std::vector<int> report_numbers(int port) {
    const auto list = http(port, "GET", "/api/v1/reports", kOperator);
    REQUIRE(list.status == 200);
    auto reports = Poco::JSON::Parser()
                       .parse(list.body)
                       .extract<Poco::JSON::Object::Ptr>()
                       ->getArray("reports");
    std::vector<int> out;
    for (size_t i = 0; i < reports->size(); ++i)
        out.push_back(reports->getObject(static_cast<unsigned>(i))->getValue<int>("number"));
    return out;
}

}  // namespace

TEST_CASE("a daily report missed while the service was down is issued late, once, at start") {
    TempDir t;
    copy_demo_inbox(t / "inbox");
    // The last daily report is years old, and today's time (midnight) has passed.
    REQUIRE(run_sitrep(demo_run_args(t)).exit_code == 0);
    const std::string config = write_config(t, 0, 64, "[report]\ndaily_at = 00:00\n");
    {
        ServiceProcess service(config);
        // As soon as it leads: on SQLite from the start, on PostgreSQL once it holds the lock.
        REQUIRE(wait_until_leading(service.port()));
        auto numbers = report_numbers(service.port());
        for (int i = 0; i < 100 && numbers.size() < 2; ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
            numbers = report_numbers(service.port());
        }
        REQUIRE(numbers.size() == 2);
        const std::string late = std::to_string(numbers.front());
        const auto manifest = http(service.port(), "GET", "/api/v1/reports/" + late, kOperator);
        CHECK(manifest.body.find("\"kind\": \"daily\"") != std::string::npos);
        const auto page = http(service.port(), "GET", "/", kOperator);
        CHECK_MESSAGE(page.body.find("Daily report " + late + " was caught up late") !=
                          std::string::npos,
                      page.body);
        CHECK(service.stop() == 0);
    }
    // Today's daily report exists now: the next start issues nothing.
    ServiceProcess again(config);
    REQUIRE(wait_until_leading(again.port()));
    // Time for a takeover's catch-up to have issued one, had it been due.
    std::this_thread::sleep_for(std::chrono::milliseconds(2500));
    CHECK(report_numbers(again.port()).size() == 2);
}

TEST_CASE("a fresh installation issues no report at start") {
    TempDir t;
    copy_demo_inbox(t / "inbox");
    ServiceProcess service(write_config(t, 0, 64, "[report]\ndaily_at = 00:00\n"));
    CHECK(report_numbers(service.port()).empty());
}
