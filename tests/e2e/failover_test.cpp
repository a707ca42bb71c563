// Two `sitrep serve` on one PostgreSQL store: when the leader dies the other takes over, and
// no report number or mail is lost or doubled on the way. Also several `sitrep run` at once.
#include <map>
#include <regex>
#include <set>

#include "tests/distribute/smtp_server.h"
#include "tests/e2e/service_process.h"

using namespace sitrep::test;

namespace {

// A report as the API lists it.
struct Listed {
    int number = 0;
    std::string kind;
};

// The reports a service lists, oldest first.
std::vector<Listed> reports(int port) {
    const auto list = http(port, "GET", "/api/v1/reports", kOperator);
    REQUIRE(list.status == 200);
    auto array = Poco::JSON::Parser()
                     .parse(list.body)
                     .extract<Poco::JSON::Object::Ptr>()
                     ->getArray("reports");
    std::vector<Listed> out;
    for (size_t i = 0; i < array->size(); ++i) {
        auto r = array->getObject(static_cast<unsigned>(i));
        out.push_back({r->getValue<int>("number"), r->getValue<std::string>("kind")});
    }
    std::sort(out.begin(), out.end(), [](auto& x, auto& y) { return x.number < y.number; });
    return out;
}

// Whether `numbers` (sorted) follow each other with no gap and no repeat.
bool gap_free(const std::vector<int>& numbers) {
    for (size_t i = 1; i < numbers.size(); ++i)
        if (numbers[i] != numbers[i - 1] + 1) return false;
    return true;
}

std::vector<int> numbers_of(const std::vector<Listed>& listed) {
    std::vector<int> out;
    for (const auto& r : listed) out.push_back(r.number);
    return out;
}

// How many mails each recipient got of each report, read from the subject ("SITREP 238 — …").
std::map<std::pair<std::string, int>, int> mails_by_report(const SmtpServer& smtp) {
    std::map<std::pair<std::string, int>, int> count;
    static const std::regex number(R"(SITREP (\d+))");
    for (const auto& m : smtp.messages()) {
        std::smatch match;
        REQUIRE_MESSAGE(std::regex_search(m.subject, match, number), m.subject);
        ++count[{m.rcpt_to, std::stoi(match[1])}];
    }
    return count;
}

// Waits until `service` lists `count` reports; the list as last seen.
std::vector<Listed> wait_for_reports(int port, size_t count, int seconds) {
    auto listed = reports(port);
    for (int i = 0; i < seconds * 10 && listed.size() < count; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        listed = reports(port);
    }
    return listed;
}

// Two instances' folders on one store, mailing to one SMTP server, with a years-old report in
// the store: with daily_at = 00:00 today's daily report is then missed (not a first start).
struct TwoInstances {
    ScratchDatabase db;
    SmtpServer smtp;
    TempDir a, b;

    TwoInstances() {
        copy_demo_inbox(a / "inbox");
        copy_demo_inbox(b / "inbox");
        const auto seeded = run_sitrep(demo_run_args(a) + " --store " + db.url());
        REQUIRE_MESSAGE(seeded.exit_code == 0, seeded.output);
    }

    // `catch_up` false keeps an instance from issuing the missed report when it comes to
    // lead, so that a test can kill a leader that has certainly not issued it yet. The first
    // number is the seeding run's (1): a higher one would skip numbers on purpose.
    std::string config(const TempDir& t, bool catch_up) const {
        return write_config(t, smtp.port(), 64,
                            std::string("[report]\nfirst_number = 1\ndaily_at = 00:00\ncatch_up = ") +
                                (catch_up ? "true" : "false") + "\n[store]\nurl = " + db.url() +
                                "\n");
    }
};

constexpr const char* kNl = "crisis@vdab.test";
constexpr const char* kFr = "ops@fedasil.test";

}  // namespace

