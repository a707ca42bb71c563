// The service for real: `sitrep serve` on loopback, a real SMTP server, real uploads.
#include "tests/distribute/smtp_server.h"
#include "tests/e2e/service_process.h"

using namespace sitrep::test;

TEST_CASE("a partner uploads its file with its own token and hears at once what it contributes") {
    TempDir t;
    ServiceProcess service(write_config(t, 0));
    const auto a = upload(service.port(), kDvz, "dvz_tp_register_20230205.csv",
                          slurp(std::string(SITREP_FIXTURES_DIR) + "/sample/inbox/dvz_tp_register_20230205.csv"));
    CHECK_MESSAGE(a.status == 202, a.body);
    CHECK(a.body.find("\"status\": \"accepted\"") != std::string::npos);
    CHECK(a.body.find("\"indicator\": \"tp.register.persons\"") != std::string::npos);
    CHECK(a.body.find("\"total\": 53450") != std::string::npos);
    // The token's partner speaks: the file lands in its inbox folder.
    CHECK(fs::exists(t / "inbox/dvz/dvz_tp_register_20230205.csv"));
    // No temporary upload file is left behind.
    for (const auto& e : fs::recursive_directory_iterator(t / "inbox"))
        CHECK(e.path().filename().string()[0] != '.');
}

TEST_CASE("uploads without a token, as another partner or over the size limit are refused") {
    TempDir t;
    ServiceProcess service(write_config(t, 0, 1));
    const std::string csv = "peildatum;gebied;aantal\n05/02/2023;België;53.450\n";
    CHECK(upload(service.port(), "", "dvz_tp_register_20230205.csv", csv).status == 401);
    CHECK(upload(service.port(), "wrong", "dvz_tp_register_20230205.csv", csv).status == 401);
    const auto other = upload(service.port(), kVdab, "dvz_tp_register_20230205.csv", csv);
    CHECK(other.status == 403);
    CHECK(other.body.find("partner 'dvz'") != std::string::npos);
    CHECK(upload(service.port(), kOperator, "dvz_tp_register_20230205.csv", csv).status == 403);
    CHECK(upload(service.port(), kDvz, "dvz_tp_register_20230205.csv", std::string(2 << 20, 'x')).status == 413);
    // Nothing refused is stored, in the flat inbox or any partner's folder.
    for (const auto& e : fs::recursive_directory_iterator(t / "inbox"))
        CHECK_MESSAGE(e.is_directory(), e.path());
}

TEST_CASE("a bad upload is kept and answered with every problem, line by line") {
    TempDir t;
    ServiceProcess service(write_config(t, 0));
    const auto a = upload(service.port(), kDvz, "dvz_tp_register_20230206.csv",
                          "peildatum;gebied;aantal\n06/02/2023;Atlantis;-5\n");
    CHECK(a.status == 422);
    CHECK(a.body.find("dvz_tp_register_20230206.csv:line 2, column 'gebied': unknown area 'Atlantis'") !=
          std::string::npos);
    CHECK(a.body.find("'-5' is negative") != std::string::npos);
    CHECK(fs::exists(t / "inbox/dvz/dvz_tp_register_20230206.csv"));
    // A different file under a name already received is a conflict, not an overwrite.
    CHECK(upload(service.port(), kDvz, "dvz_tp_register_20230206.csv", "other").status == 409);
}

