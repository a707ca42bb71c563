// sitrep migrate: a store copied between SQLite and PostgreSQL renders its reports byte for
// byte, on an instance that never had its files, and the next run carries on from it. Each
// test names its stores itself (a SQLite state folder, a ScratchDatabase), so that the
// suite's PostgreSQL pass runs the same thing as its SQLite pass.
#include "tests/e2e/e2e_support.h"

#include <Poco/JSON/Stringifier.h>

#include <algorithm>
#include <vector>

using namespace sitrep::test;

namespace {

/// `sitrep ARGS` exactly as given: on the suite's PostgreSQL pass too, a --state folder
/// without --store keeps its store in its own SQLite file.
CommandResult on_sqlite(const std::string& args) { return run(std::string(SITREP_BINARY) + " " + args); }

std::string day_args(const TempDir& t, const std::string& state, const char* as_of,
                     const char* issued_at) {
    return "run --quiet --inbox " + (t / "inbox") + " --outbox " + (t / "outbox") + " --state " +
           state + " --as-of " + as_of + " --issued-at " + issued_at;
}

/// DVZ corrects its register for the second day: the nation 53.460 instead of 53.450.
void add_correction(const TempDir& t) {
    std::ofstream(t / "inbox/dvz_tp_register_20230205_v2.csv")
        << "peildatum;gebied;aantal\n05/02/2023;België;53.460\n05/02/2023;Vlaams Gewest;31.748\n"
           "05/02/2023;Waals Gewest;10.876\n05/02/2023;Brussels Hoofdstedelijk Gewest;10.834\n";
}

/// Two days of the demo, reports 1 and 2, into t/outbox; `store` is appended to each run.
void two_days(const TempDir& t, const std::string& state, const std::string& store = "") {
    copy_demo_inbox(t / "inbox");
    auto r = on_sqlite(day_args(t, state, "2023-02-08", "2023-02-08T07:00:00+01:00") + store);
    REQUIRE_MESSAGE(r.exit_code == 0, r.output);
    add_correction(t);
    r = on_sqlite(day_args(t, state, "2023-02-09", "2023-02-09T07:00:00+01:00") + store);
    REQUIRE_MESSAGE(r.exit_code == 0, r.output);
}

/// The outbox's files of report `number` (sitrep-000N.*).
std::vector<std::string> report_files(const std::string& outbox, int number) {
    char prefix[32];
    std::snprintf(prefix, sizeof prefix, "sitrep-%04d.", number);
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(outbox))
        if (e.path().filename().string().rfind(prefix, 0) == 0)
            out.push_back(e.path().filename().string());
    std::sort(out.begin(), out.end());
    return out;
}

/// Renders reports 1 and 2 with `store_args` (a --store and/or --state) into t/again/N and
/// checks that every file the outbox holds of each is rendered with the same bytes.
void renders_as_issued(const TempDir& t, const std::string& store_args) {
    for (const int number : {1, 2}) {
        CAPTURE(number);
        const std::string out = t / ("again/" + std::to_string(number));
        const auto r = on_sqlite("render " + std::to_string(number) + store_args + " --out " + out);
        REQUIRE_MESSAGE(r.exit_code == 0, r.output);
        const auto issued = report_files(t / "outbox", number);
        REQUIRE(issued.size() >= 3);  // a PDF, the annex, the manifest at least
        CHECK(report_files(out, number) == issued);
        for (const auto& name : issued) {
            CAPTURE(name);
            REQUIRE(fs::exists(out + "/" + name));
            CHECK(slurp(out + "/" + name) == slurp(t / ("outbox/" + name)));
        }
    }
}

std::string figures_of(const Poco::JSON::Object::Ptr& manifest) {
    std::ostringstream out;
    Poco::JSON::Stringifier::stringify(manifest->getArray("figures"), out);
    return out.str();
}

/// Rows of the tables a copy would fill, as text, to see that nothing was copied.
std::string table_counts(const std::string& url) {
    TestSession session(url);
    std::string out;
    for (const char* table : {"submissions", "reports", "observations", "mails"})
        out += std::string(table) + "=" +
               session.query(std::string("SELECT COUNT(*) FROM ") + table)[0][0] + " ";
    return out;
}

}  // namespace

