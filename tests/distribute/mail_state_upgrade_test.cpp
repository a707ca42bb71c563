// A state folder whose mail tables the queue made itself, before they joined the store's one
// schema: the same tables, so its mails stay where they are and go out once.

#include <doctest/doctest.h>

#include <string>

#include "pipeline/distribute/mail_queue.h"
#include "pipeline/foundation/sha256.h"
#include "pipeline/store/database.h"
#include "tests/distribute/mail_fixture.h"
#include "tests/distribute/smtp_server.h"

namespace sitrep {
namespace {

using namespace test;

// The tables exactly as MailQueue created them on its own connection, before issue 12.
constexpr const char* kMailTablesBefore =
    "CREATE TABLE mails ("
    " id INTEGER PRIMARY KEY AUTOINCREMENT, report INTEGER NOT NULL, round INTEGER NOT NULL,"
    " recipient TEXT NOT NULL, email TEXT NOT NULL, lang TEXT NOT NULL, subject TEXT NOT NULL,"
    " body TEXT NOT NULL, message_id TEXT NOT NULL, attachment_sha256 TEXT NOT NULL,"
    " status TEXT NOT NULL, attempts INTEGER NOT NULL, next_attempt_ms INTEGER NOT NULL,"
    " last_error TEXT NOT NULL, queued_at TEXT NOT NULL, sent_at TEXT NOT NULL,"
    " UNIQUE (report, round, recipient));"
    "CREATE INDEX mails_due ON mails(status, next_attempt_ms);"
    "CREATE TABLE mail_attachments ("
    " mail_id INTEGER NOT NULL REFERENCES mails(id), position INTEGER NOT NULL,"
    " path TEXT NOT NULL, shown_name TEXT NOT NULL, media_type TEXT NOT NULL,"
    " sha256 TEXT NOT NULL, PRIMARY KEY (mail_id, position));"
    "CREATE TABLE mail_attempts ("
    " mail_id INTEGER NOT NULL REFERENCES mails(id), at TEXT NOT NULL, outcome TEXT NOT NULL,"
    " detail TEXT NOT NULL);"
    "CREATE TABLE installation (key TEXT PRIMARY KEY, value TEXT NOT NULL)";

}  // namespace

TEST_CASE(
    "a mail queued before the mail tables joined the store's schema is sent once, with "
    "the state's installation id") {
    MailFixture f;
    SmtpServer server;
    const std::string pdf = f.outbox() + "/sitrep-0237.nl.pdf";
    const std::string sha = sha256_hex(f.read("sitrep-0237.nl.pdf"));
    {
        auto before = Database::open(f.store());
        before->exec(kMailTablesBefore);
        before->exec("INSERT INTO installation VALUES ('id', '0123456789abcdef')");
        before->exec(
            "INSERT INTO mails VALUES (1, 237, 0, 'vdab-ops', 'ops@vdab.example', 'nl',"
            " 'SITREP 237', 'Beste,', 'sitrep-0237-r0-vdab-ops.0123456789abcdef', '" +
            sha + "', 'queued', 0, 0, '', '2023-02-08T06:00:00Z', '')");
        before->exec("INSERT INTO mail_attachments VALUES (1, 0, '" + pdf +
                     "', 'sitrep-0237.nl.pdf', 'application/pdf', '" + sha + "')");
    }

    MailQueue queue(f.store());
    REQUIRE(queue.all().size() == 1);
    CHECK(queue.enqueue_report(report_237(), f.outbox(), {kRecipients[0]}, kTemplates) == 0);
    CHECK(queue.deliver_due(smtp_of(server), std::chrono::system_clock::now()).sent == 1);
    CHECK(queue.deliver_due(smtp_of(server), std::chrono::system_clock::now()).sent == 0);
    const auto received = server.messages();
    REQUIRE(received.size() == 1);
    CHECK(received[0].message_id ==
          "<sitrep-0237-r0-vdab-ops.0123456789abcdef@crisiscenter.example>");
    REQUIRE(received[0].attachments.size() == 1);
    CHECK(received[0].attachments[0].bytes == f.read("sitrep-0237.nl.pdf"));

    // A resend is a new round of the same installation.
    CHECK(queue.resend_report(report_237(), f.outbox(), {kRecipients[0]}, kTemplates) == 1);
    CHECK(mail_to(queue.all(), "ops@vdab.example", 1).message_id ==
          "sitrep-0237-r1-vdab-ops.0123456789abcdef");
}

}  // namespace sitrep