TEST_CASE("an operator triggers an urgent report and every recipient gets it in their language") {
    TempDir t;
    SmtpServer smtp;
    copy_demo_inbox(t / "inbox");
    ServiceProcess service(write_config(t, smtp.port()));
    CHECK(http(service.port(), "POST", "/api/v1/reports", kDvz, R"({"reason": "x"})").status == 403);
    CHECK(http(service.port(), "POST", "/api/v1/reports", kOperator, "{}").status == 400);
    const auto a = http(service.port(), "POST", "/api/v1/reports", kOperator,
                        R"({"reason": "Brand in opvangcentrum Mechelen"})");
    REQUIRE_MESSAGE(a.status == 201, a.body);
    CHECK(a.body.find("\"number\": 237") != std::string::npos);
    CHECK(a.body.find("/api/v1/reports/237/pdf?lang=fr") != std::string::npos);

    REQUIRE_MESSAGE(smtp.wait_for_messages(2, std::chrono::seconds(20)), smtp.log());
    const auto nl = smtp.messages_to("crisis@vdab.test");
    const auto fr = smtp.messages_to("ops@fedasil.test");
    REQUIRE(nl.size() == 1);
    REQUIRE(fr.size() == 1);
    CHECK(nl[0].subject.find("237") != std::string::npos);
    REQUIRE(nl[0].attachments.size() == 1);
    CHECK(nl[0].attachments[0].filename == "sitrep-0237.nl.pdf");
    CHECK(nl[0].attachments[0].bytes == slurp(t / "outbox/sitrep-0237.nl.pdf"));
    REQUIRE(fr[0].attachments.size() == 2);
    CHECK(fr[0].attachments[0].bytes == slurp(t / "outbox/sitrep-0237.fr.pdf"));
    // The annex in the recipient's language (issue 11): French for a French reader.
    CHECK(fr[0].attachments[1].filename == "sitrep-0237.annex.fr.xlsx");
    CHECK(fr[0].attachments[1].bytes == slurp(t / "outbox/sitrep-0237.annex.fr.xlsx"));

    const auto manifest = http(service.port(), "GET", "/api/v1/reports/237", kVdab);
    CHECK(manifest.status == 200);
    CHECK(manifest.body.find("\"kind\": \"urgent\"") != std::string::npos);
    CHECK(manifest.body.find("Brand in opvangcentrum Mechelen") != std::string::npos);
    CHECK(http(service.port(), "GET", "/api/v1/reports/237/pdf?lang=fr", kVdab).body ==
          slurp(t / "outbox/sitrep-0237.fr.pdf"));
    CHECK(http(service.port(), "GET", "/api/v1/reports/237/annex", kVdab).status == 200);
    CHECK(http(service.port(), "GET", "/api/v1/reports/999", kVdab).status == 404);
    CHECK(http(service.port(), "GET", "/api/v1/reports", kVdab).body.find("\"number\": 237") !=
          std::string::npos);
    CHECK(pdf_text(t / "outbox/sitrep-0237.nl.pdf").find("Brand in opvangcentrum Mechelen") !=
          std::string::npos);
    CHECK(service.stop() == 0);
}

TEST_CASE("an urgent report waits while the SMTP server is down and reaches everyone once when it is back") {
    TempDir t;
    SmtpServer::Options down;
    down.start = false;
    SmtpServer smtp(down);
    copy_demo_inbox(t / "inbox");
    ServiceProcess service(write_config(t, smtp.port()));
    const auto a = http(service.port(), "POST", "/api/v1/reports", kOperator,
                        R"({"reason": "test of the outage"})");
    REQUIRE_MESSAGE(a.status == 201, a.body);
    const auto metrics = http(service.port(), "GET", "/metrics", kOperator);
    CHECK(metrics.body.find("sitrep_mails{status=\"queued\"} 2") != std::string::npos);

    smtp.start();
    // The first retry comes within 30 s.
    REQUIRE_MESSAGE(smtp.wait_for_messages(2, std::chrono::seconds(40)), smtp.log());
    std::this_thread::sleep_for(std::chrono::seconds(2));
    CHECK(smtp.message_count() == 2);
    CHECK(smtp.messages_to("crisis@vdab.test").size() == 1);
    CHECK(smtp.messages_to("ops@fedasil.test").size() == 1);
    CHECK(http(service.port(), "GET", "/metrics", kOperator).body.find("sitrep_mails{status=\"sent\"} 2") !=
          std::string::npos);
}