TEST_CASE("a SQLite state migrated to PostgreSQL renders its reports byte-identical on another "
          "instance" * kPostgres) {
    TempDir t;
    ScratchDatabase db;
    two_days(t, t / "state");
    const auto m = on_sqlite("migrate --to " + db.url() + " --state " + (t / "state"));
    REQUIRE_MESSAGE(m.exit_code == 0, m.output);
    CHECK(m.output.find("reports: 2 rows") != std::string::npos);
    // Migrated once is enough: a second copy into the same server is refused.
    const std::string counts = table_counts(db.url());
    const auto twice = on_sqlite("migrate --to " + db.url() + " --state " + (t / "state"));
    CHECK(twice.exit_code != 0);
    CHECK_MESSAGE(twice.output.find("already holds") != std::string::npos, twice.output);
    CHECK(table_counts(db.url()) == counts);
    // Another instance: a state folder that never saw a snapshot or a submission's bytes.
    renders_as_issued(t, " --store " + db.url() + " --state " + (t / "elsewhere"));
    // The original state folder gone, the server alone renders them too.
    fs::remove_all(t / "state");
    fs::remove_all(t / "again");
    renders_as_issued(t, " --store " + db.url() + " --state " + (t / "third"));
    // And gives back a partner's file exactly as received, with the inbox gone too.
    fs::remove_all(t / "inbox");
    const auto file = on_sqlite("file dvz_tp_register_20230205.csv --store " + db.url() +
                                " --state " + (t / "fourth") + " --inbox " + (t / "inbox") +
                                " --out " + (t / "given"));
    REQUIRE_MESSAGE(file.exit_code == 0, file.output);
    CHECK(slurp(t / "given/dvz_tp_register_20230205.csv") ==
          slurp(std::string(SITREP_FIXTURES_DIR) + "/sample/inbox/dvz_tp_register_20230205.csv"));
}

TEST_CASE("migrate to a server that cannot be reached fails with a clear message and leaves the "
          "state as it was" * kPostgres) {
    TempDir t;
    copy_demo_inbox(t / "inbox");
    auto r = on_sqlite(day_args(t, t / "state", "2023-02-08", "2023-02-08T07:00:00+01:00"));
    REQUIRE_MESSAGE(r.exit_code == 0, r.output);
    const std::string db_file = slurp(t / "state/sitrep.db");
    // Port 1: nobody listens there.
    const std::string nowhere = "postgresql://sitrep@127.0.0.1:1/sitrep";
    r = on_sqlite("migrate --to " + nowhere + " --state " + (t / "state"));
    CHECK(r.exit_code != 0);
    CHECK_MESSAGE(r.output.find(nowhere) != std::string::npos, r.output);
    CHECK(slurp(t / "state/sitrep.db") == db_file);
    r = on_sqlite("migrate --from " + nowhere + " --state " + (t / "new"));
    CHECK(r.exit_code != 0);
    CHECK_MESSAGE(r.output.find(nowhere) != std::string::npos, r.output);
    // No half-made state folder that a later migrate --from would refuse.
    CHECK_FALSE(fs::exists(t / "new/sitrep.db"));
}

TEST_CASE("a PostgreSQL store migrated back to SQLite renders the same bytes" * kPostgres) {
    TempDir t;
    ScratchDatabase db;
    two_days(t, t / "pgstate", " --store " + db.url());
    const auto m = on_sqlite("migrate --from " + db.url() + " --state " + (t / "sqlite"));
    REQUIRE_MESSAGE(m.exit_code == 0, m.output);
    CHECK(fs::exists(t / "sqlite/sitrep.db"));
    renders_as_issued(t, " --state " + (t / "sqlite"));
}

