// The mail queue on a shared PostgreSQL: the same queue as on SQLite, with the delivery lock a
// session advisory lock, so that instances on several machines deliver one at a time.

#include <doctest/doctest.h>

#include <chrono>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "pipeline/distribute/delivery_lock.h"
#include "pipeline/distribute/mail_queue.h"
#include "pipeline/store/database.h"
#include "tests/support/postgres_server.h"
#include "tests/distribute/mail_fixture.h"
#include "tests/distribute/smtp_server.h"

using namespace std::chrono_literals;

namespace sitrep {
namespace {

using namespace test;
using Clock = std::chrono::system_clock;

/// A connection of another process, as the queue's own tests see it: it can take the delivery
/// lock, change mails behind the queue's back, and die.
struct OtherProcess {
    std::unique_ptr<Database> db;
    std::mutex guard;

    explicit OtherProcess(const StoreLocation& where) : db(Database::open(where)) {}

    int64_t backend_pid() {
        auto pid = db->prepare("SELECT pg_backend_pid()");
        REQUIRE(pid->next());
        return pid->integer(0);
    }
};

std::string status_of_only_mail(const MailQueue& queue) {
    const auto mails = queue.all();
    REQUIRE(mails.size() == 1);
    return mails[0].status;
}

}  // namespace

TEST_SUITE("postgres") {
    TEST_CASE("on PostgreSQL a report's mails are queued once and delivered once") {
        ScratchDatabase database;
        MailFixture f(database.url());
        SmtpServer server;
        MailQueue queue(f.store());
        REQUIRE(queue.enqueue_report(report_237(), f.outbox(), kRecipients, kTemplates) == 2);
        CHECK(queue.enqueue_report(report_237(), f.outbox(), kRecipients, kTemplates) == 0);
        REQUIRE(queue.next_due().has_value());

        const auto stats = queue.deliver_due(smtp_of(server), Clock::now());
        CHECK(stats.sent == 2);
        CHECK(stats.failed == 0);
        CHECK(queue.deliver_due(smtp_of(server), Clock::now() + 1h).sent == 0);
        REQUIRE(server.message_count() == 2);

        const auto fr = server.messages_to("ops@fedasil.example");
        REQUIRE(fr.size() == 1);
        CHECK(fr[0].subject == "SITREP 237 — Accueil Ukraine — 08/02/2023");
        CHECK(fr[0].message_id.rfind("<sitrep-0237-r0-fedasil-ops.", 0) == 0);
        REQUIRE(fr[0].attachments.size() == 2);
        CHECK(fr[0].attachments[0].bytes == f.read("sitrep-0237.fr.pdf"));
        CHECK(fr[0].attachments[1].bytes == f.read("sitrep-0237.annex.xlsx"));
        for (const auto& m : queue.all()) {
            CHECK(m.status == "sent");
            CHECK(m.attempts == 1);
            CHECK_FALSE(m.sent_at.empty());
        }
        CHECK(mail_to(queue.all(), "ops@fedasil.example").message_id == fr[0].message_id);
        CHECK_FALSE(queue.next_due().has_value());

        // Nothing of it is in the state folder: another machine sees the same queue.
        MailFixture elsewhere(database.url());
        MailQueue other(elsewhere.store());
        CHECK(other.all().size() == 2);
        CHECK(other.resend_report(report_237(), f.outbox(), kRecipients, kTemplates) == 2);
        CHECK(queue.deliver_due(smtp_of(server), Clock::now()).sent == 2);
        CHECK(other.deliver_due(smtp_of(server), Clock::now()).sent == 0);
        CHECK(server.message_count() == 4);
        CHECK(server.messages_to("ops@vdab.example")
                  .at(1)
                  .message_id.rfind("<sitrep-0237-r1-vdab-ops.", 0) == 0);
    }

    TEST_CASE("on PostgreSQL two queues delivering at once send each mail exactly once") {
        ScratchDatabase database;
        MailFixture f(database.url());
        MailFixture elsewhere(database.url());  // another machine: another state folder
        SmtpServer server;
        std::vector<RecipientConfig> recipients;
        for (int i = 0; i < 6; ++i)
            recipients.push_back(recipient("partner" + std::to_string(i) + "-ops",
                                           "ops" + std::to_string(i) + "@partner.example",
                                           i % 2 ? "fr" : "nl"));
        MailQueue queue(f.store());
        MailQueue other(elsewhere.store());
        REQUIRE(queue.enqueue_report(report_237(), f.outbox(), recipients, kTemplates) == 6);

        const auto t = Clock::now();
        MailQueue::DeliveryStats a, b, c;
        {
            std::thread first([&] { a = queue.deliver_due(smtp_of(server), t); });
            std::thread second([&] { b = other.deliver_due(smtp_of(server), t); });
            std::thread third([&] { c = other.deliver_due(smtp_of(server), t); });
            first.join();
            second.join();
            third.join();
        }
        CHECK(a.sent + b.sent + c.sent == 6);
        CHECK(a.failed + b.failed + c.failed == 0);
        CHECK(server.message_count() == 6);
        for (const auto& r : recipients) CHECK(server.messages_to(r.email).size() == 1);
    }

    TEST_CASE("on PostgreSQL a delivery waits while another connection holds the delivery lock") {
        ScratchDatabase database;
        MailFixture f(database.url());
        SmtpServer server;
        MailQueue queue(f.store());
        REQUIRE(queue.enqueue_report(report_237(), f.outbox(), {kRecipients[0]}, kTemplates) == 1);

        OtherProcess other(f.store());
        auto held = std::make_unique<DeliveryLock>(*other.db, other.guard, "", false);
        REQUIRE(held->held());
        OtherProcess third(f.store());
        CHECK_FALSE(DeliveryLock(*third.db, third.guard, "", false).held());

        MailQueue::DeliveryStats stats;
        std::thread delivery([&] { stats = queue.deliver_due(smtp_of(server), Clock::now()); });
        std::this_thread::sleep_for(700ms);
        CHECK(server.message_count() == 0);
        CHECK(status_of_only_mail(queue) == "queued");
        held.reset();
        delivery.join();
        CHECK(stats.sent == 1);
        CHECK(server.message_count() == 1);
    }

    TEST_CASE(
        "on PostgreSQL a mail left sending by a connection that died is in doubt and "
        "never sent twice") {
        ScratchDatabase database;
        MailFixture f(database.url());
        SmtpServer server;
        const std::vector<RecipientConfig> one = {kRecipients[0]};
        {
            MailQueue queue(f.store());
            REQUIRE(queue.enqueue_report(report_237(), f.outbox(), one, kTemplates) == 1);
        }

        // Another machine delivering: it holds the lock and has the mail in flight.
        auto other = std::make_unique<OtherProcess>(f.store());
        auto lock = std::make_unique<DeliveryLock>(*other->db, other->guard, "", false);
        REQUIRE(lock->held());
        other->db->exec("UPDATE mails SET status = 'sending'");
        MailQueue queue(f.store());
        CHECK(status_of_only_mail(queue) == "sending");  // in flight, not abandoned

        // Its connection dies (the machine is gone): the server ends the session and its lock.
        const int64_t pid = other->backend_pid();
        const auto terminated = TestSession(database.url())
                                    .query("SELECT pg_terminate_backend(" + std::to_string(pid) +
                                           ", 10000)");
        REQUIRE(terminated.size() == 1);
        CHECK(terminated[0][0] == "t");
        lock.reset();  // its unlock fails on the dead connection and only logs
        other.reset();

        CHECK(queue.deliver_due(smtp_of(server), Clock::now() + 24h).sent == 0);
        const auto mails = queue.all();
        REQUIRE(mails.size() == 1);
        CHECK(mails[0].status == "in_doubt");
        CHECK(mails[0].last_error.find("sitrep send N") != std::string::npos);
        CHECK_FALSE(queue.next_due().has_value());
        MailQueue reopened(f.store());
        CHECK(reopened.deliver_due(smtp_of(server), Clock::now() + 48h).sent == 0);
        CHECK(server.message_count() == 0);

        // The operator decides: a new round goes out once.
        CHECK(queue.resend_report(report_237(), f.outbox(), one, kTemplates) == 1);
        CHECK(queue.deliver_due(smtp_of(server), Clock::now()).sent == 1);
        CHECK(reopened.deliver_due(smtp_of(server), Clock::now()).sent == 0);
        CHECK(server.message_count() == 1);
        CHECK(server.messages().at(0).message_id.rfind("<sitrep-0237-r1-vdab-ops.", 0) == 0);
    }
}

}  // namespace sitrep
