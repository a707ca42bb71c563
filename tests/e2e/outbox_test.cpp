// The outbox only ever shows complete reports of issued numbers: what a crash or a full disk
// interrupts is staged out of sight and cleaned up, never left for a reader or a mail to find.
#include <unistd.h>

#include <set>

#include "tests/e2e/e2e_support.h"

namespace sitrep::test {
namespace {

// Every entry of a folder, hidden ones included.
std::set<std::string> entries(const std::string& dir) {
    std::set<std::string> out;
    if (!fs::exists(dir)) return out;
    for (const auto& e : fs::directory_iterator(dir)) out.insert(e.path().filename().string());
    return out;
}

// The hidden entries of a folder: temporary files and staging folders.
std::set<std::string> hidden(const std::string& dir) {
    std::set<std::string> out;
    for (const auto& e : entries(dir))
        if (e.front() == '.') out.insert(e);
    return out;
}

// The numbers `sitrep list` shows as issued.
std::vector<int> issued(const TempDir& t) {
    const auto r = run_sitrep("list --state " + (t / "state"));
    REQUIRE_MESSAGE(r.exit_code == 0, r.output);
    std::vector<int> out;
    std::istringstream lines(r.output);
    for (std::string line; std::getline(lines, line);)
        if (!line.empty() && std::isdigit(static_cast<unsigned char>(line[0])))
            out.push_back(std::stoi(line));
    return out;
}

// A process id that was in use a moment ago and is no longer.
std::string dead_pid() {
    const auto r = run("sh -c 'echo $$'");
    REQUIRE(r.exit_code == 0);
    return r.output.substr(0, r.output.find('\n'));
}

const char* const kReportFiles[] = {".nl.pdf",        ".fr.pdf",        ".en.pdf",
                                    ".annex.nl.xlsx", ".annex.fr.xlsx", ".annex.en.xlsx",
                                    ".annex.xlsx",    ".json"};

}  // namespace

TEST_CASE("a run that finds the disk full leaves nothing in the outbox and says so, every time") {
    TempDir t;
    copy_demo_inbox(t / "inbox");
    fs::create_directories(t / "outbox");
    // 120 KB: the annex does not fit; 500 KB: the annex and one PDF fit, the second does not.
    for (const std::string size : {"120k", "500k"}) {
        CAPTURE(size);
        // A small file system for the outbox alone, in a mount namespace of its own; three runs
        // in a row, so that anything one left behind would fill the disk for the next.
        std::ofstream(t / "full-disk.sh")
            << "mount -t tmpfs -o size=" << size << " tmpfs " << (t / "outbox") << " || exit 99\n"
            << "for i in 1 2 3; do\n  " << sitrep_command(demo_run_args(t)) << "\n"
            << "  echo \"exit=$?\"\n  echo \"left=$(ls -A " << (t / "outbox") << ")\"\ndone\n";
        const auto r = run("unshare -m sh " + (t / "full-disk.sh"));
        REQUIRE_MESSAGE(r.exit_code == 0, r.output);
        size_t at = 0;
        for (int i = 0; i < 3; ++i) {
            const size_t exit_at = r.output.find("exit=", at);
            REQUIRE(exit_at != std::string::npos);
            const std::string run_output = r.output.substr(at, exit_at - at);
            CHECK(r.output.substr(exit_at, 7) == "exit=74");
            CHECK_MESSAGE(
                run_output.find("no space left on the device holding") != std::string::npos,
                run_output);
            const size_t left_at = r.output.find("left=", exit_at);
            REQUIRE(left_at != std::string::npos);
            CHECK(r.output.substr(left_at, r.output.find('\n', left_at) - left_at) == "left=");
            at = r.output.find('\n', left_at);
        }
    }
    CHECK(issued(t).empty());
    // The number was not used up: with room to write, the first report is number 1.
    const auto ok = run_sitrep(demo_run_args(t));
    REQUIRE_MESSAGE(ok.exit_code == 0, ok.output);
    CHECK(issued(t) == std::vector<int>{1});
    CHECK(fs::exists(t / "outbox/sitrep-0001.json"));
}

TEST_CASE("a run removes the temporary files and unrecorded staging a killed run left behind") {
    TempDir t;
    copy_demo_inbox(t / "inbox");
    fs::create_directories(t / "outbox/.sitrep-0001.staging");
    std::ofstream(t / "outbox/.sitrep-0001.staging/sitrep-0001.nl.pdf") << "half a PDF";
    const std::string stale = ".sitrep-0001.annex.xlsx.tmp-" + dead_pid();
    std::ofstream(t / ("outbox/" + stale)) << "half an annex";

    const auto r = run_sitrep(demo_run_args(t));
    REQUIRE_MESSAGE(r.exit_code == 0, r.output);
    CHECK(hidden(t / "outbox").empty());
    CHECK(slurp(t / "outbox/sitrep-0001.nl.pdf").rfind("%PDF-", 0) == 0);
    CHECK(issued(t) == std::vector<int>{1});
}

TEST_CASE("a run removes what dead writers left in the inbox and the state, not a live one's") {
    TempDir t;
    copy_demo_inbox(t / "inbox");
    REQUIRE(run_sitrep(demo_run_args(t)).exit_code == 0);
    const std::string dead = dead_pid(), alive = std::to_string(::getpid());
    const std::vector<std::string> leftovers = {
        "inbox/.upload-1f0e.tmp-" + dead, "inbox/.actiris_ukraine_2023-02-08.json.tmp-" + dead,
        "state/submissions/.0123abcd.tmp-" + dead, "state/quarantine/.x.csv.reason.txt.tmp-" + dead};
    fs::create_directories(t / "state/quarantine");
    for (const auto& f : leftovers) std::ofstream(t / f) << "half written";
    std::ofstream(t / ("inbox/.upload-2a3b.tmp-" + alive)) << "still being received";

    const auto r = run_sitrep(demo_run_args(t));
    REQUIRE_MESSAGE(r.exit_code == 0, r.output);
    for (const auto& f : leftovers) CHECK_MESSAGE(!fs::exists(t / f), f);
    CHECK(fs::exists(t / ("inbox/.upload-2a3b.tmp-" + alive)));
}

TEST_CASE("a report recorded but still staged when its run died is moved into place next time") {
    TempDir t;
    copy_demo_inbox(t / "inbox");
    REQUIRE(run_sitrep(demo_run_args(t)).exit_code == 0);
    // The crash came after report 1 was recorded and before its files were moved in.
    fs::create_directories(t / "outbox/.sitrep-0001.staging");
    std::map<std::string, std::string> bytes;
    for (const char* suffix : kReportFiles) {
        const std::string name = std::string("sitrep-0001") + suffix;
        bytes[name] = slurp(t / ("outbox/" + name));
        fs::rename(t / ("outbox/" + name), t / ("outbox/.sitrep-0001.staging/" + name));
    }

    const auto r = run_sitrep(demo_run_args(t));
    REQUIRE_MESSAGE(r.exit_code == 0, r.output);
    CHECK(hidden(t / "outbox").empty());
    for (const auto& [name, content] : bytes) CHECK(slurp(t / ("outbox/" + name)) == content);
    CHECK(issued(t) == std::vector<int>{1, 2});
}

TEST_CASE("a report whose files cannot all be moved in after recording keeps them staged") {
    TempDir t;
    copy_demo_inbox(t / "inbox");
    // A folder where the manifest must go: its move, the last one, fails after recording.
    fs::create_directories(t / "outbox/sitrep-0001.json/in-the-way");
    const auto failed = run_sitrep(demo_run_args(t));
    CHECK(failed.exit_code == 74);
    CHECK_MESSAGE(failed.output.find("sitrep-0001.json") != std::string::npos, failed.output);
    REQUIRE(issued(t) == std::vector<int>{1});

    // Once the way is clear, the next run finishes report 1 before it issues report 2.
    fs::remove_all(t / "outbox/sitrep-0001.json");
    const auto r = run_sitrep(demo_run_args(t));
    REQUIRE_MESSAGE(r.exit_code == 0, r.output);
    CHECK(hidden(t / "outbox").empty());
    for (const char* suffix : kReportFiles)
        CHECK_MESSAGE(fs::is_regular_file(t / ("outbox/sitrep-0001" + std::string(suffix))), suffix);
    CHECK(read_manifest(t / "outbox/sitrep-0001.json")->getValue<int>("number") == 1);
    CHECK(issued(t) == std::vector<int>{1, 2});
}

TEST_CASE("runs killed at any moment leave only complete reports of issued, gap-free numbers") {
    TempDir t;
    copy_demo_inbox(t / "inbox");
    // Kills spread over a run's life: before ingest, while writing, around the recording.
    for (int i = 0; i < 12; ++i) {
        const std::string delay = "0." + std::string(i < 2 ? "0" : "") + std::to_string(i * 6);
        CAPTURE(delay);
        run("(" + sitrep_command(demo_run_args(t)) +
            " >/dev/null 2>&1 & p=$!; sleep " + delay + "; kill -9 $p; wait $p) 2>/dev/null");
        // Whatever the kill interrupted: each report file in the outbox is of an issued number.
        const auto numbers = issued(t);
        for (const auto& name : entries(t / "outbox")) {
            if (name.front() == '.') continue;
            const int n = std::stoi(name.substr(7, 4));
            CHECK_MESSAGE(std::find(numbers.begin(), numbers.end(), n) != numbers.end(), name);
        }
    }
    const auto r = run_sitrep(demo_run_args(t));
    REQUIRE_MESSAGE(r.exit_code == 0, r.output);
    CHECK(hidden(t / "outbox").empty());
    const auto numbers = issued(t);
    REQUIRE(!numbers.empty());
    for (size_t i = 0; i < numbers.size(); ++i) {
        CHECK(numbers[i] == static_cast<int>(i) + 1);
        for (const char* suffix : kReportFiles) {
            char stem[32];
            std::snprintf(stem, sizeof stem, "sitrep-%04d", numbers[i]);
            CHECK_MESSAGE(fs::exists(t / ("outbox/" + std::string(stem) + suffix)), stem << suffix);
        }
    }
    CHECK(entries(t / "outbox").size() == numbers.size() * std::size(kReportFiles));
}

}  // namespace sitrep::test
