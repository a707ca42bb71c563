#include <Poco/Net/DialogSocket.h>
#include <Poco/Net/ServerSocket.h>
#include <doctest/doctest.h>

#include <atomic>
#include <cctype>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "pipeline/distribute/mail_message.h"
#include "pipeline/distribute/mail_queue.h"
#include "pipeline/distribute/mail_texts.h"
#include "pipeline/distribute/resend_choice.h"
#include "pipeline/foundation/errors.h"
#include "pipeline/foundation/sha256.h"
#include "pipeline/store/database.h"
#include "tests/distribute/mail_fixture.h"
#include "tests/distribute/smtp_server.h"

using namespace std::chrono_literals;
using sitrep::test::SmtpServer;

namespace sitrep {
namespace {

using namespace test;
namespace fs = std::filesystem;
using Clock = std::chrono::system_clock;

/// A minimal SMTP server that hangs up at one step of the first transaction: after the
/// recipient (nothing can have been delivered), or after taking the whole message without
/// answering it (like a server that stored the mail and crashed before saying so).
class HangingUpServer {
public:
    enum class At { recipient, end_of_data };

    explicit HangingUpServer(At at)
        : at_(at),
          socket_(Poco::Net::SocketAddress("127.0.0.1", 0)),
          thread_([this] { serve(); }) {}
    ~HangingUpServer() { thread_.join(); }
    HangingUpServer(const HangingUpServer&) = delete;
    HangingUpServer& operator=(const HangingUpServer&) = delete;

    int port() const { return socket_.address().port(); }
    /// Whether the whole message (up to the final dot) arrived.
    bool took_message() const { return took_message_; }

private:
    void serve() {
        if (!socket_.poll(Poco::Timespan(10, 0), Poco::Net::Socket::SELECT_READ)) return;
        Poco::Net::DialogSocket s(socket_.acceptConnection());
        s.setReceiveTimeout(Poco::Timespan(10, 0));
        s.sendMessage("220 hanging-up test server");
        std::string line;
        while (line.clear(), s.receiveMessage(line)) {
            if (line.rfind("RCPT", 0) == 0 && at_ == At::recipient) break;
            if (line == "DATA") {
                s.sendMessage("354 go ahead");
                while (line.clear(), s.receiveMessage(line) && line != ".") {
                }
                took_message_ = line == ".";
                break;  // and never say 250
            }
            s.sendMessage(line.rfind("QUIT", 0) == 0 ? "221 bye" : "250 ok");
        }
        s.close();
    }

    At at_;
    Poco::Net::ServerSocket socket_;
    std::atomic<bool> took_message_{false};
    std::thread thread_;
};

/// A minimal SMTP server that takes each message whole, keeps its text, and answers the end
/// of DATA with 451 (try again later) the first time and 250 after; `connections` bounds how
/// many connections it serves, one after the other.
class DeferringServer {
public:
    explicit DeferringServer(int connections)
        : connections_(connections),
          socket_(Poco::Net::SocketAddress("127.0.0.1", 0)),
          thread_([this] { serve(); }) {}
    ~DeferringServer() { thread_.join(); }
    DeferringServer(const DeferringServer&) = delete;
    DeferringServer& operator=(const DeferringServer&) = delete;

    int port() const { return socket_.address().port(); }
    /// The text of every message received, CRLF line ends, in order (after the thread ends).
    std::vector<std::string> messages() {
        thread_.join();
        thread_ = std::thread([] {});
        return messages_;
    }

private:
    void serve() {
        for (int c = 0; c < connections_; ++c) {
            if (!socket_.poll(Poco::Timespan(10, 0), Poco::Net::Socket::SELECT_READ)) return;
            Poco::Net::DialogSocket s(socket_.acceptConnection());
            s.setReceiveTimeout(Poco::Timespan(10, 0));
            s.sendMessage("220 deferring test server");
            std::string line;
            while (line.clear(), s.receiveMessage(line)) {
                if (line == "DATA") {
                    s.sendMessage("354 go ahead");
                    std::string text;
                    while (line.clear(), s.receiveMessage(line) && line != ".")
                        text += line + "\r\n";
                    messages_.push_back(text);
                    s.sendMessage(messages_.size() == 1 ? "451 4.3.0 try again later"
                                                        : "250 2.0.0 queued");
                    continue;
                }
                const bool quit = line.rfind("QUIT", 0) == 0;
                s.sendMessage(quit ? "221 bye" : "250 ok");
                if (quit) break;
            }
            s.close();
        }
    }

