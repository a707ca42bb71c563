// The previous report's figures come from rows of the store, not from its manifest.
#include <Poco/JSON/Parser.h>

#include <filesystem>

#include "pipeline/report/manifest.h"
#include "pipeline/store/schema.h"
#include "pipeline/store/store.h"
#include "tests/e2e/e2e_support.h"

using namespace sitrep;
using namespace sitrep::test;

namespace {

std::string day_args(const TempDir& t, const char* as_of, const char* issued_at) {
    return "run --quiet --inbox " + (t / "inbox") + " --outbox " + (t / "outbox") + " --state " +
           (t / "state") + " --first-number 237 --as-of " + as_of + " --issued-at " + issued_at;
}

void correct_the_register(const TempDir& t) {
    std::ofstream(t / "inbox/dvz_tp_register_20230205_v2.csv")
        << "peildatum;gebied;aantal\n05/02/2023;België;53.460\n05/02/2023;Vlaams Gewest;31.748\n"
           "05/02/2023;Waals Gewest;10.876\n05/02/2023;Brussels Hoofdstedelijk Gewest;10.834\n";
}

}  // namespace

TEST_CASE("the figures a report publishes are kept in the store equal to what its manifest says") {
    TempDir t;
    copy_demo_inbox(t / "inbox");
    const auto r = run_sitrep(day_args(t, "2023-02-08", "2023-02-08T07:00:00+01:00"));
    REQUIRE_MESSAGE(r.exit_code == 0, r.output);

    const Store store(t / "state");
    const auto published = store.published_before(238);
    REQUIRE(published.has_value());
    CHECK(published->number == 237);
    CHECK(published->max_sequence == store.max_sequence());
    const auto from_manifest =
        published_values(read_manifest_figures(slurp(t / "outbox/sitrep-0237.json")));
    CHECK_FALSE(from_manifest.empty());
    CHECK(published->values == from_manifest);
    CHECK_FALSE(store.published_before(237).has_value());
}

// The state sitrep left before schema version 1 (tests/fixtures/state-v0/README.md): reports
// 237 and 238 of the demo inbox, the second after a corrected register.
void unpack_old_state(const TempDir& t) {
    const auto r = run("tar -xzf " + std::string(SITREP_SOURCE_DIR) +
                       "/tests/fixtures/state-v0/state.tar.gz -C " + t.path().string());
    REQUIRE_MESSAGE(r.exit_code == 0, r.output);
    copy_demo_inbox(t / "inbox");
    correct_the_register(t);
}

TEST_CASE("a state written by the code before this version lists, shows and renders its "
          "reports") {
    TempDir t;
    unpack_old_state(t);
    // The first command on the old state migrates it, and says so once.
    const auto list = run_sitrep("list --state " + (t / "state"));
    REQUIRE_MESSAGE(list.exit_code == 0, list.output);
    CHECK(list.output.find("migrated to schema version " + std::to_string(kSchemaVersion)) !=
          std::string::npos);
    const auto again_list = run_sitrep("list --state " + (t / "state"));
    CHECK(again_list.output ==
          "237\tdaily\t2023-02-08T07:00:00+01:00\tas of 2023-02-08\n"
          "238\tdaily\t2023-02-09T07:00:00+01:00\tas of 2023-02-09\n");
    const auto show = run_sitrep("show 238 --state " + (t / "state"));
    REQUIRE_MESSAGE(show.exit_code == 0, show.output);
    const auto shown = Poco::JSON::Parser().parse(show.output).extract<Poco::JSON::Object::Ptr>();
    CHECK(shown->getValue<int>("number") == 238);

    // Rendered again by today's code: the same figures, and a warning that it was issued by
    // an earlier reconciliation.
    const auto again = run_sitrep("render 238 --state " + (t / "state") + " --out " + (t / "again"));
    REQUIRE_MESSAGE(again.exit_code == 0, again.output);
    CHECK(again.output.find("issued by an earlier version") != std::string::npos);
    CHECK(published_values(read_manifest_figures(slurp(t / "again/sitrep-0238.json"))) ==
          published_values(read_manifest_figures(show.output)));
    CHECK(std::filesystem::file_size(t / "again/sitrep-0238.nl.pdf") > 10000);
}

TEST_CASE("the next report of a state written before this version compares with its last "
          "report's figures and findings") {
    TempDir t;
    unpack_old_state(t);
    const auto r = run_sitrep(day_args(t, "2023-02-10", "2023-02-10T07:00:00+01:00"));
    REQUIRE_MESSAGE(r.exit_code == 0, r.output);
    const auto m = read_manifest(t / "outbox/sitrep-0239.json");
    CHECK(m->getValue<int>("previous_report") == 238);
    // The corrected register of report 238 is this report's previous value.
    const auto be = headline(m, "tp.register.persons", "BE");
    REQUIRE(be);
    CHECK(be->getValue<double>("previous") == 53460);
    // Forem's total above its provinces stood in 237 and 238: it stands since 237.
    bool forem = false;
    auto findings = m->getArray("findings");
    for (size_t i = 0; i < findings->size(); ++i) {
        const auto f = findings->getObject(static_cast<unsigned>(i));
        if (f->getValue<std::string>("kind") != "parts_vs_total") continue;
        forem = true;
        CHECK(f->getValue<std::string>("news") == "persisting");
        CHECK(f->getValue<int>("since") == 237);
    }
    CHECK(forem);

    // The migration left the schema at its version, every manifest deflated, and every fact
    // that repeats its feed's previous one marked as a new run would have.
    const auto schema = run("sqlite3 " + (t / "state/sitrep.db") +
                            " 'PRAGMA user_version; SELECT COUNT(*) FROM reports WHERE manifest_z"
                            " IS NULL OR manifest <> \"\"; SELECT COUNT(*) > 0 FROM latest_packs'");
    REQUIRE_MESSAGE(schema.exit_code == 0, schema.output);
    CHECK(schema.output == std::to_string(kSchemaVersion) + "\n0\n1\n");
    // The migration recorded every old report's figures and findings as rows.
    const Store store(t / "state");
    CHECK(store.reports_without_figures().empty());
    CHECK(store.published_before(239)->values ==
          published_values(read_manifest_figures(store.report(238)->manifest)));
}

