// Inbox housekeeping an operator can follow: processed files leave the inbox only once their
// report is recorded, and `sitrep files` / `sitrep file` find and give back any past file.
#include <set>

#include "tests/e2e/e2e_support.h"

namespace sitrep::test {
namespace {

// A configuration on the folders of `t` with `[inbox] after_run = after_run`; returns its path.
std::string write_config(const TempDir& t, const std::string& after_run) {
    const std::string path = t / "sitrep.ini";
    std::ofstream(path) << "[paths]\ninbox = inbox\noutbox = outbox\nstate = state\n"
                           "archive = archive\n[inbox]\nafter_run = "
                        << after_run << "\n";
    // The suite's PostgreSQL pass: the store the `--state` commands of the test also find.
    if (const std::string url = e2e_store_url(t / "state"); !url.empty())
        std::ofstream(path, std::ios::app) << "[store]\nurl = " << url << "\n";
    return path;
}

std::string run_args(const TempDir& t, const std::string& day) {
    return "run --quiet --config " + (t / "sitrep.ini") + " --as-of " + day + " --issued-at " +
           day + "T07:00:00+01:00";
}

// The names in a folder, with their bytes.
std::map<std::string, std::string> files_in(const std::string& dir) {
    std::map<std::string, std::string> out;
    if (!fs::exists(dir)) return out;
    for (const auto& e : fs::directory_iterator(dir))
        if (e.is_regular_file()) out[e.path().filename().string()] = slurp(e.path().string());
    return out;
}

// The lines of `sitrep files` after its header.
std::vector<std::string> listed(const std::string& args) {
    const auto r = run_sitrep("files " + args);
    REQUIRE_MESSAGE(r.exit_code == 0, r.output);
    std::vector<std::string> out;
    std::istringstream lines(r.output);
    std::string line;
    std::getline(lines, line);
    CHECK(line.rfind("RECEIVED", 0) == 0);
    while (std::getline(lines, line)) out.push_back(line);
    return out;
}

// The columns of a line of `sitrep files`: received, name, partner, feed, status, bytes, sha,
// where (none holds a space in these tests).
std::vector<std::string> columns(const std::string& line) {
    std::istringstream in(line);
    std::vector<std::string> out;
    for (std::string word; in >> word;) out.push_back(word);
    REQUIRE_MESSAGE(out.size() == 8, line);
    return out;
}

const char* kRegister =
    "peildatum;gebied;aantal\n05/02/2023;België;53.450\n05/02/2023;Vlaams Gewest;31.748\n"
    "05/02/2023;Waals Gewest;10.876\n05/02/2023;Brussels Hoofdstedelijk Gewest;10.824\n";

}  // namespace

TEST_CASE("an archived inbox file is moved to the day's archive folder only after the report is recorded") {
    TempDir t;
    copy_demo_inbox(t / "inbox");
    const auto demo = files_in(t / "inbox");
    write_config(t, "archive");
    std::ofstream(t / "inbox/forem_ukraine_202302.csv") << "not a Forem export\n";

    const auto r = run_sitrep(run_args(t, "2023-02-08"));
    CHECK_MESSAGE(r.exit_code == 65, r.output);  // the bad Forem file
    CHECK(fs::exists(t / "outbox/sitrep-0001.json"));
    CHECK(files_in(t / "inbox").empty());
    auto archived = files_in(t / "archive/2023-02-08");
    // The rejected file is archived too: its copy and reason are in the quarantine.
    CHECK(archived["forem_ukraine_202302.csv"] == "not a Forem export\n");
    archived.erase("forem_ukraine_202302.csv");
    CHECK(archived == demo);

    // The next day's files go into the next day's folder; the archive is never read again.
    std::ofstream(t / "inbox/dvz_tp_register_20230205_v2.csv") << kRegister;
    REQUIRE(run_sitrep(run_args(t, "2023-02-09")).exit_code == 0);
    CHECK(files_in(t / "archive/2023-02-09").size() == 1);
    const auto m = read_manifest(t / "outbox/sitrep-0002.json");
    CHECK(m->getArray("inputs")->size() == demo.size() + 2);
}

TEST_CASE("a run that fails before recording leaves the inbox untouched") {
    TempDir t;
    copy_demo_inbox(t / "inbox");
    const auto before = files_in(t / "inbox");
    write_config(t, "remove");
    fs::create_directories(t / "outbox");
    // An outbox too small for the report: the run fails after ingest, before recording.
    std::ofstream(t / "full-disk.sh")
        << "mount -t tmpfs -o size=120k tmpfs " << (t / "outbox") << " || exit 99\n"
        << sitrep_command(run_args(t, "2023-02-08")) << "\necho \"exit=$?\"\n";
    const auto r = run("unshare -m sh " + (t / "full-disk.sh"));
    REQUIRE_MESSAGE(r.exit_code == 0, r.output);
    CHECK_MESSAGE(r.output.find("exit=74") != std::string::npos, r.output);
    CHECK(run_sitrep("list --state " + (t / "state")).output.empty());
    CHECK(files_in(t / "inbox") == before);

    // With room to write, the same run issues report 1 and then empties the inbox.
    REQUIRE(run_sitrep(run_args(t, "2023-02-08")).exit_code == 0);
    CHECK(files_in(t / "inbox").empty());
    CHECK_FALSE(fs::exists(t / "archive"));
}

TEST_CASE("runs killed at any moment with files being archived lose no inbox file") {
    TempDir t;
    copy_demo_inbox(t / "inbox");
    const auto demo = files_in(t / "inbox");
    write_config(t, "archive");
    for (int i = 0; i < 8; ++i) {
        const std::string delay = "0." + std::to_string(10 + i * 5);
        CAPTURE(delay);
        run("(" + sitrep_command(run_args(t, "2023-02-08")) +
            " >/dev/null 2>&1 & p=$!; sleep " + delay + "; kill -9 $p; wait $p) 2>/dev/null");
        const bool issued = !run_sitrep("list --state " + (t / "state")).output.empty();
        // Before a report is recorded the inbox is whole; after, each file is in one place.
        if (!issued) CHECK(files_in(t / "inbox") == demo);
        auto both = files_in(t / "inbox");
        for (const auto& [name, bytes] : files_in(t / "archive/2023-02-08")) both[name] = bytes;
        CHECK(both == demo);
    }
    REQUIRE(run_sitrep(run_args(t, "2023-02-08")).exit_code == 0);
    CHECK(files_in(t / "inbox").empty());
    for (const auto& [name, bytes] : demo) {
        CAPTURE(name);
        const auto r = run_sitrep("file " + name + " --out " + (t / "back") + " --state " +
                                  (t / "state"));
        REQUIRE_MESSAGE(r.exit_code == 0, r.output);
        CHECK(slurp(t / ("back/" + name)) == bytes);
    }
}

TEST_CASE("`sitrep files` lists a file received a year ago and `sitrep file` gives back its bytes") {
    TempDir t;
    write_config(t, "remove");
    fs::create_directories(t / "inbox");
    std::ofstream(t / "inbox/dvz_tp_register_20220207.csv") << kRegister;
    REQUIRE(run_sitrep(run_args(t, "2022-02-08")).exit_code == 0);
    copy_demo_inbox(t / "inbox");
    REQUIRE(run_sitrep(run_args(t, "2023-02-08")).exit_code == 0);
    CHECK(files_in(t / "inbox").empty());

    const auto all = listed("--config " + (t / "sitrep.ini"));
    CHECK(all.size() == files_in(std::string(SITREP_FIXTURES_DIR) + "/sample/inbox").size() + 1);
    // Newest first: last year's file comes last.
    REQUIRE(!all.empty());
    const auto old = columns(all.back());
    CHECK(old[0] == "2022-02-08T07:00:00+01:00");
    CHECK(old[1] == "dvz_tp_register_20220207.csv");
    CHECK(old[2] == "dvz");
    CHECK(old[4] == "used");
    CHECK(old[5] == std::to_string(std::string(kRegister).size()));
    // Removed from the inbox: its bytes are in the state only, and the listing says so.
    CHECK(old[7].rfind(t / "state/submissions/" + old[6], 0) == 0);

    const auto r = run_sitrep("file dvz_tp_register_20220207.csv --out " + (t / "back") +
                              " --config " + (t / "sitrep.ini"));
    REQUIRE_MESSAGE(r.exit_code == 0, r.output);
    CHECK(slurp(t / "back/dvz_tp_register_20220207.csv") == kRegister);

    // By a SHA-256 prefix, as `files` shows it.
    fs::remove_all(t / "back");
    const auto by_sha = run_sitrep("file " + old[6].substr(0, 8) + " --out " + (t / "back") +
                                   " --config " + (t / "sitrep.ini"));
    REQUIRE_MESSAGE(by_sha.exit_code == 0, by_sha.output);
    CHECK(slurp(t / "back/dvz_tp_register_20220207.csv") == kRegister);
}

TEST_CASE("`sitrep files` filters by name pattern, partner and date") {
    TempDir t;
    write_config(t, "archive");
    copy_demo_inbox(t / "inbox");
    REQUIRE(run_sitrep(run_args(t, "2023-02-08")).exit_code == 0);
    std::ofstream(t / "inbox/dvz_tp_register_20230205_v2.csv") << kRegister;
    REQUIRE(run_sitrep(run_args(t, "2023-02-09")).exit_code == 0);
    const std::string config = " --config " + (t / "sitrep.ini");

    const auto forem = listed("'forem_*' " + config);
    CHECK(forem.size() == 11);
    for (const auto& line : forem) CHECK(columns(line)[1].rfind("forem_ukraine_20", 0) == 0);
    const auto dvz = listed("--partner dvz" + config);
    REQUIRE(dvz.size() == 3);
    CHECK(columns(dvz[0])[1] == "dvz_tp_register_20230205_v2.csv");
    CHECK(columns(dvz[0])[7] == t / "archive/2023-02-09/dvz_tp_register_20230205_v2.csv");
    CHECK(columns(dvz[1])[1] == "dvz_tp_register_20230205.csv");
    CHECK(columns(dvz[1])[4] == "superseded");
    const auto since = listed("--since 2023-02-09" + config);
    REQUIRE(since.size() == 1);
    CHECK(columns(since[0])[1] == "dvz_tp_register_20230205_v2.csv");
    CHECK(run_sitrep("files --since yesterday" + config).exit_code == 64);
}

TEST_CASE("kept in the inbox, the default, a file is listed where it is") {
    TempDir t;
    copy_demo_inbox(t / "inbox");
    REQUIRE(run_sitrep(demo_run_args(t)).exit_code == 0);
    CHECK(files_in(t / "inbox").size() == 21);
    const auto vdab = listed("'vdab_oekraine_*' --state " + (t / "state"));
    REQUIRE(vdab.size() == 1);
    CHECK(columns(vdab[0])[7] == t / "inbox/vdab_oekraine_2023-02.csv");
}

TEST_CASE("an unknown or ambiguous name gets exit 66 and the candidates") {
    TempDir t;
    write_config(t, "archive");
    copy_demo_inbox(t / "inbox");
    REQUIRE(run_sitrep(run_args(t, "2023-02-08")).exit_code == 0);
    const std::string args = " --out " + (t / "back") + " --config " + (t / "sitrep.ini");

    const auto unknown = run_sitrep("file forem_ukraine_199901.csv" + args);
    CHECK(unknown.exit_code == 66);
    CHECK_MESSAGE(unknown.output.find("no file received is named 'forem_ukraine_199901.csv'") !=
                      std::string::npos,
                  unknown.output);

    // 21 files, 16 hex digits: some digit starts the SHA-256 of two of them.
    std::map<char, std::vector<std::string>> by_first;
    for (const auto& line : listed("--config " + (t / "sitrep.ini"))) {
        const auto c = columns(line);
        by_first[c[6][0]].push_back(c[1]);
    }
    char digit = 0;
    for (const auto& [first, names] : by_first)
        if (names.size() > 1) digit = first;
    REQUIRE(digit != 0);
    const auto ambiguous = run_sitrep(std::string("file ") + digit + args);
    CHECK(ambiguous.exit_code == 66);
    CHECK_MESSAGE(ambiguous.output.find("different files") != std::string::npos, ambiguous.output);
    for (const auto& name : by_first[digit])
        CHECK_MESSAGE(ambiguous.output.find(name) != std::string::npos, name);
    CHECK_FALSE(fs::exists(t / "back"));
}

}  // namespace sitrep::test