TEST_CASE("when the leader is killed the standby issues the missed daily report once, within 30 seconds" *
          kPostgres) {
    TwoInstances s;
    ServiceProcess a(s.config(s.a, false));
    REQUIRE(wait_until_leading(a.port()));
    ServiceProcess b(s.config(s.b, true));
    // A leads and, not catching up, has issued nothing; B stands by.
    REQUIRE(reports(a.port()).size() == 1);
    REQUIRE(http(b.port(), "GET", "/metrics", kOperator).body.find("\nsitrep_leader 0") !=
            std::string::npos);

    const auto killed = std::chrono::steady_clock::now();
    a.stop(SIGKILL);
    REQUIRE(wait_until_leading(b.port(), 30));
    const auto listed = wait_for_reports(b.port(), 2, 30);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - killed).count();
    MESSAGE("killed leader to late daily report: " << seconds << " s");
    REQUIRE(listed.size() == 2);
    CHECK(seconds < 30);
    CHECK(listed.back().kind == "daily");
    REQUIRE_MESSAGE(s.smtp.wait_for_messages(2, std::chrono::seconds(20)), s.smtp.log());

    // Time for a second issue or a second send, had either been coming.
    std::this_thread::sleep_for(std::chrono::seconds(3));
    const auto after = reports(b.port());
    CHECK(after.size() == 2);
    CHECK(gap_free(numbers_of(after)));
    auto mails = mails_by_report(s.smtp);
    CHECK(s.smtp.message_count() == 2);
    CHECK(mails[{kNl, listed.back().number}] == 1);
    CHECK(mails[{kFr, listed.back().number}] == 1);
}

TEST_CASE("a leader killed after issuing the daily report leaves the standby nothing to issue again" *
          kPostgres) {
    TwoInstances s;
    ServiceProcess a(s.config(s.a, true));
    REQUIRE(wait_until_leading(a.port()));
    // A catches up today's report as it comes to lead, and mails it.
    const auto issued = wait_for_reports(a.port(), 2, 30);
    REQUIRE(issued.size() == 2);
    REQUIRE_MESSAGE(s.smtp.wait_for_messages(2, std::chrono::seconds(20)), s.smtp.log());
    ServiceProcess b(s.config(s.b, true));

    a.stop(SIGKILL);
    REQUIRE(wait_until_leading(b.port(), 30));
    // Time for a takeover's catch-up to have issued or queued something, had it been due.
    std::this_thread::sleep_for(std::chrono::seconds(3));
    const auto after = reports(b.port());
    CHECK(numbers_of(after) == numbers_of(issued));
    CHECK(s.smtp.message_count() == 2);
    auto mails = mails_by_report(s.smtp);
    CHECK(mails[{kNl, issued.back().number}] == 1);
    CHECK(mails[{kFr, issued.back().number}] == 1);
}

TEST_CASE("runs from several processes at once on one PostgreSQL store issue distinct, gap-free numbers" *
          kPostgres) {
    constexpr int kRuns = 6;
    ScratchDatabase db;
    std::vector<std::unique_ptr<TempDir>> dirs;
    std::string script;
    for (int i = 0; i < kRuns; ++i) {
        auto& t = *dirs.emplace_back(std::make_unique<TempDir>());
        copy_demo_inbox(t / "inbox");
        // Each run prints "report N (…)" into its own file; all start together.
        script += sitrep_command(demo_run_args(t) + " --store " + db.url()) + " > " +
                  (t / "printed") + " 2>&1 &\n";
    }
    const auto all = run("( " + script + " wait )");
    REQUIRE_MESSAGE(all.exit_code == 0, all.output);

    static const std::regex printed(R"(report (\d+) \()");
    std::vector<int> numbers;
    for (const auto& t : dirs) {
        const std::string text = slurp(*t / "printed");
        std::smatch m;
        REQUIRE_MESSAGE(std::regex_search(text, m, printed), text);
        const int n = std::stoi(m[1]);
        numbers.push_back(n);
        // This run's outbox holds its own report and no other's.
        std::set<int> in_outbox;
        static const std::regex file_number(R"((\d+))");
        for (const auto& e : fs::directory_iterator(*t / "outbox")) {
            std::smatch fm;
            const std::string name = e.path().filename().string();
            if (std::regex_search(name, fm, file_number)) in_outbox.insert(std::stoi(fm[1]));
        }
        CHECK_MESSAGE(in_outbox == std::set<int>{n}, text);
    }
    std::sort(numbers.begin(), numbers.end());
    CHECK(numbers.front() == 1);
    CHECK(gap_free(numbers));

    // The store lists exactly those numbers.
    const auto list = run_sitrep("list --store " + db.url());
    REQUIRE_MESSAGE(list.exit_code == 0, list.output);
    std::vector<int> listed;
    std::istringstream lines(list.output);
    for (std::string line; std::getline(lines, line);)
        if (!line.empty() && std::isdigit(static_cast<unsigned char>(line[0])))
            listed.push_back(std::stoi(line));
    std::sort(listed.begin(), listed.end());
    CHECK(listed == numbers);
}