    int connections_;
    Poco::Net::ServerSocket socket_;
    std::vector<std::string> messages_;
    std::thread thread_;
};

/// The unfolded value of header `name` (any case) of a raw message; empty when absent.
std::string header_of(const std::string& message, const std::string& name) {
    std::istringstream in(message);
    std::string line, value;
    bool inside = false;
    auto lower = [](std::string s) {
        for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        return s;
    };
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty()) break;  // the end of the header
        if (line[0] == ' ' || line[0] == '\t') {
            if (inside) value += line;
            continue;
        }
        if (inside) return value;
        const size_t colon = line.find(':');
        inside = colon != std::string::npos && lower(line.substr(0, colon)) == lower(name);
        if (inside) value = line.substr(line.find_first_not_of(' ', colon + 1));
    }
    return inside ? value : "";
}

/// Whether `id` is an RFC 5322 msg-id whose right side is `domain`: <dot-atom@domain>.
bool is_message_id_at(const std::string& id, const std::string& domain) {
    static const std::regex kMsgId(R"(<[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@([^<>@\s]+)>)");
    std::smatch m;
    return std::regex_match(id, m, kMsgId) && m[2] == domain;
}

}  // namespace

TEST_CASE("a report reaches every recipient in their language with the PDF attached") {
    MailFixture f;
    SmtpServer server;
    MailQueue queue(f.store());
    REQUIRE(queue.enqueue_report(report_237(), f.outbox(), kRecipients, kTemplates) == 2);

    Config config;
    config.smtp_host = server.host();
    config.smtp_port = server.port();
    config.smtp_from = "sitrep@crisiscenter.example";
    const auto stats = queue.deliver_due(config, Clock::now());
    CHECK(stats.sent == 2);
    CHECK(stats.failed == 0);
    REQUIRE(server.message_count() == 2);

    const auto nl = server.messages_to("ops@vdab.example");
    REQUIRE(nl.size() == 1);
    CHECK(nl[0].subject == "SITREP 237 — Opvang Oekraïne — 08/02/2023");
    CHECK(nl[0].to == "ops@vdab.example");
    CHECK(nl[0].from_address == "sitrep@crisiscenter.example");
    CHECK(nl[0].from_name == "sitrep");
    CHECK(nl[0].mail_from == "sitrep@crisiscenter.example");
    CHECK(nl[0].message_id.rfind("<sitrep-0237-r0-vdab-ops.", 0) == 0);
    CHECK(is_message_id_at(nl[0].message_id, "crisiscenter.example"));
    CHECK(nl[0].body.find("situatierapport nr. 237") != std::string::npos);
    CHECK(nl[0].body.find("uitgegeven om 07:00") != std::string::npos);
    REQUIRE(nl[0].attachments.size() == 1);
    CHECK(nl[0].attachments[0].filename == "sitrep-0237.nl.pdf");
    CHECK(nl[0].attachments[0].content_type == "application/pdf");
    CHECK(nl[0].attachments[0].bytes == f.read("sitrep-0237.nl.pdf"));

    const auto fr = server.messages_to("ops@fedasil.example");
    REQUIRE(fr.size() == 1);
    CHECK(fr[0].subject == "SITREP 237 — Accueil Ukraine — 08/02/2023");
    CHECK(fr[0].body.find("rapport de situation n° 237") != std::string::npos);
    REQUIRE(fr[0].attachments.size() == 2);
    CHECK(fr[0].attachments[0].filename == "sitrep-0237.fr.pdf");
    CHECK(fr[0].attachments[0].bytes == f.read("sitrep-0237.fr.pdf"));
    CHECK(fr[0].attachments[1].filename == "sitrep-0237.annex.xlsx");
    CHECK(fr[0].attachments[1].bytes == f.read("sitrep-0237.annex.xlsx"));

    const auto mails = queue.all();
    REQUIRE(mails.size() == 2);
    for (const auto& m : mails) {
        CHECK(m.status == "sent");
        CHECK(m.attempts == 1);
        CHECK(m.last_error.empty());
        CHECK_FALSE(m.sent_at.empty());
    }
    CHECK(mail_to(mails, "ops@vdab.example").attachment_sha256 ==
          sha256_hex(f.read("sitrep-0237.nl.pdf")));
    CHECK_FALSE(queue.next_due().has_value());

    SUBCASE("queuing the same report again sends nothing") {
        CHECK(queue.enqueue_report(report_237(), f.outbox(), kRecipients, kTemplates) == 0);
        CHECK(queue.deliver_due(config, Clock::now() + 1h).sent == 0);
        CHECK(server.message_count() == 2);
    }
    SUBCASE("sitrep send N delivers the identical files exactly once more") {
        CHECK(queue.resend_report(report_237(), f.outbox(), kRecipients, kTemplates) == 2);
        CHECK(queue.deliver_due(config, Clock::now()).sent == 2);
        CHECK(queue.deliver_due(config, Clock::now() + 1h).sent == 0);
        REQUIRE(server.message_count() == 4);
        const auto again = server.messages_to("ops@vdab.example");
        REQUIRE(again.size() == 2);
        CHECK(again[0].attachments.at(0).bytes == again[1].attachments.at(0).bytes);
        CHECK(mail_to(queue.all(), "ops@vdab.example", 1).message_id ==
              again[1].message_id);
        CHECK(again[1].message_id.rfind("<sitrep-0237-r1-vdab-ops.", 0) == 0);
    }
}

