// A PostgreSQL store whose server goes away: the service stays up and refuses what it cannot
// take (503, nothing taken), takes it again once the server is back; a run fails and issues
// nothing. The server is the test's own (the shared test server is never stopped), so both
// passes of the end-to-end suite do the same thing.
#include "tests/distribute/smtp_server.h"
#include "tests/e2e/service_process.h"

#include <algorithm>
#include <vector>

using namespace sitrep::test;

namespace {

const std::string kScript = std::string(SITREP_SOURCE_DIR) + "/scripts/pg-test-server.sh";

/// A PostgreSQL server of this test alone (scripts/pg-test-server.sh), which the test may
/// kill and start again on the same data; stopped and deleted when the test ends.
class OwnServer {
public:
    explicit OwnServer(const TempDir& t) : dir_(t / "pg") {
        const auto r = run("bash " + kScript + " start " + dir_);
        REQUIRE_MESSAGE(r.exit_code == 0, r.output);
        url_ = slurp(dir_ + "/url");
        url_.erase(url_.find_last_not_of("\n") + 1);
    }
    ~OwnServer() { run("bash " + kScript + " stop " + dir_); }
    OwnServer(const OwnServer&) = delete;
    OwnServer& operator=(const OwnServer&) = delete;

    /// Stops the server at once, as a crash would; its data stays.
    void kill() {
        const auto r = run("bash " + kScript + " kill " + dir_);
        REQUIRE_MESSAGE(r.exit_code == 0, r.output);
    }
    /// Starts it again on its data, at the same URL.
    void restart() {
        const auto r = run("bash " + kScript + " restart " + dir_);
        REQUIRE_MESSAGE(r.exit_code == 0, r.output);
    }
    /// The URL of its database.
    const std::string& url() const { return url_; }

private:
    std::string dir_;
    std::string url_;
};

/// The bytes of a file of the sample inbox.
std::string sample(const std::string& name) {
    return slurp(std::string(SITREP_FIXTURES_DIR) + "/sample/inbox/" + name);
}

/// `sitrep files` on the store at `url`, from a state folder of its own.
std::string files_in_store(const TempDir& t, const std::string& url) {
    const auto r = run_sitrep("files --store " + url + " --state " + (t / "lister"));
    REQUIRE_MESSAGE(r.exit_code == 0, r.output);
    return r.output;
}

/// The names in an outbox folder, sorted; none when it does not exist.
std::vector<std::string> outbox_files(const std::string& outbox) {
    std::vector<std::string> out;
    if (!fs::exists(outbox)) return out;
    for (const auto& e : fs::directory_iterator(outbox)) out.push_back(e.path().filename().string());
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace

TEST_CASE("while the store's server is down the service answers health and refuses uploads with "
          "503, and takes them again once it is back" * kPostgres) {
    TempDir t;
    OwnServer server(t);
    SmtpServer smtp;
    // The store is this test's server on both passes of the suite; no catch-up report, so
    // that the only report is the operator's.
    ServiceProcess service(write_config(
        t, smtp.port(), 64, "[store]\nurl = " + server.url() + "\n[report]\ncatch_up = false\n"));
    const auto first = upload(service.port(), kDvz, "dvz_tp_register_20230205.csv",
                              sample("dvz_tp_register_20230205.csv"));
    REQUIRE_MESSAGE(first.status == 202, first.body);

    server.kill();
    CHECK(http(service.port(), "GET", "/healthz").status == 200);
    const std::string vdab = sample("vdab_oekraine_2023-02.csv");
    const auto refused = upload(service.port(), kVdab, "vdab_oekraine_2023-02.csv", vdab);
    CHECK_MESSAGE(refused.status == 503, refused.body);
    CHECK(refused.headers.get("Retry-After", "") == "30");
    CHECK(refused.body.find("nothing was taken") != std::string::npos);
    // Nothing taken: not in the inbox either, where a later run would find it.
    CHECK_FALSE(fs::exists(t / "inbox/vdab/vdab_oekraine_2023-02.csv"));
    CHECK(http(service.port(), "GET", "/healthz").status == 200);
    // The operator's requests are refused alike, and no report is issued.
    const auto report_refused =
        http(service.port(), "POST", "/api/v1/reports", kOperator, R"({"reason": "during"})");
    CHECK_MESSAGE(report_refused.status == 503, report_refused.body);
    CHECK(report_refused.headers.get("Retry-After", "") == "30");
    const auto list_refused = http(service.port(), "GET", "/api/v1/reports", kOperator);
    CHECK_MESSAGE(list_refused.status == 503, list_refused.body);
    CHECK(outbox_files(t / "outbox").empty());

    server.restart();
    const std::string before = files_in_store(t, server.url());
    CHECK(before.find("dvz_tp_register_20230205.csv") != std::string::npos);
    CHECK(before.find("vdab_oekraine_2023-02.csv") == std::string::npos);

    // The partner sends again after Retry-After; the service's connections broke while it
    // was down and must be made again.
    const auto again = upload(service.port(), kVdab, "vdab_oekraine_2023-02.csv", vdab);
    CHECK_MESSAGE(again.status == 202, again.body);
    const std::string after = files_in_store(t, server.url());
    CHECK(after.find("vdab_oekraine_2023-02.csv") != std::string::npos);
    CHECK(after.find("dvz_tp_register_20230205.csv") != std::string::npos);

    const auto issued =
        http(service.port(), "POST", "/api/v1/reports", kOperator, R"({"reason": "after the outage"})");
    REQUIRE_MESSAGE(issued.status == 201, issued.body);
    const auto m = read_manifest(t / "outbox/sitrep-0237.json");
    CHECK(input(m, "dvz_tp_register_20230205.csv"));
    CHECK(input(m, "vdab_oekraine_2023-02.csv"));
    CHECK(http(service.port(), "GET", "/healthz").status == 200);
    // The leader's session broke with the server: the service takes the lock again, or the
    // daily report and the mails would wait for a restart of the service.
    CHECK(wait_until_leading(service.port(), 30));
    // The mail queue's connection broke too: the report still reaches both recipients.
    CHECK_MESSAGE(smtp.wait_for_messages(2, std::chrono::seconds(30)), smtp.log());
    CHECK(service.stop() == 0);
}

TEST_CASE("a service started while its store's server is down answers health, and once the server "
          "is up it leads, issues a report and mails it" * kPostgres) {
    TempDir t;
    OwnServer server(t);
    SmtpServer smtp;
    server.kill();
    // A restart of the service in the middle of the store's outage must not leave it dead.
    ServiceProcess service(write_config(
        t, smtp.port(), 64, "[store]\nurl = " + server.url() + "\n[report]\ncatch_up = false\n"));
    CHECK(http(service.port(), "GET", "/healthz").status == 200);
    const std::string dvz = sample("dvz_tp_register_20230205.csv");
    const auto refused = upload(service.port(), kDvz, "dvz_tp_register_20230205.csv", dvz);
    CHECK_MESSAGE(refused.status == 503, refused.body);

    server.restart();
    const auto taken = upload(service.port(), kDvz, "dvz_tp_register_20230205.csv", dvz);
    CHECK_MESSAGE(taken.status == 202, taken.body);
    CHECK(wait_until_leading(service.port(), 30));
    const auto issued =
        http(service.port(), "POST", "/api/v1/reports", kOperator, R"({"reason": "after"})");
    REQUIRE_MESSAGE(issued.status == 201, issued.body);
    CHECK(smtp.wait_for_messages(2, std::chrono::seconds(30)));
    CHECK(service.stop() == 0);
}

TEST_CASE("a run whose store's server is down fails with a clear message and leaves no report and "
          "no file in the outbox" * kPostgres) {
    TempDir t;
    OwnServer server(t);
    copy_demo_inbox(t / "inbox");
    const std::string store = " --store " + server.url();
    const auto first = run_sitrep(demo_run_args(t) + store);
    REQUIRE_MESSAGE(first.exit_code == 0, first.output);
    const auto issued = outbox_files(t / "outbox");
    REQUIRE_FALSE(issued.empty());

    server.kill();
    std::ofstream(t / "inbox/dvz_tp_register_20230205_v2.csv")
        << "peildatum;gebied;aantal\n05/02/2023;België;53.460\n";
    const auto down = run_sitrep("run --quiet --inbox " + (t / "inbox") + " --outbox " +
                                 (t / "outbox") + " --state " + (t / "state") +
                                 " --as-of 2023-02-09 --issued-at 2023-02-09T07:00:00+01:00" + store);
    CHECK(down.exit_code != 0);
    // The message names the store and says it cannot be reached.
    CHECK_MESSAGE(down.output.find(server.url()) != std::string::npos, down.output);
    CHECK_MESSAGE(down.output.find("reach") != std::string::npos, down.output);
    // No report 2 and no half-written file in the outbox.
    CHECK(outbox_files(t / "outbox") == issued);

    // Back up, the store still says one report was issued: the next one is number 2.
    server.restart();
    const auto list = run_sitrep("list --state " + (t / "state") + store);
    CHECK_MESSAGE(list.exit_code == 0, list.output);
    const auto next = run_sitrep("run --quiet --inbox " + (t / "inbox") + " --outbox " +
                                 (t / "outbox") + " --state " + (t / "state") +
                                 " --as-of 2023-02-09 --issued-at 2023-02-09T07:00:00+01:00" + store);
    REQUIRE_MESSAGE(next.exit_code == 0, next.output);
    CHECK(fs::exists(t / "outbox/sitrep-0002.json"));
}
