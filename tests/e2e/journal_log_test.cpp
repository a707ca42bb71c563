// Under systemd, each log line carries its syslog priority so `journalctl -p err` finds errors;
// elsewhere the lines stay as they were.
#include <regex>

#include "tests/e2e/e2e_support.h"

using namespace sitrep::test;

namespace {

/// What `sitrep ARGS` logs (stderr; stdout, its result, is dropped) with JOURNAL_STREAM set to
/// `stream`, where `$STDERR` stands for the stderr pipe's own "dev:ino", as systemd sets it for
/// a unit whose output goes to the journal.
CommandResult run_with_journal_stream(const std::string& stream, const std::string& args) {
    return run(
        "(exec 2>&1 >/dev/null; STDERR=$(stat -L -c %d:%i /proc/self/fd/2); JOURNAL_STREAM=\"" +
        stream + "\" exec " + SITREP_BINARY + " " + args + ")");
}

/// The lines of a text, without their ends.
std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

}  // namespace

TEST_CASE("an error logged to the journal starts with syslog priority <3>") {
    TempDir t;
    const auto r = run_with_journal_stream("$STDERR", "run --config " + (t / "missing.ini"));
    CHECK(r.exit_code == 78);
    const auto lines = lines_of(r.output);
    REQUIRE_MESSAGE(lines.size() == 1, r.output);
    CHECK(lines[0] == "<3>error " + (t / "missing.ini") + ": configuration file not found");
}

TEST_CASE("every line logged to the journal starts with its syslog priority") {
    TempDir t;
    copy_demo_inbox(t / "inbox");
    std::ofstream(t / "inbox/mystery_2023-02-08.csv") << "a;b\n1;2\n";
    const auto r = run_with_journal_stream(
        "$STDERR", "run --inbox " + (t / "inbox") + " --outbox " + (t / "outbox") + " --state " +
                       (t / "state") + " --as-of 2023-02-08 --issued-at 2023-02-08T07:00:00+01:00");
    CHECK_MESSAGE(r.exit_code == 65, r.output);
    const auto lines = lines_of(r.output);
    REQUIRE(!lines.empty());
    bool info = false, warning = false;
    for (const auto& line : lines) {
        CAPTURE(line);
        // `run` repeats its rejections for the person at the terminal; the log has them above.
        if (line.rfind("rejected: ", 0) == 0) continue;
        CHECK(std::regex_search(line, std::regex("^<[2-7]>(critical|error|warning|info|debug) ")));
        info = info || line.rfind("<6>info ", 0) == 0;
        warning = warning || line.rfind("<4>warning ", 0) == 0;
    }
    CHECK_MESSAGE(info, r.output);
    CHECK_MESSAGE(warning, r.output);
}

TEST_CASE("log lines keep their time stamp and no priority when stderr is not the journal") {
    TempDir t;
    SUBCASE("no JOURNAL_STREAM") {
        const auto r = run("env -u JOURNAL_STREAM " + std::string(SITREP_BINARY) +
                           " run --config " + (t / "missing.ini"));
        CHECK_MESSAGE(
            std::regex_match(lines_of(r.output).at(0),
                             std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d error .*)")),
            r.output);
    }
    SUBCASE("a JOURNAL_STREAM inherited from a unit, but stderr redirected since") {
        const auto r = run_with_journal_stream("1:1", "run --config " + (t / "missing.ini"));
        CHECK_MESSAGE(
            std::regex_match(lines_of(r.output).at(0),
                             std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d error .*)")),
            r.output);
    }
}