TEST_CASE("mails wait while the SMTP server is down and arrive exactly once when it is back") {
    MailFixture f;
    SmtpServer server;
    server.stop();
    MailQueue queue(f.store());
    REQUIRE(queue.enqueue_report(report_237(), f.outbox(), kRecipients, kTemplates) == 2);

    const auto t0 = Clock::now();
    const auto down = queue.deliver_due(smtp_of(server), t0);
    CHECK(down.sent == 0);
    CHECK(down.failed == 2);
    for (const auto& m : queue.all()) {
        CHECK(m.status == "queued");
        CHECK(m.attempts == 1);
        CHECK(m.next_attempt > t0);
        CHECK(m.next_attempt <= t0 + 30s);
        CHECK(m.last_error.find(std::to_string(server.port())) != std::string::npos);
    }
    REQUIRE(queue.next_due().has_value());
    CHECK(*queue.next_due() <= t0 + 30s);
    // Not due yet: nothing is tried, so attempts stay at 1.
    CHECK(queue.deliver_due(smtp_of(server), t0 + 5s).failed == 0);
    CHECK(queue.all().front().attempts == 1);

    server.start();
    const auto back = queue.deliver_due(smtp_of(server), t0 + 31s);
    CHECK(back.sent == 2);
    CHECK(back.failed == 0);
    CHECK(queue.deliver_due(smtp_of(server), t0 + 2h).sent == 0);
    CHECK(server.message_count() == 2);
    CHECK(server.messages_to("ops@vdab.example").size() == 1);
    CHECK(server.messages_to("ops@fedasil.example").size() == 1);
    for (const auto& m : queue.all()) {
        CHECK(m.status == "sent");
        CHECK(m.attempts == 2);
    }
}

TEST_CASE("deliveries running at once send each mail exactly once") {
    MailFixture f;
    SmtpServer server;
    std::vector<RecipientConfig> recipients;
    for (int i = 0; i < 6; ++i)
        recipients.push_back(recipient("partner" + std::to_string(i) + "-ops",
                                       "ops" + std::to_string(i) + "@partner.example",
                                       i % 2 ? "fr" : "nl"));
    MailQueue queue(f.store());
    MailQueue other(f.store());  // as another process on the same state folder would
    REQUIRE(queue.enqueue_report(report_237(), f.outbox(), recipients, kTemplates) == 6);

    const auto t = Clock::now();
    MailQueue::DeliveryStats a, b, c;
    size_t seen = 0;
    {
        std::thread first([&] { a = queue.deliver_due(smtp_of(server), t); });
        std::thread second([&] { b = queue.deliver_due(smtp_of(server), t); });
        std::thread third([&] { c = other.deliver_due(smtp_of(server), t); });
        std::thread reader([&] {
            for (int i = 0; i < 20; ++i) seen = queue.all().size();
        });
        first.join();
        second.join();
        third.join();
        reader.join();
    }
    CHECK(a.sent + b.sent + c.sent == 6);
    CHECK(a.failed + b.failed + c.failed == 0);
    CHECK(seen == 6);
    CHECK(server.message_count() == 6);
    for (const auto& r : recipients) CHECK(server.messages_to(r.email).size() == 1);
}

TEST_CASE("a mail interrupted mid-send is in doubt and never sent again on its own") {
    MailFixture f;
    SmtpServer server;
    const std::vector<RecipientConfig> one = {kRecipients[0]};
    {
        MailQueue queue(f.store());
        REQUIRE(queue.enqueue_report(report_237(), f.outbox(), one, kTemplates) == 1);
    }
    {
        // What a process that died between "sending" and "sent" leaves behind.
        Database::open(f.store())->exec("UPDATE mails SET status = 'sending'");
    }
    MailQueue queue(f.store());
    auto mails = queue.all();
    REQUIRE(mails.size() == 1);
    CHECK(mails[0].status == "in_doubt");
    CHECK(mails[0].last_error.find("sitrep send N") != std::string::npos);
    CHECK_FALSE(queue.next_due().has_value());
    CHECK(queue.deliver_due(smtp_of(server), Clock::now() + 24h).sent == 0);
    CHECK(server.message_count() == 0);

    // The operator decides: a new round goes out once.
    CHECK(queue.resend_report(report_237(), f.outbox(), one, kTemplates) == 1);
    CHECK(queue.deliver_due(smtp_of(server), Clock::now()).sent == 1);
    CHECK(server.message_count() == 1);
    CHECK(server.messages().at(0).message_id.rfind("<sitrep-0237-r1-vdab-ops.", 0) == 0);
}

