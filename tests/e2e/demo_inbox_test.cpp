// The real binary on the demo inbox: every bold figure and finding of EXPECTED.md.
#include "tests/e2e/e2e_support.h"

using namespace sitrep::test;

namespace {

struct Expected {
    const char* indicator;
    const char* area;
    double value;
    const char* as_of;
    const char* from;  // flows only
};

// The bold figures of the sample inbox fixture's tests/fixtures/sample/EXPECTED.md.
const Expected kBold[] = {
    {"tp.certificates.issued", "BE", 65221, "2023-01-31", "2022-03-10"},
    {"tp.certificates.refused", "BE", 1578, "2023-01-31", "2022-03-10"},
    {"tp.register.persons", "BE", 53450, "2023-02-05", nullptr},
    {"tp.register.persons", "BE2", 31748, "2023-02-05", nullptr},
    {"tp.register.persons", "BE3", 10876, "2023-02-05", nullptr},
    {"tp.register.persons", "BE1", 10824, "2023-02-05", nullptr},
    {"reception.crisis.referred", "BE", 16183, "2023-01-30", "2022-03-01"},
    {"reception.registration.visitors", "BE", 78800, "2023-01-30", "2022-03-01"},
    {"reception.registration.housing_requests", "BE", 19809, "2023-01-30", "2022-03-01"},
    {"employment.jobseekers.registered", "BE2", 7520, "2023-02", nullptr},
    {"employment.jobseekers.worked", "BE2", 2750, "2023-02", nullptr},
    {"employment.jobseekers.working", "BE2", 1705, "2023-02", nullptr},
    {"employment.vacancies.launched", "BE2", 12800, "2023-02", nullptr},
    {"employment.vacancies.open", "BE2", 3500, "2023-02", nullptr},
    {"employment.jobseekers.registered", "BE3", 2220, "2023-01", nullptr},
    {"employment.jobseekers.women", "BE3", 1569, "2023-01", nullptr},
    {"employment.jobseekers.worked", "BE3", 348, "2023-01", nullptr},
    {"employment.jobseekers.registered", "BE1", 2420, "2022-12-31", nullptr},
    {"employment.jobseekers.worked", "BE1", 317, "2022-12-31", nullptr},
    {"employment.jobseekers.in_training", "BE1", 475, "2022-12-31", nullptr},
    {"education.pupils.enrolled", "BE2", 7760, "2023-02-07", nullptr},
    {"education.pupils.enrolled", "BE3", 2686, "2023-02-07", nullptr},
    {"education.pupils.enrolled", "BE1", 2138, "2023-02-07", nullptr},
    {"reception.redcross.welcomed", "BE10", 28000, "2022-09-30", nullptr},
};

}  // namespace

TEST_CASE("the demo inbox gives report 237 with every bold figure of EXPECTED.md") {
    TempDir t;
    copy_demo_inbox(t / "inbox");
    const auto r = run_sitrep(demo_run_args(t) + " --first-number 237");
    REQUIRE_MESSAGE(r.exit_code == 0, r.output);
    CHECK(r.output.find("wrote " + (t / "outbox/sitrep-0237.nl.pdf")) != std::string::npos);

    const auto m = read_manifest(t / "outbox/sitrep-0237.json");
    CHECK(m->getValue<int>("number") == 237);
    CHECK(m->getValue<std::string>("kind") == "daily");
    CHECK(m->getValue<std::string>("issued_at") == "2023-02-08T07:00:00+01:00");
    CHECK(m->getValue<std::string>("as_of") == "2023-02-08");
    for (const auto& e : kBold) {
        CAPTURE(e.indicator);
        CAPTURE(e.area);
        auto f = headline(m, e.indicator, e.area);
        REQUIRE(f);
        CHECK(f->getValue<double>("value") == e.value);
        CHECK(f->getValue<std::string>("as_of") == e.as_of);
        if (e.from) CHECK(f->getValue<std::string>("from") == e.from);
        else CHECK(f->isNull("from"));
        REQUIRE(f->getArray("sources")->size() >= 1);
    }
    auto inputs = m->getArray("inputs");
    CHECK(inputs->size() == 21);
    for (size_t i = 0; i < inputs->size(); ++i)
        CHECK(inputs->getObject(static_cast<unsigned>(i))->getValue<std::string>("status") == "used");
}

