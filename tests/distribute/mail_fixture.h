#pragma once

// What the mail tests share: an outbox with report 237's files, a state folder, recipients,
// and the SMTP settings of a test server.

#include <doctest/doctest.h>
#include <stdlib.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "pipeline/config/config.h"
#include "pipeline/distribute/mail_queue.h"
#include "pipeline/distribute/smtp_sender.h"
#include "pipeline/foundation/store_location.h"
#include "tests/distribute/smtp_server.h"

namespace sitrep::test {

inline const std::string kTemplates = std::string(SITREP_SOURCE_DIR) + "/templates";

/// A temporary outbox with report 237's files (any bytes will do) and a state folder.
struct MailFixture {
    std::filesystem::path dir;
    std::string store_url;  ///< empty for SQLite in the state folder

    /// With `store_url`, the queue lives on that server instead of in the state folder.
    explicit MailFixture(std::string url = {}) : store_url(std::move(url)) {
        std::string pattern =
            (std::filesystem::temp_directory_path() / "sitrep-mail-XXXXXX").string();
        REQUIRE(::mkdtemp(pattern.data()) != nullptr);
        dir = pattern;
        std::filesystem::create_directories(dir / "outbox");
        for (const char* lang : {"nl", "fr", "en"})
            write("sitrep-0237." + std::string(lang) + ".pdf",
                  "%PDF-1.4\n" + std::string(lang) + std::string("\0\x01\xff\r\n.\r\n", 7) +
                      std::string(3000, 'x') + "\n%%EOF\n");
        write("sitrep-0237.annex.xlsx", std::string("PK\x03\x04", 4) + std::string(500, '\x7f'));
    }
    ~MailFixture() {
        std::error_code ec;
        std::filesystem::remove_all(dir, ec);
    }
    MailFixture(const MailFixture&) = delete;
    MailFixture& operator=(const MailFixture&) = delete;

    std::string outbox() const { return (dir / "outbox").string(); }
    std::string state() const { return (dir / "state").string(); }
    /// The store the queue lives in.
    StoreLocation store() const { return {state(), store_url, ""}; }

    void write(const std::string& name, const std::string& bytes) const {
        std::ofstream(dir / "outbox" / name, std::ios::binary) << bytes;
    }
    std::string read(const std::string& name) const {
        std::ifstream in(dir / "outbox" / name, std::ios::binary);
        std::ostringstream out;
        out << in.rdbuf();
        return out.str();
    }
};

inline ReportFacts report_237(const std::string& kind = "daily", const std::string& reason = "",
                              const std::string& classification = "") {
    return {237,           kind, reason, Date::from_ymd(2023, 2, 8), "2023-02-08T07:00:00+01:00",
            classification};
}

inline RecipientConfig recipient(const std::string& name, const std::string& email,
                                 const std::string& lang, bool annex = false) {
    RecipientConfig r;
    r.name = name;
    r.email = email;
    r.lang = lang;
    r.partner = name.substr(0, name.find('-'));
    r.attach_pdf = true;
    r.attach_annex = annex;
    return r;
}

inline const std::vector<RecipientConfig> kRecipients = {
    recipient("vdab-ops", "ops@vdab.example", "nl"),
    recipient("fedasil-ops", "ops@fedasil.example", "fr", true),
};

inline SmtpSettings smtp_of(const SmtpServer& server) {
    SmtpSettings s;
    s.host = server.host();
    s.port = server.port();
    s.from = "sitrep@crisiscenter.example";
    s.timeout = std::chrono::seconds(5);
    return s;
}

inline QueuedMail mail_to(const std::vector<QueuedMail>& mails, const std::string& email,
                          int round = 0) {
    for (const auto& m : mails)
        if (m.email == email && m.round == round) return m;
    FAIL("no mail to " << email << " in round " << round);
    return {};
}

}  // namespace sitrep::test
