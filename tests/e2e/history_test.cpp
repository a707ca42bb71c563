// Reports over time: deltas, revisions, re-rendering a past report, late partners.
#include "tests/e2e/e2e_support.h"

using namespace sitrep::test;

namespace {

std::string run_args(const TempDir& t, const char* as_of, const char* issued_at) {
    return "run --quiet --inbox " + (t / "inbox") + " --outbox " + (t / "outbox") + " --state " +
           (t / "state") + " --as-of " + as_of + " --issued-at " + issued_at;
}

bool has_finding(const Poco::JSON::Object::Ptr& m, const std::string& kind,
                 const std::string& text) {
    auto findings = m->getArray("findings");
    for (size_t i = 0; i < findings->size(); ++i) {
        auto f = findings->getObject(static_cast<unsigned>(i));
        if (f->getValue<std::string>("kind") == kind &&
            f->getValue<std::string>("message").find(text) != std::string::npos)
            return true;
    }
    return false;
}

}  // namespace

TEST_CASE("report N+1 shows the revision of a published figure and its change since report N") {
    TempDir t;
    copy_demo_inbox(t / "inbox");
    REQUIRE(run_sitrep(run_args(t, "2023-02-08", "2023-02-08T07:00:00+01:00") + " --first-number 237").exit_code == 0);
    const std::string first_pdf = slurp(t / "outbox/sitrep-0237.nl.pdf");
    const std::string first_annex = slurp(t / "outbox/sitrep-0237.annex.xlsx");
    const std::string first_manifest = slurp(t / "outbox/sitrep-0237.json");

    // DVZ corrects its register: Brussels was 10.824, is 10.834; the nation 53.460.
    std::ofstream(t / "inbox/dvz_tp_register_20230205_v2.csv")
        << "peildatum;gebied;aantal\n05/02/2023;België;53.460\n05/02/2023;Vlaams Gewest;31.748\n"
           "05/02/2023;Waals Gewest;10.876\n05/02/2023;Brussels Hoofdstedelijk Gewest;10.834\n";
    const auto r = run_sitrep(run_args(t, "2023-02-09", "2023-02-09T07:00:00+01:00"));
    REQUIRE_MESSAGE(r.exit_code == 0, r.output);
    const auto m = read_manifest(t / "outbox/sitrep-0238.json");
    auto be = headline(m, "tp.register.persons", "BE");
    CHECK(be->getValue<double>("value") == 53460);
    CHECK(be->getValue<double>("previous") == 53450);
    CHECK(be->getValue<double>("change") == 10);
    CHECK(be->getValue<std::string>("status") == "revised");
    CHECK(headline(m, "tp.register.persons", "BE2")->getValue<std::string>("status") == "current");
    CHECK(has_finding(m, "revision", "53450 [dvz_tp_register_20230205.csv:line 2] becomes 53460"));
    CHECK(input(m, "dvz_tp_register_20230205.csv")->getValue<std::string>("status") == "superseded");
    // Brussels' 10 more close the gap between regions and nation: that finding is gone.
    CHECK_FALSE(has_finding(m, "regions_vs_national", "53448"));

    // Report 237 rendered again from the store is the report first sent, byte for byte.
    const auto again = run_sitrep("render 237 --state " + (t / "state") + " --out " + (t / "again"));
    REQUIRE_MESSAGE(again.exit_code == 0, again.output);
    CHECK(slurp(t / "again/sitrep-0237.nl.pdf") == first_pdf);
    CHECK(slurp(t / "again/sitrep-0237.annex.xlsx") == first_annex);
    CHECK(slurp(t / "again/sitrep-0237.json") == first_manifest);
}

TEST_CASE("a partner whose data is too old is late, and its figures are carried forward") {
    TempDir t;
    copy_demo_inbox(t / "inbox");
    REQUIRE(run_sitrep(run_args(t, "2023-04-03", "2023-04-03T07:00:00+02:00")).exit_code == 0);
    const auto m = read_manifest(t / "outbox/sitrep-0001.json");
    CHECK(has_finding(m, "late_partner", "fedasil.reception: the newest data covers up to 2023-01-30"));
    CHECK(headline(m, "reception.crisis.referred", "BE")->getValue<std::string>("status") ==
          "carried_forward");
    CHECK(headline(m, "tp.register.persons", "BE")->getValue<std::string>("status") ==
          "carried_forward");
    CHECK(m->getValue<std::string>("issued_at") == "2023-04-03T07:00:00+02:00");
}