TEST_CASE("a server that hangs up before the end of DATA gets the mail again later") {
    MailFixture f;
    HangingUpServer server(HangingUpServer::At::recipient);
    MailQueue queue(f.store());
    REQUIRE(queue.enqueue_report(report_237(), f.outbox(), {kRecipients[0]}, kTemplates) == 1);
    SmtpSettings smtp;
    smtp.host = "127.0.0.1";
    smtp.port = server.port();
    smtp.from = "sitrep@crisiscenter.example";
    CHECK(queue.deliver_due(smtp, Clock::now()).failed == 1);
    const auto m = queue.all().at(0);
    CHECK(m.status == "queued");
    CHECK(m.last_error == "RCPT TO: the server closed the connection");
    CHECK_FALSE(server.took_message());
}

TEST_CASE("a server that takes the whole message but never answers leaves it in doubt") {
    MailFixture f;
    HangingUpServer server(HangingUpServer::At::end_of_data);
    MailQueue queue(f.store());
    REQUIRE(queue.enqueue_report(report_237(), f.outbox(), {kRecipients[0]}, kTemplates) == 1);
    SmtpSettings smtp;
    smtp.host = "127.0.0.1";
    smtp.port = server.port();
    smtp.from = "sitrep@crisiscenter.example";
    const auto stats = queue.deliver_due(smtp, Clock::now());
    CHECK(stats.sent == 0);
    CHECK(stats.failed == 1);
    CHECK(server.took_message());
    const auto m = queue.all().at(0);
    CHECK(m.status == "in_doubt");
    CHECK(m.last_error.find("without answering the end of DATA") != std::string::npos);
    CHECK_FALSE(queue.next_due().has_value());  // it is not tried again on its own
}

TEST_CASE("a file that changed after it was queued is refused, not sent") {
    MailFixture f;
    SmtpServer server;
    MailQueue queue(f.store());
    REQUIRE(queue.enqueue_report(report_237(), f.outbox(), {kRecipients[0]}, kTemplates) == 1);
    f.write("sitrep-0237.nl.pdf", "%PDF-1.4 something else");
    const auto stats = queue.deliver_due(smtp_of(server), Clock::now());
    CHECK(stats.sent == 0);
    CHECK(stats.failed == 1);
    const auto m = queue.all().at(0);
    CHECK(m.status == "failed");
    CHECK(m.last_error.find("sitrep-0237.nl.pdf: it changed since it was queued") !=
          std::string::npos);
    CHECK(server.message_count() == 0);

    SUBCASE("and a resend of different files is refused too") {
        CHECK(queue.resend_report(report_237(), f.outbox(), {kRecipients[0]}, kTemplates) == 0);
        const auto again = mail_to(queue.all(), "ops@vdab.example", 1);
        CHECK(again.status == "failed");
        CHECK(again.last_error.find("sitrep-0237.nl.pdf is not the file sent before") !=
              std::string::npos);
    }
}

TEST_CASE("a recipient whose PDF is missing gets a failed mail that names the file") {
    MailFixture f;
    fs::remove(f.dir / "outbox" / "sitrep-0237.en.pdf");
    MailQueue queue(f.store());
    std::vector<RecipientConfig> recipients = kRecipients;
    recipients.push_back(recipient("unhcr", "be@unhcr.example", "en"));
    CHECK(queue.enqueue_report(report_237(), f.outbox(), recipients, kTemplates) == 2);
    const auto m = mail_to(queue.all(), "be@unhcr.example");
    CHECK(m.status == "failed");
    CHECK(m.last_error.find("sitrep-0237.en.pdf is not in") != std::string::npos);
}

