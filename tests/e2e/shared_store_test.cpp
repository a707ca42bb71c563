// Two real services on one PostgreSQL store: what reaches one instance counts for the other.
#include <chrono>
#include <thread>

#include "tests/distribute/smtp_server.h"
#include "tests/e2e/service_process.h"
#include "tests/support/postgres_server.h"

using namespace sitrep::test;

namespace {

// A service's configuration on `t`'s folders with the store `url` (on both passes of the
// suite: the store is this test's own database).
std::string shared_config(const TempDir& t, const std::string& url, int smtp_port = 0) {
    return write_config(t, smtp_port, 64, "[store]\nurl = " + url + "\n");
}

bool leads(int port) {
    return http(port, "GET", "/metrics", kOperator).body.find("\nsitrep_leader 1") !=
           std::string::npos;
}

}  // namespace

TEST_CASE("an upload to the standby is in the next report the leader issues" * kPostgres) {
    ScratchDatabase db;
    TempDir a, b;
    ServiceProcess leader(shared_config(a, db.url()));
    REQUIRE(wait_until_leading(leader.port()));
    ServiceProcess standby(shared_config(b, db.url()));
    CHECK_FALSE(leads(standby.port()));

    const auto up = upload(standby.port(), kDvz, "dvz_tp_register_20230205.csv",
                           slurp(std::string(SITREP_FIXTURES_DIR) +
                                 "/sample/inbox/dvz_tp_register_20230205.csv"));
    REQUIRE_MESSAGE(up.status == 202, up.body);
    // The leader's inbox never saw the file: its report has it from the store.
    CHECK_FALSE(fs::exists(a / "inbox/dvz/dvz_tp_register_20230205.csv"));
    const auto r = http(leader.port(), "POST", "/api/v1/reports", kOperator,
                        R"({"reason": "een upload bij de andere instantie"})");
    REQUIRE_MESSAGE(r.status == 201, r.body);
    const auto manifest = http(leader.port(), "GET", "/api/v1/reports/237", kOperator).body;
    CHECK(manifest.find("\"file\": \"dvz_tp_register_20230205.csv\"") != std::string::npos);
    CHECK(manifest.find("53450") != std::string::npos);
}

TEST_CASE("an urgent report triggered on the standby is mailed once, by the leader, with the "
          "same bytes" * kPostgres) {
    ScratchDatabase db;
    SmtpServer smtp;
    TempDir a, b;
    copy_demo_inbox(b / "inbox");
    ServiceProcess leader(shared_config(a, db.url(), smtp.port()));
    REQUIRE(wait_until_leading(leader.port()));
    ServiceProcess standby(shared_config(b, db.url(), smtp.port()));

    const auto r = http(standby.port(), "POST", "/api/v1/reports", kOperator,
                        R"({"reason": "Brand in opvangcentrum Mechelen"})");
    REQUIRE_MESSAGE(r.status == 201, r.body);
    REQUIRE_MESSAGE(smtp.wait_for_messages(2, std::chrono::seconds(40)), smtp.log());
    const auto nl = smtp.messages_to("crisis@vdab.test");
    REQUIRE(nl.size() == 1);
    REQUIRE(nl[0].attachments.size() == 1);
    CHECK(nl[0].attachments[0].bytes == slurp(b / "outbox/sitrep-0237.nl.pdf"));
    CHECK(smtp.messages_to("ops@fedasil.test").size() == 1);
    // Longer than the leader's look at the queue: nothing goes out twice.
    std::this_thread::sleep_for(std::chrono::seconds(12));
    CHECK(smtp.message_count() == 2);
    CHECK(http(standby.port(), "GET", "/metrics", kOperator).body.find("sitrep_leader 0") !=
          std::string::npos);
}

TEST_CASE("a report issued on another machine is mailed by the leader, which renders it again "
          "byte for byte" * kPostgres) {
    ScratchDatabase db;
    SmtpServer smtp;
    TempDir elsewhere, a;
    copy_demo_inbox(elsewhere / "inbox");
    // Issued, but never queued for mail, by an instance whose outbox this one cannot see.
    const auto issued = run_sitrep("run --quiet --store " + db.url() + " --inbox " +
                                   (elsewhere / "inbox") + " --outbox " + (elsewhere / "outbox") +
                                   " --state " + (elsewhere / "state") + " --first-number 237");
    REQUIRE_MESSAGE(issued.exit_code == 0, issued.output);
    ServiceProcess leader(shared_config(a, db.url(), smtp.port()));
    REQUIRE_MESSAGE(smtp.wait_for_messages(2, std::chrono::seconds(40)), smtp.log());
    const auto nl = smtp.messages_to("crisis@vdab.test");
    REQUIRE(nl.size() == 1);
    REQUIRE(nl[0].attachments.size() == 1);
    CHECK(nl[0].attachments[0].bytes == slurp(elsewhere / "outbox/sitrep-0237.nl.pdf"));
    CHECK(slurp(a / "outbox/sitrep-0237.nl.pdf") == slurp(elsewhere / "outbox/sitrep-0237.nl.pdf"));
    const auto fr = smtp.messages_to("ops@fedasil.test");
    REQUIRE(fr.size() == 1);
    CHECK(fr[0].attachments.size() == 2);
}