TEST_CASE("the demo inbox raises exactly the three findings of EXPECTED.md") {
    TempDir t;
    copy_demo_inbox(t / "inbox");
    REQUIRE(run_sitrep(demo_run_args(t)).exit_code == 0);
    const auto m = read_manifest(t / "outbox/sitrep-0001.json");
    auto findings = m->getArray("findings");
    REQUIRE(findings->size() == 3);
    std::map<std::string, Poco::JSON::Object::Ptr> by_kind;
    for (size_t i = 0; i < findings->size(); ++i) {
        auto f = findings->getObject(static_cast<unsigned>(i));
        by_kind[f->getValue<std::string>("kind")] = f;
        CHECK(f->getArray("sources")->size() == 1);
    }
    REQUIRE(by_kind.count("regions_vs_national"));
    CHECK(by_kind["regions_vs_national"]->getValue<std::string>("indicator") == "tp.register.persons");
    CHECK(by_kind["regions_vs_national"]->getValue<double>("expected") == 53450);
    CHECK(by_kind["regions_vs_national"]->getValue<double>("actual") == 53448);
    REQUIRE(by_kind.count("parts_vs_total"));
    CHECK(by_kind["parts_vs_total"]->getValue<std::string>("area") == "BE3");
    CHECK(by_kind["parts_vs_total"]->getValue<double>("expected") == 2220);
    CHECK(by_kind["parts_vs_total"]->getValue<double>("actual") == 2102);
    CHECK(by_kind["parts_vs_total"]->getValue<std::string>("message").find("forem_ukraine_202301.csv") !=
          std::string::npos);
    REQUIRE(by_kind.count("levels_vs_total"));
    CHECK(by_kind["levels_vs_total"]->getValue<std::string>("area") == "BE2");
    CHECK(by_kind["levels_vs_total"]->getValue<double>("expected") == 7760);
    CHECK(by_kind["levels_vs_total"]->getValue<double>("actual") == 7766);
    CHECK(by_kind["levels_vs_total"]->getValue<std::string>("message").find("higher 390 reported outside the total") !=
          std::string::npos);
}

TEST_CASE("the Dutch PDF shows the key figures in Dutch number style") {
    TempDir t;
    copy_demo_inbox(t / "inbox");
    REQUIRE(run_sitrep(demo_run_args(t) + " --lang nl --first-number 237").exit_code == 0);
    const std::string text = pdf_text(t / "outbox/sitrep-0237.nl.pdf");
    for (const char* figure : {"65.221", "53.450", "31.748", "10.876", "10.824", "16.183",
                               "28.000", "7.520", "2.220", "2.420", "7.760", "2.686", "2.138"})
        CHECK_MESSAGE(text.find(figure) != std::string::npos, figure);
    CHECK(text.find("237") != std::string::npos);
    CHECK(text.find("08/02/2023") != std::string::npos);
}

TEST_CASE("the Excel annex reads back in openpyxl with the headline figures") {
    TempDir t;
    copy_demo_inbox(t / "inbox");
    REQUIRE(run_sitrep(demo_run_args(t)).exit_code == 0);
    const std::string script = t / "read.py";
    std::ofstream(script) << R"(import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1], data_only=True)
print("SHEETS", "|".join(wb.sheetnames))
ws = wb["Summary"]
for row in ws.iter_rows(values_only=True):
    if row and len(row) > 4 and isinstance(row[0], str) and "." in row[0]:
        print("FIG", row[0], row[1], row[4])
)";
    const auto r = run("/usr/bin/python3 " + script + " " + (t / "outbox/sitrep-0001.annex.xlsx"));
    REQUIRE_MESSAGE(r.exit_code == 0, r.output);
    CHECK(r.output.find("Summary") != std::string::npos);
    CHECK(r.output.find("Findings") != std::string::npos);
    CHECK(r.output.find("Sources") != std::string::npos);
    CHECK(r.output.find("FIG tp.register.persons BE 53450") != std::string::npos);
    CHECK(r.output.find("FIG tp.certificates.issued BE 65221") != std::string::npos);
    CHECK(r.output.find("FIG reception.crisis.referred BE 16183") != std::string::npos);
}

TEST_CASE("running again on the same inbox writes the next number and counts nothing twice") {
    TempDir t;
    copy_demo_inbox(t / "inbox");
    REQUIRE(run_sitrep(demo_run_args(t) + " --first-number 237").exit_code == 0);
    const auto again = run_sitrep(demo_run_args(t) + " --first-number 237");
    REQUIRE_MESSAGE(again.exit_code == 0, again.output);
    const auto m = read_manifest(t / "outbox/sitrep-0238.json");
    CHECK(m->getValue<int>("number") == 238);
    CHECK(headline(m, "tp.certificates.issued", "BE")->getValue<double>("value") == 65221);
    CHECK(headline(m, "reception.crisis.referred", "BE")->getValue<double>("value") == 16183);
    CHECK(headline(m, "tp.register.persons", "BE")->getValue<double>("previous") == 53450);
    CHECK(headline(m, "tp.register.persons", "BE")->getValue<double>("change") == 0);
    const auto list = run_sitrep("list --state " + (t / "state"));
    CHECK(list.output.find("237\tdaily") != std::string::npos);
    CHECK(list.output.find("238\tdaily") != std::string::npos);
}

TEST_CASE("the same facts and number give byte-identical files on fresh state folders") {
    TempDir a, b;
    copy_demo_inbox(a / "inbox");
    copy_demo_inbox(b / "inbox");
    REQUIRE(run_sitrep(demo_run_args(a)).exit_code == 0);
    REQUIRE(run_sitrep(demo_run_args(b)).exit_code == 0);
    for (const char* name : {"sitrep-0001.nl.pdf", "sitrep-0001.fr.pdf", "sitrep-0001.en.pdf",
                             "sitrep-0001.annex.xlsx", "sitrep-0001.json"}) {
        CAPTURE(name);
        CHECK(slurp(a / ("outbox/" + std::string(name))) == slurp(b / ("outbox/" + std::string(name))));
    }
}