TEST_CASE("mail texts come from templates/mail in each language") {
    SUBCASE("the project's texts fill every placeholder") {
        for (const char* lang : {"nl", "fr", "en"}) {
            CAPTURE(lang);
            const auto t = MailTexts::load(kTemplates, lang);
            for (const auto& r : {report_237(), report_237("urgent", "Grote toestroom")}) {
                CHECK(t.subject(r).find('{') == std::string::npos);
                CHECK(t.body(r).find('{') == std::string::npos);
                CHECK(t.subject(r).find("SITREP 237") != std::string::npos);
            }
            CHECK(t.body(report_237("urgent", "Grote toestroom")).find("Grote toestroom") !=
                  std::string::npos);
        }
        CHECK(MailTexts::load(kTemplates, "nl").subject(report_237("urgent", "x")) ==
              "DRINGEND — SITREP 237 — Opvang Oekraïne — 08/02/2023");
    }
    SUBCASE("a missing language or key is a configuration error naming the file and key") {
        MailFixture f;
        const std::string dir = (f.dir / "templates").string();
        fs::create_directories(dir + "/mail");
        std::ofstream(dir + "/mail/nl.properties") << "subject = SITREP {number}\n"
                                                      "subject_urgent = URGENT {number}\n"
                                                      "body = Rapport {number}\n";
        CHECK_THROWS_WITH_AS(MailTexts::load(dir, "nl"),
                             (dir + "/mail/nl.properties: missing key 'body_urgent'").c_str(),
                             ConfigError);
        CHECK_THROWS_WITH_AS(MailTexts::load(dir, "de"),
                             (dir + "/mail/de.properties: no mail texts for language 'de'").c_str(),
                             ConfigError);
        MailQueue queue(f.store());
        CHECK_THROWS_AS(queue.enqueue_report(report_237(), f.outbox(), kRecipients, dir),
                        ConfigError);
        CHECK(queue.all().empty());
    }
    SUBCASE("an unknown placeholder is a configuration error") {
        MailFixture f;
        const std::string dir = (f.dir / "templates").string();
        fs::create_directories(dir + "/mail");
        std::ofstream(dir + "/mail/nl.properties") << "subject = SITREP {nummer}\n"
                                                      "subject_urgent = URGENT {number}\n"
                                                      "body = Rapport {number}\n"
                                                      "body_urgent = Rapport {number}\n";
        CHECK_THROWS_WITH_AS(MailTexts::load(dir, "nl"),
                             (dir + "/mail/nl.properties: key 'subject': unknown placeholder "
                                    "{nummer} (known: {number}, {date}, {time}, {reason})")
                                 .c_str(),
                             ConfigError);
    }
}

TEST_CASE("retries back off from 10 seconds to every half hour") {
    CHECK(retry_delay(1) == 10s);
    CHECK(retry_delay(2) == 30s);
    CHECK(retry_delay(3) == 1min);
    CHECK(retry_delay(4) == 2min);
    CHECK(retry_delay(5) == 5min);
    CHECK(retry_delay(6) == 10min);
    CHECK(retry_delay(7) == 30min);
    CHECK(retry_delay(40) == 30min);
}

TEST_CASE("queued mails without an SMTP server in the configuration are a configuration error") {
    MailFixture f;
    MailQueue queue(f.store());
    Config config;
    CHECK(queue.deliver_due(config, Clock::now()).sent == 0);  // nothing waiting: no error
    REQUIRE(queue.enqueue_report(report_237(), f.outbox(), kRecipients, kTemplates) == 2);
    CHECK_THROWS_WITH_AS(queue.deliver_due(config, Clock::now()),
                         "[smtp] host is not set, but mails are waiting to be sent", ConfigError);
}

TEST_CASE("STARTTLS and AUTH PLAIN deliver through a server that requires both") {
    MailFixture f;
    SmtpServer::Options options;
    options.starttls = true;
    options.user = "sitrep";
    options.password = "s3cret p@ss";
    SmtpServer server(options);
    MailQueue queue(f.store());
    REQUIRE(queue.enqueue_report(report_237(), f.outbox(), {kRecipients[0]}, kTemplates) == 1);
    SmtpSettings smtp = smtp_of(server);
    smtp.starttls = true;
    smtp.user = options.user;
    smtp.password = options.password;
    smtp.ca_file = server.cert_file();

    SUBCASE("with the right password and a trusted certificate") {
        CHECK(queue.deliver_due(smtp, Clock::now()).sent == 1);
        REQUIRE(server.message_count() == 1);
        CHECK(server.messages().at(0).attachments.at(0).bytes == f.read("sitrep-0237.nl.pdf"));
    }
    SUBCASE("a wrong password keeps the mail queued") {
        smtp.password = "wrong";
        CHECK(queue.deliver_due(smtp, Clock::now()).failed == 1);
        const auto m = queue.all().at(0);
        CHECK(m.status == "queued");
        CHECK(m.last_error.find("535") != std::string::npos);
        CHECK(server.message_count() == 0);
    }
    SUBCASE("a certificate nobody vouches for keeps the mail queued") {
        smtp.ca_file.clear();  // the system's CAs do not know the test certificate
        CHECK(queue.deliver_due(smtp, Clock::now()).failed == 1);
        CHECK(queue.all().at(0).status == "queued");
        CHECK(server.message_count() == 0);
    }
    SUBCASE("without STARTTLS the server refuses to take the mail") {
        smtp.starttls = false;
        CHECK(queue.deliver_due(smtp, Clock::now()).failed == 1);
        CHECK(queue.all().at(0).status == "queued");
        CHECK(server.message_count() == 0);
    }
}