TEST_CASE("migrate refuses a store that already holds reports, and copies nothing" * kPostgres) {
    TempDir t;
    ScratchDatabase db;
    // The server's store has issued a report of its own.
    copy_demo_inbox(t / "inbox");
    auto r = on_sqlite(day_args(t, t / "pgstate", "2023-02-08", "2023-02-08T07:00:00+01:00") +
                    " --store " + db.url());
    REQUIRE_MESSAGE(r.exit_code == 0, r.output);
    const std::string before = table_counts(db.url());
    const auto list_before = on_sqlite("list --store " + db.url() + " --state " + (t / "pgstate"));

    SUBCASE("into the server") {
        r = on_sqlite(day_args(t, t / "state", "2023-02-08", "2023-02-08T07:00:00+01:00") +
                   " --first-number 500");
        REQUIRE_MESSAGE(r.exit_code == 0, r.output);
        const auto refused = on_sqlite("migrate --to " + db.url() + " --state " + (t / "state"));
        CHECK(refused.exit_code != 0);
        CHECK_MESSAGE(refused.output.find("already holds") != std::string::npos, refused.output);
        CHECK(table_counts(db.url()) == before);
        const auto list_after = on_sqlite("list --store " + db.url() + " --state " + (t / "pgstate"));
        CHECK(list_after.output == list_before.output);
        CHECK(list_after.output.find("500") == std::string::npos);
    }
    SUBCASE("into a state folder that has a store") {
        r = on_sqlite(day_args(t, t / "state", "2023-02-08", "2023-02-08T07:00:00+01:00") +
                   " --first-number 500");
        REQUIRE_MESSAGE(r.exit_code == 0, r.output);
        const std::string db_file = slurp(t / "state/sitrep.db");
        const auto refused = on_sqlite("migrate --from " + db.url() + " --state " + (t / "state"));
        CHECK(refused.exit_code != 0);
        CHECK_MESSAGE(refused.output.find("new folder") != std::string::npos, refused.output);
        CHECK(slurp(t / "state/sitrep.db") == db_file);
        CHECK(table_counts(db.url()) == before);
    }
}

TEST_CASE("the next run after a migration continues the numbering and compares with the last "
          "report" * kPostgres) {
    // What the same two days give without a migration between them.
    TempDir control;
    two_days(control, control / "state");
    const auto expected = read_manifest(control / "outbox/sitrep-0002.json");

    TempDir t;
    ScratchDatabase db;
    copy_demo_inbox(t / "inbox");
    auto r = on_sqlite(day_args(t, t / "state", "2023-02-08", "2023-02-08T07:00:00+01:00"));
    REQUIRE_MESSAGE(r.exit_code == 0, r.output);
    add_correction(t);

    SUBCASE("SQLite to PostgreSQL") {
        r = on_sqlite("migrate --to " + db.url() + " --state " + (t / "state"));
        REQUIRE_MESSAGE(r.exit_code == 0, r.output);
        // Another instance on the server runs the second day.
        r = on_sqlite(day_args(t, t / "elsewhere", "2023-02-09", "2023-02-09T07:00:00+01:00") +
                   " --store " + db.url());
    }
    SUBCASE("there and back to SQLite") {
        r = on_sqlite("migrate --to " + db.url() + " --state " + (t / "state"));
        REQUIRE_MESSAGE(r.exit_code == 0, r.output);
        r = on_sqlite("migrate --from " + db.url() + " --state " + (t / "back"));
        REQUIRE_MESSAGE(r.exit_code == 0, r.output);
        r = on_sqlite(day_args(t, t / "back", "2023-02-09", "2023-02-09T07:00:00+01:00"));
    }
    REQUIRE_MESSAGE(r.exit_code == 0, r.output);
    REQUIRE(fs::exists(t / "outbox/sitrep-0002.json"));
    CHECK_FALSE(fs::exists(t / "outbox/sitrep-0003.json"));
    const auto m = read_manifest(t / "outbox/sitrep-0002.json");
    CHECK(m->getValue<int>("previous_report") == 1);
    const auto be = headline(m, "tp.register.persons", "BE");
    REQUIRE(be);
    CHECK(be->getValue<double>("value") == 53460);
    CHECK(be->getValue<double>("previous") == 53450);
    CHECK(be->getValue<double>("change") == 10);
    CHECK(be->getValue<std::string>("status") == "revised");
    // Every figure, previous value and change alike, as if there had been no migration.
    CHECK(figures_of(m) == figures_of(expected));
}
