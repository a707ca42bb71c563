// Bad input is rejected with a precise reason, kept in quarantine, and never stops the run.
#include "tests/e2e/e2e_support.h"

using namespace sitrep::test;

namespace {

void write(const std::string& path, const std::string& bytes) {
    std::ofstream(path, std::ios::binary) << bytes;
}

}  // namespace

TEST_CASE("bad files are quarantined with their reason and the report is still written") {
    TempDir t;
    copy_demo_inbox(t / "inbox");
    write(t / "inbox/forem_ukraine_202302.csv",
          "Mois;Province;Demandeurs d'emploi inscrits;dont femmes;Ayant travaill\xE9 au moins un "
          "jour;Nouvelles inscriptions\r\n02/2023;Namur;-4;191;42;5\r\n02/2023;Hainaut;622;460;92;7\r\n");
    write(t / "inbox/mystery_2023-02-08.csv", "a;b\n1;2\n");
    write(t / "inbox/dvz_tp_register_20230206.csv", "");
    write(t / "inbox/fedasil_crisisopvang_2023-02-06.xlsx", "PK\x03\x04 this is not a zip");

    const auto r = run_sitrep(demo_run_args(t));
    CHECK_MESSAGE(r.exit_code == 65, r.output);
    CHECK(r.output.find("forem_ukraine_202302.csv:line 2, column 'Demandeurs d'emploi inscrits': "
                        "'-4' is negative") != std::string::npos);

    const auto m = read_manifest(t / "outbox/sitrep-0001.json");
    auto forem = input(m, "forem_ukraine_202302.csv");
    REQUIRE(forem);
    CHECK(forem->getValue<std::string>("status") == "rejected");
    CHECK(forem->getValue<std::string>("error").find("forem_ukraine_202302.csv:line 2") != std::string::npos);
    CHECK(input(m, "mystery_2023-02-08.csv")->getValue<std::string>("error").find("no partner feed") !=
          std::string::npos);
    CHECK(input(m, "dvz_tp_register_20230206.csv")->getValue<std::string>("error").find("empty") !=
          std::string::npos);
    CHECK(input(m, "fedasil_crisisopvang_2023-02-06.xlsx")->getValue<std::string>("status") == "rejected");

    // A file is used whole or not at all: the good Hainaut row of the bad file is not used.
    CHECK(headline(m, "employment.jobseekers.registered", "BE3")->getValue<double>("value") == 2220);
    // The rest of the run went on.
    CHECK(headline(m, "tp.register.persons", "BE")->getValue<double>("value") == 53450);

    // Kept, with the reason beside it.
    bool kept = false;
    for (const auto& e : fs::directory_iterator(t / "state/quarantine")) {
        const std::string name = e.path().filename().string();
        if (name.size() > 13 && name.substr(13) == "forem_ukraine_202302.csv") {
            kept = true;
            CHECK(slurp(e.path().string() + ".reason.txt").find("'-4' is negative") != std::string::npos);
        }
    }
    CHECK(kept);
}

TEST_CASE("the same file under another name is a duplicate and a _v2 replaces its original") {
    TempDir t;
    copy_demo_inbox(t / "inbox");
    fs::copy_file(t / "inbox/dvz_tp_register_20230205.csv", t / "inbox/dvz_tp_register_20230205 (1).csv");
    write(t / "inbox/dvz_tp_register_20230205_v2.csv",
          "peildatum;gebied;aantal\n05/02/2023;België;53.460\n05/02/2023;Vlaams Gewest;31.750\n"
          "05/02/2023;Waals Gewest;10.880\n05/02/2023;Brussels Hoofdstedelijk Gewest;10.830\n");
    const auto r = run_sitrep(demo_run_args(t));
    REQUIRE_MESSAGE(r.exit_code == 0, r.output);
    const auto m = read_manifest(t / "outbox/sitrep-0001.json");
    CHECK(input(m, "dvz_tp_register_20230205 (1).csv")->getValue<std::string>("status") == "duplicate");
    CHECK(input(m, "dvz_tp_register_20230205.csv")->getValue<std::string>("status") == "superseded");
    CHECK(input(m, "dvz_tp_register_20230205_v2.csv")->getValue<std::string>("status") == "used");
    CHECK(headline(m, "tp.register.persons", "BE")->getValue<double>("value") == 53460);
    // The original's provinces are gone with it: a _v2 replaces the original entirely, and
    // the report says what the revision withdrew.
    CHECK_FALSE(headline(m, "tp.register.persons", "BE33"));
    auto findings = m->getArray("findings");
    bool withdrawn = false;
    for (size_t i = 0; i < findings->size(); ++i) {
        const std::string msg = findings->getObject(static_cast<unsigned>(i))->getValue<std::string>("message");
        withdrawn = withdrawn || msg.find("dvz_tp_register_20230205.csv was replaced by a revision "
                                          "without 10 of its tp.register.persons figures") !=
                                     std::string::npos;
    }
    CHECK(withdrawn);
}