TEST_CASE("STARTTLS without AUTH delivers through a server that requires STARTTLS") {
    MailFixture f;
    SmtpServer::Options options;
    options.starttls = true;
    SmtpServer server(options);
    MailQueue queue(f.store());
    REQUIRE(queue.enqueue_report(report_237(), f.outbox(), {kRecipients[0]}, kTemplates) == 1);
    SmtpSettings smtp = smtp_of(server);
    smtp.starttls = true;
    smtp.ca_file = server.cert_file();
    CHECK(queue.deliver_due(smtp, Clock::now()).sent == 1);
    CHECK(server.message_count() == 1);
}

TEST_CASE("STARTTLS configured but not offered sends nothing in clear") {
    MailFixture f;
    SmtpServer server;
    MailQueue queue(f.store());
    REQUIRE(queue.enqueue_report(report_237(), f.outbox(), {kRecipients[0]}, kTemplates) == 1);
    SmtpSettings smtp = smtp_of(server);
    smtp.starttls = true;
    CHECK(queue.deliver_due(smtp, Clock::now()).failed == 1);
    const auto m = queue.all().at(0);
    CHECK(m.status == "queued");
    CHECK(m.last_error.find("does not offer STARTTLS") != std::string::npos);
    CHECK(server.message_count() == 0);
}

}  // namespace sitrep

namespace sitrep {

TEST_CASE("a Message-ID is on the sender's domain, the same on a retry and new on a resend or a "
          "fresh state") {
    SmtpSettings smtp;
    smtp.host = "127.0.0.1";
    smtp.from = "sitrep@crisiscenter.example";
    smtp.timeout = 5s;
    std::string first_state_id;
    {
        MailFixture f;
        DeferringServer server(2);
        smtp.port = server.port();
        MailQueue queue(f.store());
        REQUIRE(queue.enqueue_report(report_237(), f.outbox(), {kRecipients[0]}, kTemplates) == 1);
        CHECK(queue.deliver_due(smtp, Clock::now()).failed == 1);  // 451 at the end of DATA
        CHECK(queue.deliver_due(smtp, Clock::now() + 1h).sent == 1);
        const auto texts = server.messages();
        REQUIRE(texts.size() == 2);
        first_state_id = header_of(texts[0], "Message-ID");
        CHECK(is_message_id_at(first_state_id, "crisiscenter.example"));
        CHECK(first_state_id.rfind("<sitrep-0237-r0-vdab-ops.", 0) == 0);
        CHECK(header_of(texts[1], "Message-ID") == first_state_id);  // a retry: the same message
        CHECK(queue.all().at(0).message_id == first_state_id);
    }
    // The same report, number and recipient in a fresh state folder is another message.
    MailFixture f;
    SmtpServer server;
    smtp.port = server.port();
    MailQueue queue(f.store());
    REQUIRE(queue.enqueue_report(report_237(), f.outbox(), {kRecipients[0]}, kTemplates) == 1);
    CHECK(queue.deliver_due(smtp, Clock::now()).sent == 1);
    CHECK(queue.resend_report(report_237(), f.outbox(), {kRecipients[0]}, kTemplates) == 1);
    CHECK(queue.deliver_due(smtp, Clock::now()).sent == 1);
    const auto received = server.messages();
    REQUIRE(received.size() == 2);
    const std::string fresh = received[0].message_id, resent = received[1].message_id;
    CHECK(is_message_id_at(fresh, "crisiscenter.example"));
    CHECK(is_message_id_at(resent, "crisiscenter.example"));
    CHECK(fresh != first_state_id);
    CHECK(resent != fresh);
    CHECK(resent.rfind("<sitrep-0237-r1-vdab-ops.", 0) == 0);
}

}  // namespace sitrep

