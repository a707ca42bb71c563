// What a run does with the inbox files it read, once its report is recorded: only files that
// still hold what was read leave, and never over another file or without a kept copy.
#include <fcntl.h>
#include <sys/stat.h>

#include "pipeline/config/config.h"
#include "pipeline/ingest/ingest.h"
#include "pipeline/run/inbox_housekeeping.h"
#include "pipeline/sources/inbox.h"
#include "tests/e2e/e2e_support.h"
#include "tests/ingest/inbox_fixture.h"

using namespace sitrep;
using namespace sitrep::test;

namespace {

// A configuration on the folders of `t`, with `after_run`.
Config config_in(const TempDir& t, AfterRun after_run) {
    Config c = default_config();
    c.inbox = t / "inbox";
    c.state = t / "state";
    c.archive = t / "archive";
    c.after_run = after_run;
    fs::create_directories(c.inbox);
    return c;
}

// Ingests the inbox as a run does, into the store of `c`.
std::vector<IngestOutcome> ingest_inbox(Store& store, const Config& c) {
    return ingest_files(store, {c.state, c.quarantine(), {}}, inbox_files(c.inbox),
                        "2023-02-08T07:00:00+01:00");
}

const HousekeepingRun kRun{1, "2023-02-08T07:00:00+01:00", *Date::parse_iso("2023-02-08")};

}  // namespace

TEST_CASE("a file added to the inbox during the run stays in the inbox") {
    TempDir t;
    const Config c = config_in(t, AfterRun::archive);
    write(t / "inbox/dvz_tp_register_20230205.csv", kRegister);
    Store store(c.state);
    const auto outcomes = ingest_inbox(store, c);
    // It arrives after the inbox was listed: the run never read it.
    write(t / "inbox/forem_ukraine_202302.csv", "arrived late\n");

    const auto done = tidy_inbox(c, store, outcomes, kRun);
    CHECK(done.moved == 1);
    CHECK(slurp(t / "archive/2023-02-08/dvz_tp_register_20230205.csv") == kRegister);
    CHECK_FALSE(fs::exists(t / "inbox/dvz_tp_register_20230205.csv"));
    CHECK(slurp(t / "inbox/forem_ukraine_202302.csv") == "arrived late\n");
}

TEST_CASE("a file changed in the inbox during the run stays there, for the next run to read") {
    TempDir t;
    const Config c = config_in(t, AfterRun::remove);
    const std::string file = t / "inbox/dvz_tp_register_20230205.csv";
    write(file, kRegister);
    Store store(c.state);
    const auto outcomes = ingest_inbox(store, c);
    write(file, std::string(kRegister) + "05/02/2023;Vlaams Gewest;1\n");

    const auto done = tidy_inbox(c, store, outcomes, kRun);
    CHECK(done.moved == 0);
    CHECK(done.left == 1);
    CHECK(fs::exists(file));
}

TEST_CASE("a second file of one name in a day's archive gets a suffix, and none is written over") {
    TempDir t;
    const Config c = config_in(t, AfterRun::archive);
    fs::create_directories(t / "archive/2023-02-08");
    write(t / "archive/2023-02-08/dvz_tp_register_20230205.csv", "archived this morning\n");
    write(t / "archive/2023-02-08/dvz_tp_register_20230205~2.csv", "archived at noon\n");
    write(t / "inbox/dvz_tp_register_20230205.csv", kRegister);
    Store store(c.state);

    tidy_inbox(c, store, ingest_inbox(store, c), kRun);
    CHECK(slurp(t / "archive/2023-02-08/dvz_tp_register_20230205.csv") == "archived this morning\n");
    CHECK(slurp(t / "archive/2023-02-08/dvz_tp_register_20230205~2.csv") == "archived at noon\n");
    CHECK(slurp(t / "archive/2023-02-08/dvz_tp_register_20230205~3.csv") == kRegister);
    const auto moves = store.inbox_moves();
    REQUIRE(moves.size() == 1);
    CHECK(moves[0].to == t / "archive/2023-02-08/dvz_tp_register_20230205~3.csv");
    CHECK(moves[0].report == 1);
}

TEST_CASE("an inbox file is removed only while its bytes are kept in the state") {
    TempDir t;
    const Config c = config_in(t, AfterRun::remove);
    write(t / "inbox/dvz_tp_register_20230205.csv", kRegister);
    write(t / "inbox/forem_ukraine_202302.csv", "not a Forem export\n");
    Store store(c.state);
    const auto outcomes = ingest_inbox(store, c);
    REQUIRE(outcomes.size() == 2);
    // Someone cleaned the state's copy of the used file by hand: the inbox holds the only one.
    fs::remove(t / ("state/submissions/" + outcomes[0].sha256));

    const auto done = tidy_inbox(c, store, outcomes, kRun);
    CHECK(done.moved == 1);
    CHECK(fs::exists(t / "inbox/dvz_tp_register_20230205.csv"));
    // The rejected file goes too: its copy and reason are in the quarantine.
    CHECK_FALSE(fs::exists(t / "inbox/forem_ukraine_202302.csv"));
    CHECK(slurp(t / ("state/quarantine/" + outcomes[1].sha256.substr(0, 12) +
                     "_forem_ukraine_202302.csv")) == "not a Forem export\n");
}

TEST_CASE("subfolders of the inbox and unreadable files are left where they are") {
    TempDir t;
    const Config c = config_in(t, AfterRun::archive);
    fs::create_directories(t / "inbox/done");
    write(t / "inbox/done/dvz_tp_register_20230129.csv", kRegister);
    write(t / "inbox/dvz_tp_register_20230205.csv", kRegister);
    fs::create_symlink(t / "nowhere.csv", t / "inbox/actiris_ukraine_2023-01-31.json");
    Store store(c.state);
    const auto outcomes = ingest_inbox(store, c);

    const auto done = tidy_inbox(c, store, outcomes, kRun);
    CHECK(done.moved == 1);
    CHECK(fs::exists(t / "inbox/done/dvz_tp_register_20230129.csv"));
    CHECK(fs::is_symlink(t / "inbox/actiris_ukraine_2023-01-31.json"));
}

TEST_CASE("keep, the default, leaves every inbox file in place") {
    TempDir t;
    const Config c = config_in(t, default_config().after_run);
    write(t / "inbox/dvz_tp_register_20230205.csv", kRegister);
    Store store(c.state);
    const auto done = tidy_inbox(c, store, ingest_inbox(store, c), kRun);
    CHECK(done.moved == 0);
    CHECK(fs::exists(t / "inbox/dvz_tp_register_20230205.csv"));
    CHECK_FALSE(fs::exists(t / "archive"));
}
