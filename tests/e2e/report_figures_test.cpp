// The previous report's figures come from rows of the store, not from its manifest.
#include "pipeline/report/manifest.h"
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

TEST_CASE("the figures a report publishes are kept as rows equal to what its manifest says") {
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

TEST_CASE("a state written before figures were rows gives the next report the same bytes") {
    TempDir kept, old;
    for (const TempDir* t : {&kept, &old}) {
        copy_demo_inbox(*t / "inbox");
        const auto r = run_sitrep(day_args(*t, "2023-02-08", "2023-02-08T07:00:00+01:00"));
        REQUIRE_MESSAGE(r.exit_code == 0, r.output);
        correct_the_register(*t);
    }
    // What the code before this change left: no figure rows, no remembered inbox files.
    const auto dropped = run("sqlite3 " + (old / "state/sitrep.db") +
                             " 'DROP TABLE report_figures; DROP TABLE inbox_files;'");
    REQUIRE_MESSAGE(dropped.exit_code == 0, dropped.output);

    for (const TempDir* t : {&kept, &old}) {
        const auto r = run_sitrep(day_args(*t, "2023-02-09", "2023-02-09T07:00:00+01:00"));
        REQUIRE_MESSAGE(r.exit_code == 0, r.output);
    }
    for (const char* file : {"sitrep-0238.json", "sitrep-0238.nl.pdf", "sitrep-0238.annex.xlsx"})
        CHECK_MESSAGE(slurp(old / ("outbox/" + std::string(file))) == slurp(kept / ("outbox/" + std::string(file))), file);
    // The revision is there: report 238 did compare with report 237's figures.
    const auto be = headline(read_manifest(old / "outbox/sitrep-0238.json"),
                             "tp.register.persons", "BE");
    REQUIRE(be);
    CHECK(be->getValue<double>("previous") == 53450);

    const Store store(old / "state");
    CHECK(store.reports_without_figures().empty());
    CHECK(store.published_before(238)->values ==
          published_values(read_manifest_figures(slurp(old / "outbox/sitrep-0237.json"))));

    // Report 237 still renders as issued.
    const auto again = run_sitrep("render 237 --state " + (old / "state") + " --out " + (old / "again"));
    REQUIRE_MESSAGE(again.exit_code == 0, again.output);
    CHECK(slurp(old / "again/sitrep-0237.json") == slurp(old / "outbox/sitrep-0237.json"));
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