namespace sitrep {

TEST_CASE("a relay that wants a fully-qualified EHLO name takes the mail") {
    MailFixture f;
    SmtpServer::Options options;
    options.require_fqdn_helo = true;
    SmtpServer server(options);
    MailQueue queue(f.store());
    REQUIRE(queue.enqueue_report(report_237(), f.outbox(), {kRecipients[0]}, kTemplates) == 1);
    Config config;
    config.smtp_host = server.host();
    config.smtp_port = server.port();
    config.smtp_from = "sitrep@crisiscenter.example";

    SUBCASE("by default: the machine's full name, or the sender's domain") {
        CHECK(queue.deliver_due(config, Clock::now()).sent == 1);
        CHECK(queue.all().at(0).last_error == "");
        REQUIRE(server.message_count() == 1);
        const std::string helo = server.messages().at(0).helo;
        CHECK(helo.find('.') != std::string::npos);
        CHECK(helo == default_helo(machine_name(), config.smtp_from));
    }
    SUBCASE("as [smtp] helo names it") {
        const std::string ini = (f.dir / "sitrep.ini").string();
        std::ofstream(ini) << "[smtp]\nhost = 127.0.0.1\nport = " << server.port()
                           << "\nfrom = sitrep@crisiscenter.example\n"
                              "helo = relay-client.crisiscenter.example\n";
        CHECK(queue.deliver_due(load_config(ini), Clock::now()).sent == 1);
        REQUIRE(server.message_count() == 1);
        CHECK(server.messages().at(0).helo == "relay-client.crisiscenter.example");
    }
    SUBCASE("a bare host name in [smtp] helo is refused by the relay and the mail waits") {
        config.smtp_helo = "vm";
        CHECK(queue.deliver_due(config, Clock::now()).failed == 1);
        const auto m = queue.all().at(0);
        CHECK(m.status == "queued");
        CHECK(m.last_error.find("504 5.5.2 <vm>") != std::string::npos);
        CHECK(server.message_count() == 0);
    }
}

TEST_CASE("the default EHLO name is fully qualified when the machine's name is not") {
    CHECK(default_helo("vm", "sitrep@crisiscenter.example") == "crisiscenter.example");
    CHECK(default_helo("mail1.nccn.example", "sitrep@crisiscenter.example") ==
          "mail1.nccn.example");
    CHECK(default_helo("vm", "") == "vm");  // nothing better to say
}

TEST_CASE("a report mail is dated with a numeric zone, names its sender and its language") {
    MailFixture f;
    SmtpServer server;
    MailQueue queue(f.store());
    REQUIRE(queue.enqueue_report(report_237(), f.outbox(), kRecipients, kTemplates) == 2);
    const auto when = Clock::from_time_t(1909130400);  // 2030-07-01T10:00:00Z, summer time
    CHECK(queue.deliver_due(smtp_of(server), when).sent == 2);
    const auto nl = server.messages_to("ops@vdab.example");
    const auto fr = server.messages_to("ops@fedasil.example");
    REQUIRE(nl.size() == 1);
    REQUIRE(fr.size() == 1);
    CHECK(nl[0].date == "Mon, 01 Jul 2030 12:00:00 +0200");
    CHECK(nl[0].date_iso == "2030-07-01T12:00:00+02:00");
    CHECK(nl[0].from_name == "sitrep");
    CHECK(nl[0].from_address == "sitrep@crisiscenter.example");
    CHECK(nl[0].content_language == "nl");
    CHECK(fr[0].content_language == "fr");
    CHECK(nl[0].defects.empty());
    CHECK(fr[0].defects.empty());
}

TEST_CASE("the sender's display name comes from [smtp] from_name, encoded when not ASCII") {
    MailFixture f;
    SmtpServer server;
    MailQueue queue(f.store());
    REQUIRE(queue.enqueue_report(report_237(), f.outbox(), kRecipients, kTemplates) == 2);
    SmtpSettings smtp = smtp_of(server);
    std::string name;
    SUBCASE("a name with a comma, quotes and parentheses") {
        name = "Crisis Centre, \"NCCN\" (sitrep)";
    }
    SUBCASE("a name in French, with more to encode than one encoded word holds") {
        name = "Centre de Crise — rapports de situation (accueil des déplacés d'Ukraine, "
               "données jusqu'au dernier jour ouvré)";
    }
    smtp.from_name = name;
    CHECK(queue.deliver_due(smtp, Clock::now()).sent == 2);
    for (const auto& m : server.messages()) {
        CHECK(m.from_name == name);
        CHECK(m.from_address == "sitrep@crisiscenter.example");
        CHECK(m.defects.empty());
    }
}

TEST_CASE("the TLP label of the report leads its subject and its body") {
    MailFixture f;
    SmtpServer server;
    MailQueue queue(f.store());
    const auto amber = report_237("daily", "", "TLP:AMBER");
    REQUIRE(queue.enqueue_report(amber, f.outbox(), kRecipients, kTemplates) == 2);
    CHECK(queue.deliver_due(smtp_of(server), Clock::now()).sent == 2);
    const auto nl = server.messages_to("ops@vdab.example");
    const auto fr = server.messages_to("ops@fedasil.example");
    REQUIRE(nl.size() == 1);
    REQUIRE(fr.size() == 1);
    CHECK(nl[0].subject == "[TLP:AMBER] SITREP 237 — Opvang Oekraïne — 08/02/2023");
    CHECK(fr[0].subject == "[TLP:AMBER] SITREP 237 — Accueil Ukraine — 08/02/2023");
    CHECK(nl[0].body.rfind("TLP:AMBER\n\nBeste,\n", 0) == 0);
    CHECK(fr[0].body.rfind("TLP:AMBER\n\nBonjour,\n", 0) == 0);
    CHECK(MailTexts::load(kTemplates, "en").subject(report_237("urgent", "x", "TLP:RED")) ==
          "[TLP:RED] URGENT — SITREP 237 — Reception Ukraine — 08/02/2023");
}

}  // namespace sitrep

