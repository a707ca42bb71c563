// The operator's status page, as a browser opens it: `/?token=…`, links followed by clicking.
#include <regex>

#include "tests/distribute/smtp_server.h"
#include "tests/e2e/service_process.h"

using namespace sitrep::test;

namespace {

// Every href of a page, with `&amp;` read back as `&`.
std::vector<std::string> links(const std::string& html) {
    std::vector<std::string> out;
    static const std::regex kHref("href=\"([^\"]*)\"");
    for (std::sregex_iterator it(html.begin(), html.end(), kHref), end; it != end; ++it)
        out.push_back(std::regex_replace((*it)[1].str(), std::regex("&amp;"), "&"));
    return out;
}

}  // namespace

TEST_CASE("the status page opened with ?token= has links that open in the same browser") {
    TempDir t;
    SmtpServer smtp;
    copy_demo_inbox(t / "inbox");
    ServiceProcess service(write_config(t, smtp.port()));
    REQUIRE(http(service.port(), "POST", "/api/v1/reports", kOperator, R"({"reason": "test"})")
                .status == 201);
    REQUIRE_MESSAGE(smtp.wait_for_messages(2, std::chrono::seconds(20)), smtp.log());

    const auto page = http(service.port(), "GET", std::string("/?token=") + kOperator);
    REQUIRE(page.status == 200);
    const auto hrefs = links(page.body);
    REQUIRE(hrefs.size() >= 3);
    bool pdf_seen = false;
    for (const auto& href : hrefs) {
        CAPTURE(href);
        const auto a = http(service.port(), "GET", href);  // no Authorization header
        CHECK(a.status == 200);
        if (a.body == slurp(t / "outbox/sitrep-0237.nl.pdf")) pdf_seen = true;
    }
    CHECK(pdf_seen);
    // A link carries the token only for a page opened with it.
    for (const auto& href : links(http(service.port(), "GET", "/", kOperator).body))
        CHECK(href.find("token=") == std::string::npos);
}

TEST_CASE("the status page shows every time in one zone, says which, and no retry for mail sent") {
    TempDir t;
    SmtpServer smtp;
    copy_demo_inbox(t / "inbox");
    ServiceProcess service(write_config(t, smtp.port()));
    REQUIRE(http(service.port(), "POST", "/api/v1/reports", kOperator, R"({"reason": "test"})")
                .status == 201);
    REQUIRE_MESSAGE(smtp.wait_for_messages(2, std::chrono::seconds(20)), smtp.log());
    // The queue marks a mail sent just after the SMTP server has it.
    std::string page;
    for (int i = 0; i < 50; ++i) {
        page = http(service.port(), "GET", "/", kOperator).body;
        const size_t first = page.find(">sent</td>");
        if (first != std::string::npos && page.find(">sent</td>", first + 1) != std::string::npos)
            break;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    CHECK(page.find("<html lang=\"en\">") != std::string::npos);
    CHECK(page.find("Europe/Brussels") != std::string::npos);
    // No UTC instants beside Brussels ones.
    CHECK_MESSAGE(page.find("Z</td>") == std::string::npos, page);
    CHECK(page.find("+00:00") == std::string::npos);
    static const std::regex kSent(R"(class="sent">sent</td><td>\d+</td><td>([^<]*)</td>)");
    int sent = 0;
    for (std::sregex_iterator it(page.begin(), page.end(), kSent), end; it != end; ++it, ++sent)
        CHECK((*it)[1].str().empty());
    CHECK(sent == 2);
}