TEST_CASE("validate says what a partner's file would give, and what is wrong, storing nothing") {
    TempDir t;
    const auto good = run_sitrep("validate " + std::string(SITREP_FIXTURES_DIR) +
                             "/sample/inbox/dvz_tp_register_20230205.csv");
    CHECK(good.exit_code == 0);
    CHECK(good.output.find("tp.register.persons BE: 1 facts, total 53450") != std::string::npos);
    write(t / "vdab_oekraine_2023-03.csv", "maand;provincie;ingeschreven\n2023-03;Antwerpen;12\n");
    const auto bad = run_sitrep("validate " + (t / "vdab_oekraine_2023-03.csv"));
    CHECK(bad.exit_code == 65);
    CHECK(bad.output.find("vdab_oekraine_2023-03.csv:line 1: header lacks column 'ooit_gewerkt', "
                          "'aan_het_werk'") != std::string::npos);
}

TEST_CASE("a value left empty is reported as null with a finding, never as zero") {
    TempDir t;
    fs::create_directories(t / "inbox");
    write(t / "inbox/education_2023-02-07.hxl.csv",
          "Date,Area,Indicator,Level,Pupils\n"
          "#date,#adm1+code,#indicator+code,#meta+level,#affected+num\n"
          "2023-02-07,BE1,education.pupils.enrolled,kindergarten,\n"
          "2023-02-07,BE1,education.pupils.enrolled,primary,0\n");
    REQUIRE(run_sitrep(demo_run_args(t)).exit_code == 0);
    const auto m = read_manifest(t / "outbox/sitrep-0001.json");
    auto figures = m->getArray("figures");
    bool null_seen = false, zero_seen = false;
    for (size_t i = 0; i < figures->size(); ++i) {
        auto f = figures->getObject(static_cast<unsigned>(i));
        if (!f->has("breakdown")) continue;
        const std::string level = f->getObject("breakdown")->optValue<std::string>("level", "");
        if (level == "kindergarten") {
            null_seen = f->isNull("value") && f->getValue<std::string>("status") == "not_reported";
        } else if (level == "primary") {
            zero_seen = f->getValue<double>("value") == 0;
        }
    }
    CHECK(null_seen);
    CHECK(zero_seen);
    auto findings = m->getArray("findings");
    bool finding = false;
    for (size_t i = 0; i < findings->size(); ++i)
        finding = finding || findings->getObject(static_cast<unsigned>(i))->getValue<std::string>("kind") ==
                                 "not_reported";
    CHECK(finding);
}

TEST_CASE("a dangling link and a very long bad file name do not stop the run") {
    TempDir t;
    copy_demo_inbox(t / "inbox");
    fs::create_symlink(t / "nowhere.csv", t / "inbox/dvz_tp_register_20230206.csv");
    const std::string long_name = "forem_ukraine_202302_" + std::string(220, 'x') + ".csv";
    write(t / ("inbox/" + long_name), "Mois;Province\n02/2023;Namur\n");
    const auto r = run_sitrep(demo_run_args(t));
    CHECK_MESSAGE(r.exit_code == 65, r.output);
    const auto m = read_manifest(t / "outbox/sitrep-0001.json");
    CHECK(input(m, long_name)->getValue<std::string>("status") == "rejected");
    CHECK(headline(m, "tp.register.persons", "BE")->getValue<double>("value") == 53450);
    size_t kept = 0;
    for (const auto& e : fs::directory_iterator(t / "state/quarantine"))
        kept += e.path().filename().string().find("forem_ukraine_202302_") != std::string::npos;
    CHECK(kept == 2);  // the file and its reason
}

TEST_CASE("a file named with bytes that are not UTF-8 still gives a manifest that is valid JSON") {
    TempDir t;
    copy_demo_inbox(t / "inbox");
    fs::copy_file(t / "inbox/dvz_tp_register_20230205.csv",
                  t / "inbox/dvz_tp_register_20230206\xff\xfe.csv");
    run_sitrep(demo_run_args(t));
    const auto manifest = read_manifest(t / "outbox/sitrep-0001.json");  // throws if invalid
    CHECK(input(manifest, "dvz_tp_register_20230206\xEF\xBF\xBD\xEF\xBF\xBD.csv"));
}