TEST_CASE("the demo inbox on its own date has every feed with a cadence on time and no spurious "
          "finding") {
    TempDir t;
    copy_demo_inbox(t / "inbox");
    REQUIRE(run_sitrep(run_args(t, "2023-02-08", "2023-02-08T07:00:00+01:00")).exit_code == 0);
    const auto m = read_manifest(t / "outbox/sitrep-0001.json");
    CHECK(m->getArray("findings")->size() == 3);
    auto partners = m->getArray("partners");
    std::set<std::string> feeds;
    for (size_t i = 0; i < partners->size(); ++i) {
        const auto p = partners->getObject(static_cast<unsigned>(i));
        const auto feed = p->getValue<std::string>("feed");
        feeds.insert(feed);
        // The Red Cross sends when it has something: the rules give it no cadence.
        CHECK(p->getValue<std::string>("state") == (feed == "redcross.hxl" ? "no_cadence" : "on_time"));
    }
    // One row per feed: VDAB's two feeds are each watched.
    CHECK(feeds == std::set<std::string>{"actiris.jobseekers", "dvz.decisions", "dvz.register",
                                         "education.hxl", "fedasil.reception", "forem.jobseekers",
                                         "redcross.hxl", "vdab.jobseekers", "vdab.werkplekvrij"});
}

TEST_CASE("a newer register replaces the old one's findings instead of adding to them") {
    TempDir t;
    copy_demo_inbox(t / "inbox");
    std::ofstream(t / "inbox/dvz_tp_register_20230207.csv")
        << "peildatum;gebied;aantal\n07/02/2023;België;53.500\n07/02/2023;Vlaams Gewest;31.760\n"
           "07/02/2023;Waals Gewest;10.900\n07/02/2023;Brussels Hoofdstedelijk Gewest;10.830\n";
    REQUIRE(run_sitrep(run_args(t, "2023-02-08", "2023-02-08T07:00:00+01:00")).exit_code == 0);
    const auto m = read_manifest(t / "outbox/sitrep-0001.json");
    CHECK_FALSE(has_finding(m, "regions_vs_national", "53448"));  // 5 February's, superseded in time
    CHECK(has_finding(m, "regions_vs_national", "the regions sum to 53490"));
    auto figures = m->getArray("figures");
    int unallocated = 0;
    for (size_t i = 0; i < figures->size(); ++i) {
        auto f = figures->getObject(static_cast<unsigned>(i));
        if (f->has("breakdown") && f->getValue<std::string>("indicator") == "tp.register.persons" &&
            f->getObject("breakdown")->optValue<std::string>("area", "") == "unallocated") {
            ++unallocated;
            CHECK(f->getValue<double>("value") == 10);
        }
    }
    CHECK(unallocated == 1);
}

TEST_CASE("report N rendered again uses the words, rules and languages it was issued with") {
    TempDir t;
    copy_demo_inbox(t / "inbox");
    fs::copy(std::string(SITREP_SOURCE_DIR) + "/templates", t / "templates", fs::copy_options::recursive);
    const std::string templates = " --templates " + (t / "templates");
    REQUIRE(run_sitrep(run_args(t, "2023-02-08", "2023-02-08T07:00:00+01:00") + templates +
                       " --lang nl,fr").exit_code == 0);
    const std::string first = slurp(t / "outbox/sitrep-0001.nl.pdf");

    // Later the centre rewords a label and adds English.
    const std::string labels = t / "templates/labels/nl.properties";
    std::string text = slurp(labels);
    const size_t at = text.find("Kerncijfers");
    REQUIRE(at != std::string::npos);
    text.replace(at, 11, "Cijfers van de dag");
    std::ofstream(labels, std::ios::binary) << text;

    const auto again = run_sitrep("render 1 --state " + (t / "state") + templates + " --out " +
                                  (t / "again"));
    REQUIRE_MESSAGE(again.exit_code == 0, again.output);
    CHECK(slurp(t / "again/sitrep-0001.nl.pdf") == first);
    CHECK(fs::exists(t / "again/sitrep-0001.fr.pdf"));
    CHECK_FALSE(fs::exists(t / "again/sitrep-0001.en.pdf"));
}
