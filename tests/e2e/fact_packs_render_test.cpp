// Reports issued before the store packed its facts render, once it has, as they were issued.
#include <doctest/doctest.h>
#include <sqlite3.h>

#include <filesystem>
#include <fstream>

#include "tests/e2e/e2e_support.h"
#include "tests/support/postgres_server.h"

using namespace sitrep::test;
namespace fs = std::filesystem;

namespace {

std::string run_args(const TempDir& t, const std::string& day, const std::string& issued) {
    return "run --quiet --inbox " + (t / "inbox") + " --outbox " + (t / "outbox") + " --state " +
           (t / "state") + " --as-of " + day + " --issued-at " + issued;
}

// The store as sitrep left it before version 5: no packs.
void unpack_store(const std::string& state) {
    if (e2e_on_postgres()) {
        TestSession server(e2e_store_url(state));
        server.query("DROP TABLE fact_packs");
        server.query("UPDATE store_meta SET value = '4' WHERE key = 'schema_version'");
        return;
    }
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open((state + "/sitrep.db").c_str(), &db) == SQLITE_OK);
    const int rc = sqlite3_exec(db, "DROP TABLE fact_packs; PRAGMA user_version = 4", nullptr,
                                nullptr, nullptr);
    sqlite3_close(db);
    REQUIRE(rc == SQLITE_OK);
}

}  // namespace

TEST_CASE(
    "reports issued before facts were packed render byte for byte as issued once the store "
    "has packed them") {
    TempDir t;
    copy_demo_inbox(t / "inbox");
    REQUIRE(run_sitrep(run_args(t, "2023-02-08", "2023-02-08T07:00:00+01:00")).exit_code == 0);
    // A revision: the file it replaces is then read for the revision only.
    std::ofstream(t / "inbox/dvz_tp_register_20230205_v2.csv")
        << "peildatum;gebied;aantal\n05/02/2023;België;53.460\n05/02/2023;Vlaams Gewest;31.748\n"
           "05/02/2023;Waals Gewest;10.876\n05/02/2023;Brussels Hoofdstedelijk Gewest;10.834\n";
    REQUIRE(run_sitrep(run_args(t, "2023-02-09", "2023-02-09T07:00:00+01:00")).exit_code == 0);
    unpack_store(t / "state");

    for (const int number : {1, 2}) {
        CAPTURE(number);
        const std::string out = t / ("again/" + std::to_string(number));
        const auto r = run_sitrep("render " + std::to_string(number) + " --state " + (t / "state") +
                                  " --out " + out);
        REQUIRE_MESSAGE(r.exit_code == 0, r.output);
        // The first command to open the store packs its facts, once.
        CHECK((r.output.find("packed the facts of") != std::string::npos) == (number == 1));
        int compared = 0;
        for (const auto& e : fs::directory_iterator(out)) {
            const std::string name = e.path().filename().string();
            CAPTURE(name);
            CHECK(slurp(e.path().string()) == slurp(t / ("outbox/" + name)));
            ++compared;
        }
        CHECK(compared == 8);  // three PDFs, four annexes, the manifest
    }
}
