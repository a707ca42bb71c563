// `sitrep send N` with the real binary and a real SMTP server: everyone, chosen recipients,
// or only those whose last mail failed.
#include "tests/distribute/smtp_server.h"
#include "tests/e2e/e2e_support.h"

using namespace sitrep::test;

namespace {

/// Reports in nl and fr only, and three recipients: vdab (nl), fedasil (fr) and unhcr (en),
/// whose English PDF is therefore missing and whose mail fails.
std::string write_config(const TempDir& t, int smtp_port) {
    const std::string path = t / "sitrep.ini";
    std::ofstream(path) << "[paths]\ninbox = inbox\noutbox = outbox\nstate = state\n"
                        << "[report]\nfirst_number = 1\nlanguages = nl, fr\n"
                        << "[smtp]\nhost = 127.0.0.1\nport = " << smtp_port
                        << "\nfrom = sitrep@crisiscenter.test\n"
                        << "[recipient.vdab]\nemail = crisis@vdab.test\nlang = nl\n"
                        << "[recipient.fedasil]\nemail = ops@fedasil.test\nlang = fr\n"
                        << "[recipient.unhcr]\nemail = be@unhcr.test\nlang = en\n";
    return path;
}

}  // namespace

TEST_CASE("sitrep send N resends to the chosen recipients or to the failed ones only") {
    TempDir t;
    SmtpServer smtp;
    copy_demo_inbox(t / "inbox");
    const std::string config = write_config(t, smtp.port());
    const std::string send = "send 1 --config " + config;
    REQUIRE(run_sitrep("run --quiet --config " + config +
                       " --as-of 2023-02-08 --issued-at 2023-02-08T07:00:00+01:00")
                .exit_code == 0);
    REQUIRE_MESSAGE(smtp.wait_for_messages(2, std::chrono::seconds(20)), smtp.log());
    CHECK(smtp.messages_to("be@unhcr.test").empty());  // its PDF is missing: failed
    // The label the report was issued with (the templates' TLP:AMBER) leads the subject.
    CHECK(smtp.messages_to("crisis@vdab.test").at(0).subject.rfind("[TLP:AMBER] SITREP 1 ", 0) ==
          0);

    SUBCASE("--to names recipients by section or by address") {
        const auto by_name = run_sitrep(send + " --to vdab");
        CHECK_MESSAGE(by_name.exit_code == 0, by_name.output);
        const auto by_address = run_sitrep(send + " --to=crisis@vdab.test,fedasil");
        CHECK_MESSAGE(by_address.exit_code == 0, by_address.output);
        CHECK(smtp.messages_to("crisis@vdab.test").size() == 3);
        CHECK(smtp.messages_to("ops@fedasil.test").size() == 2);
        CHECK(smtp.message_count() == 5);

        const auto unknown = run_sitrep(send + " --to vdab,nobody@example.test");
        CHECK(unknown.exit_code != 0);
        CHECK(unknown.output.find("'nobody@example.test' is not a configured recipient") !=
              std::string::npos);
        CHECK(smtp.message_count() == 5);  // nothing queued for anyone
    }
    SUBCASE("--failed resends only what did not arrive, once") {
        // The operator makes the missing English PDF, exactly as report 1 would have it.
        REQUIRE(run_sitrep("render 1 --lang en --config " + config + " --out " + (t / "en"))
                    .exit_code == 0);
        fs::copy_file(t / "en/sitrep-0001.en.pdf", t / "outbox/sitrep-0001.en.pdf");
        const auto failed = run_sitrep(send + " --failed");
        CHECK_MESSAGE(failed.exit_code == 0, failed.output);
        REQUIRE(smtp.messages_to("be@unhcr.test").size() == 1);
        CHECK(smtp.messages_to("be@unhcr.test")[0].attachments.at(0).bytes ==
              slurp(t / "outbox/sitrep-0001.en.pdf"));
        // A resend reads the label from the report as it was issued.
        CHECK(smtp.messages_to("be@unhcr.test")[0].subject.rfind("[TLP:AMBER] SITREP 1 ", 0) ==
              0);
        CHECK(smtp.message_count() == 3);

        const auto again = run_sitrep(send + " --failed");
        CHECK_MESSAGE(again.exit_code == 0, again.output);
        CHECK(again.output.find("no recipient to send to") != std::string::npos);
        CHECK(smtp.message_count() == 3);
    }
}