namespace sitrep {

TEST_CASE("a resend goes to the recipients named, or to those whose last mail did not arrive") {
    std::vector<RecipientConfig> configured = kRecipients;
    configured.push_back(recipient("unhcr", "be@unhcr.example", "en"));
    configured.push_back(recipient("actiris-ops", "ops@actiris.example", "fr"));
    auto mail = [](int64_t id, int round, const std::string& who, const std::string& status) {
        QueuedMail m;
        m.id = id;
        m.round = round;
        m.recipient = who;
        m.status = status;
        return m;
    };
    // vdab failed, then arrived on a resend; fedasil is in doubt; unhcr failed; actiris was
    // added to the configuration after the report went out.
    const std::vector<QueuedMail> mails = {
        mail(1, 0, "vdab-ops", "failed"), mail(2, 0, "fedasil-ops", "in_doubt"),
        mail(3, 0, "unhcr", "failed"), mail(4, 1, "vdab-ops", "sent")};
    auto names = [](const std::vector<RecipientConfig>& rs) {
        std::string out;
        for (const auto& r : rs) out += (out.empty() ? "" : ",") + r.name;
        return out;
    };
    CHECK(names(choose_recipients(configured, mails, {})) ==
          "vdab-ops,fedasil-ops,unhcr,actiris-ops");
    CHECK(names(choose_recipients(configured, mails, {{}, true})) == "fedasil-ops,unhcr");
    CHECK(names(choose_recipients(configured, mails, {{"unhcr", "OPS@vdab.example"}, false})) ==
          "vdab-ops,unhcr");
    CHECK(names(choose_recipients(configured, mails, {{"vdab-ops", "unhcr"}, true})) == "unhcr");
    CHECK_THROWS_WITH_AS(choose_recipients(configured, mails, {{"vdab"}, false}),
                         "--to: 'vdab' is not a configured recipient (known: vdab-ops "
                         "<ops@vdab.example>, fedasil-ops <ops@fedasil.example>, unhcr "
                         "<be@unhcr.example>, actiris-ops <ops@actiris.example>)",
                         UsageError);
}

}  // namespace sitrep

namespace sitrep {

// A report issued before annexes had languages has only `sitrep-NNNN.annex.xlsx`: the test
// above sends that one.
TEST_CASE("each recipient gets the annex in their own language") {
    MailFixture f;
    SmtpServer server;
    Config config;
    config.smtp_host = server.host();
    config.smtp_port = server.port();
    config.smtp_from = "sitrep@crisiscenter.example";
    for (const char* lang : {"nl", "fr", "en"})
        f.write("sitrep-0237.annex." + std::string(lang) + ".xlsx",
                std::string("PK\x03\x04", 4) + lang + std::string(400, '\x7f'));
    const std::vector<RecipientConfig> recipients = {
        recipient("vdab-ops", "ops@vdab.example", "nl", true),
        recipient("fedasil-ops", "ops@fedasil.example", "fr", true),
        recipient("nccn-ops", "ops@nccn.example", "en", true),
    };
    MailQueue queue(f.store());
    REQUIRE(queue.enqueue_report(report_237(), f.outbox(), recipients, kTemplates) == 3);
    CHECK(queue.deliver_due(config, Clock::now()).sent == 3);

    for (const auto& [email, annex] :
         std::vector<std::pair<std::string, std::string>>{
             {"ops@vdab.example", "sitrep-0237.annex.nl.xlsx"},
             {"ops@fedasil.example", "sitrep-0237.annex.fr.xlsx"},
             {"ops@nccn.example", "sitrep-0237.annex.en.xlsx"}}) {
        CAPTURE(email);
        const auto mails = server.messages_to(email);
        REQUIRE(mails.size() == 1);
        REQUIRE(mails[0].attachments.size() == 2);
        CHECK(mails[0].attachments[1].filename == annex);
        CHECK(mails[0].attachments[1].bytes == f.read(annex));
        CHECK(mails[0].attachments[1].content_type.find("spreadsheetml") != std::string::npos);
    }
}

}  // namespace sitrep
