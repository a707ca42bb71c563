// A state written by sitrep at schema version 5 (tests/fixtures/state-v5/README.md): opened by
// today's code, each feed's latest values move from a row per fact to a pack per month, and
// mark the next file's repeats as the rows did.
#include <doctest/doctest.h>

#include "pipeline/store/fact_pack.h"
#include "pipeline/store/schema.h"
#include "pipeline/store/store.h"
#include "tests/e2e/e2e_support.h"

using namespace sitrep;
using namespace sitrep::test;

namespace {

void unpack_v5_state(const TempDir& t) {
    const auto r = run("tar -xzf " + std::string(SITREP_SOURCE_DIR) +
                       "/tests/fixtures/state-v5/state.tar.gz -C " + t.path().string());
    REQUIRE_MESSAGE(r.exit_code == 0, r.output);
}

std::string sqlite(const TempDir& t, const std::string& sql) {
    const auto r = run("sqlite3 " + (t / "state/sitrep.db") + " '" + sql + "'");
    REQUIRE_MESSAGE(r.exit_code == 0, r.output);
    return r.output;
}

int64_t count(Store& store, const std::string& sql) {
    auto select = store.database().prepare(sql);
    REQUIRE(select->next());
    return select->integer(0);
}

}  // namespace

TEST_CASE("a state of schema version 5 keeps every latest value in month packs once opened, "
          "and a workbook sent again repeats the one stored before") {
    TempDir t;
    unpack_v5_state(t);
    REQUIRE(sqlite(t, "PRAGMA user_version") == "5\n");
    const int64_t rows = std::stoll(sqlite(t, "SELECT COUNT(*) FROM latest_observations"));
    REQUIRE(rows > 1000);

    Store store(t / "state");
    CHECK(store.database().schema_version() == kSchemaVersion);
    CHECK_FALSE(store.database().has_table("latest_observations"));
    int64_t packed = 0;
    {
        auto select = store.database().prepare("SELECT feed, month, pack FROM latest_packs");
        while (select->next())
            packed += static_cast<int64_t>(
                unpack_latest_values(select->blob(2), select->text(0)).size());
    }
    CHECK(packed == rows);

    // Fedasil's cumulative workbook again under another name: each of its facts repeats it.
    int64_t workbook = 0;
    std::string sha;
    {
        auto select = store.database().prepare(
            "SELECT sequence, sha256 FROM submissions WHERE feed = 'fedasil.reception'");
        REQUIRE(select->next());
        workbook = select->integer(0);
        sha = select->text(1);
    }
    std::vector<Observation> facts;
    for (auto& o : store.observations({sha})) facts.push_back(std::move(o.fact));
    REQUIRE(facts.size() > 1000);
    StoredSubmission again;
    again.sha256 = std::string(64, 'f');
    again.file = "fedasil_crisisopvang_again.xlsx";
    again.partner = "fedasil";
    again.feed = "fedasil.reception";
    again.received_at = "2023-02-09T07:00:00+01:00";
    store.add(again, facts, {});
    CHECK(count(store, "SELECT COUNT(*) FROM observations WHERE submission = " +
                           std::to_string(again.sequence) + " AND repeat_of = " +
                           std::to_string(workbook)) == static_cast<int64_t>(facts.size()));
}

TEST_CASE("the report of a state of schema version 5 still lists, shows and renders as issued") {
    TempDir t;
    unpack_v5_state(t);
    const auto list = run_sitrep("list --state " + (t / "state"));
    REQUIRE_MESSAGE(list.exit_code == 0, list.output);
    CHECK(list.output.find("237\tdaily\t2023-02-08T07:00:00+01:00\tas of 2023-02-08") !=
          std::string::npos);
    const auto show = run_sitrep("show 237 --state " + (t / "state"));
    REQUIRE_MESSAGE(show.exit_code == 0, show.output);
    const auto again = run_sitrep("render 237 --state " + (t / "state") + " --out " + (t / "again"));
    REQUIRE_MESSAGE(again.exit_code == 0, again.output);
    CHECK(show.output == slurp(t / "outbox/sitrep-0237.json"));
    // Byte for byte what version 5 issued.
    for (const char* file : {"sitrep-0237.json", "sitrep-0237.nl.pdf"})
        CHECK_MESSAGE(slurp(t / ("again/" + std::string(file))) ==
                          slurp(t / ("outbox/" + std::string(file))),
                      file);
}