TEST_CASE("a state written before figures were rows gives the next report the same bytes") {
    TempDir kept, old;
    for (const TempDir* t : {&kept, &old}) unpack_old_state(*t);
    // What the code before that left: no figure rows, no remembered inbox files.
    const auto dropped = run("sqlite3 " + (old / "state/sitrep.db") +
                             " 'DROP TABLE report_figures; DROP TABLE inbox_files;'");
    REQUIRE_MESSAGE(dropped.exit_code == 0, dropped.output);

    for (const TempDir* t : {&kept, &old}) {
        const auto r = run_sitrep(day_args(*t, "2023-02-10", "2023-02-10T07:00:00+01:00"));
        REQUIRE_MESSAGE(r.exit_code == 0, r.output);
    }
    for (const char* file : {"sitrep-0239.json", "sitrep-0239.nl.pdf", "sitrep-0239.annex.xlsx"})
        CHECK_MESSAGE(slurp(old / ("outbox/" + std::string(file))) == slurp(kept / ("outbox/" + std::string(file))), file);
    const auto be = headline(read_manifest(old / "outbox/sitrep-0239.json"),
                             "tp.register.persons", "BE");
    REQUIRE(be);
    CHECK(be->getValue<double>("previous") == 53460);
}

TEST_CASE("list and show print a state's reports from their summaries and one manifest") {
    TempDir t;
    copy_demo_inbox(t / "inbox");
    REQUIRE(run_sitrep(day_args(t, "2023-02-08", "2023-02-08T07:00:00+01:00")).exit_code == 0);
    REQUIRE(run_sitrep(day_args(t, "2023-02-09", "2023-02-09T07:00:00+01:00") +
                       " --urgent --reason 'Nieuwe cijfers'")
                .exit_code == 0);

    const Store store(t / "state");
    const auto summaries = store.report_summaries();
    REQUIRE(summaries.size() == 2);
    CHECK(summaries[1].number == 238);
    CHECK(summaries[1].kind == "urgent");
    CHECK(summaries[1].issued_at == "2023-02-09T07:00:00+01:00");
    CHECK(summaries[1].as_of == "2023-02-09");
    CHECK(summaries[1].reason == "Nieuwe cijfers");
    // Kept compressed, read back whole.
    CHECK(store.report(238)->manifest == slurp(t / "outbox/sitrep-0238.json"));
    CHECK(store.report(238)->max_sequence == store.max_sequence());
    CHECK_FALSE(store.report(239).has_value());

    const auto list = run_sitrep("list --state " + (t / "state"));
    REQUIRE_MESSAGE(list.exit_code == 0, list.output);
    CHECK(list.output ==
          "237\tdaily\t2023-02-08T07:00:00+01:00\tas of 2023-02-08\n"
          "238\turgent\t2023-02-09T07:00:00+01:00\tas of 2023-02-09\tNieuwe cijfers\n");
    const auto show = run_sitrep("show 237 --state " + (t / "state"));
    REQUIRE_MESSAGE(show.exit_code == 0, show.output);
    CHECK(show.output == slurp(t / "outbox/sitrep-0237.json"));
}

TEST_CASE("list and show N read no other report's manifest: one damaged in the store leaves "
          "list and the other reports' show as they were") {
    TempDir t;
    copy_demo_inbox(t / "inbox");
    REQUIRE(run_sitrep(day_args(t, "2023-02-08", "2023-02-08T07:00:00+01:00")).exit_code == 0);
    REQUIRE(run_sitrep(day_args(t, "2023-02-09", "2023-02-09T07:00:00+01:00")).exit_code == 0);
    const auto damaged = run("sqlite3 " + (t / "state/sitrep.db") +
                             " \"UPDATE reports SET manifest = '', manifest_z = X'00ff00ff'"
                             " WHERE number = 238\"");
    REQUIRE_MESSAGE(damaged.exit_code == 0, damaged.output);

    const auto list = run_sitrep("list --state " + (t / "state"));
    REQUIRE_MESSAGE(list.exit_code == 0, list.output);
    CHECK(list.output == "237\tdaily\t2023-02-08T07:00:00+01:00\tas of 2023-02-08\n"
                         "238\tdaily\t2023-02-09T07:00:00+01:00\tas of 2023-02-09\n");
    const auto show = run_sitrep("show 237 --state " + (t / "state"));
    REQUIRE_MESSAGE(show.exit_code == 0, show.output);
    CHECK(show.output == slurp(t / "outbox/sitrep-0237.json"));
    // The damaged one says so, and names itself.
    const auto broken = run_sitrep("show 238 --state " + (t / "state"));
    CHECK(broken.exit_code != 0);
    CHECK(broken.output.find("report 238: its stored manifest") != std::string::npos);
}
