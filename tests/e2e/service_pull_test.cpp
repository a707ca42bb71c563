// The service pulls a partner's feed on its own schedule.
#include "tests/e2e/service_process.h"
#include "tests/sources/test_http_server.h"

using namespace sitrep::test;

TEST_CASE("the service pulls Actiris' API on its schedule, through the nightly 503") {
    TestHttpServer actiris;
    const std::string json = slurp(std::string(SITREP_FIXTURES_DIR) +
                                   "/sample/inbox/actiris_ukraine_2022-12-31.json");
    actiris.script("/ukraine/stats",
                   {ScriptedResponse{503, "maintenance", {}}, ScriptedResponse{200, json, {{"ETag", "\"v1\""}, {"Content-Type", "application/json"}}}});
    TempDir t;
    std::ofstream(t / "sitrep.ini")
        << "[paths]\ninbox = inbox\noutbox = outbox\nstate = state\n"
        << "[http]\nport = 0\noperator_token = op\n"
        << "[partner.actiris]\ntoken = a\npull_url = " << actiris.url("/ukraine/stats?date={date}")
        << "\npull_token = pull-secret\npull_every = 1s\n";
    ServiceProcess service(t / "sitrep.ini");

    // The first pull meets the 503 and retries within the same pull (backoff of a second).
    // The pull is Actiris' channel: its files land in Actiris' inbox folder.
    bool stored = false;
    for (int i = 0; i < 100 && !stored; ++i) {
        if (!fs::exists(t / "inbox/actiris")) {
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
            continue;
        }
        for (const auto& e : fs::directory_iterator(t / "inbox/actiris"))
            stored = stored || e.path().filename().string().rfind("actiris_ukraine_", 0) == 0;
        if (!stored) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    REQUIRE(stored);
    const auto requests = actiris.requests();
    REQUIRE(requests.size() >= 2);
    CHECK(requests[0].headers.get("Authorization", "") == "Bearer pull-secret");
    CHECK(requests[0].uri.find("date=") != std::string::npos);
    // The next pulls ask whether anything changed since the ETag.
    for (int i = 0; i < 50 && actiris.request_count() < 3; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    REQUIRE(actiris.request_count() >= 3);
    CHECK(actiris.requests()[2].headers.get("If-None-Match", "") == "\"v1\"");
    CHECK(service.stop() == 0);
}