TEST_CASE("health, metrics and the operator's status page answer") {
    TempDir t;
    copy_demo_inbox(t / "inbox");
    REQUIRE(run_sitrep(demo_run_args(t)).exit_code == 0);
    // The demo's daily report is years old: no late daily report at start to count.
    ServiceProcess service(write_config(t, 0, 64, "[report]\ncatch_up = false\n"));
    CHECK(http(service.port(), "GET", "/healthz").status == 200);
    const auto metrics = http(service.port(), "GET", "/metrics", kOperator);
    CHECK(metrics.status == 200);
    CHECK(metrics.body.find("sitrep_submissions{status=\"used\"} 21") != std::string::npos);
    CHECK(metrics.body.find("sitrep_reports 1") != std::string::npos);
    CHECK(http(service.port(), "GET", "/").status == 401);
    CHECK(http(service.port(), "GET", "/", kDvz).status == 403);
    const auto page = http(service.port(), "GET", "/", kOperator);
    CHECK(page.status == 200);
    CHECK(page.body.find("fedasil_crisisopvang_2023-01-30.xlsx") != std::string::npos);
    CHECK(page.body.find("<h2>Mail queue</h2>") != std::string::npos);
    CHECK(service.stop() == 0);
}

TEST_CASE("serve refuses to start without an operator token, naming the key") {
    TempDir t;
    std::ofstream(t / "bad.ini") << "[paths]\nstate = state\n[http]\nport = 0\n";
    const auto r = run_sitrep("serve --config " + (t / "bad.ini"));
    CHECK(r.exit_code == 78);
    CHECK(r.output.find("operator_token") != std::string::npos);
}

TEST_CASE("a configuration key that does not exist stops start-up with its name") {
    TempDir t;
    std::ofstream(t / "bad.ini") << "[report]\nfirst_numbr = 237\n";
    const auto r = run_sitrep("list --config " + (t / "bad.ini"));
    CHECK(r.exit_code == 78);
    CHECK(r.output.find("[report] first_numbr: unknown key") != std::string::npos);
}

TEST_CASE("a configuration section that does not exist stops start-up with its line") {
    TempDir t;
    std::ofstream(t / "bad.ini") << "[paths]\nstate = state\n[stroe]\npath = x\n";
    const auto r = run_sitrep("list --config " + (t / "bad.ini"));
    CHECK(r.exit_code == 78);
    CHECK(r.output.find("bad.ini:3: [stroe]: unknown section") != std::string::npos);
}

TEST_CASE("a different file under a name received long ago is a conflict, even after the inbox was cleaned") {
    TempDir t;
    copy_demo_inbox(t / "inbox");
    REQUIRE(run_sitrep(demo_run_args(t)).exit_code == 0);
    fs::remove(t / "inbox/dvz_tp_register_20230205.csv");
    ServiceProcess service(write_config(t, 0, 64, "[report]\ncatch_up = false\n"));
    const auto a = upload(service.port(), kDvz, "dvz_tp_register_20230205.csv",
                          "peildatum;gebied;aantal\n05/02/2023;België;1\n");
    CHECK(a.status == 409);
    CHECK(a.body.find("_v2") != std::string::npos);
    CHECK(upload(service.port(), kDvz, "dvz_tp_register_20230205_v2.csv",
                 "peildatum;gebied;aantal\n05/02/2023;België;1\n").status == 202);
}

TEST_CASE("a report issued but never queued for mail goes out when the service starts") {
    TempDir t;
    SmtpServer smtp;
    copy_demo_inbox(t / "inbox");
    // Issued today without recipients, as a run interrupted before queuing would leave it.
    REQUIRE(run_sitrep("run --quiet --inbox " + (t / "inbox") + " --outbox " + (t / "outbox") +
                       " --state " + (t / "state")).exit_code == 0);
    ServiceProcess service(write_config(t, smtp.port()));
    REQUIRE_MESSAGE(smtp.wait_for_messages(2, std::chrono::seconds(20)), smtp.log());
    CHECK(smtp.messages_to("crisis@vdab.test").size() == 1);
    CHECK(smtp.messages_to("crisis@vdab.test")[0].attachments[0].bytes ==
          slurp(t / "outbox/sitrep-0001.nl.pdf"));
}
