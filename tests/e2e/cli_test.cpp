// The command line's contract with scripts: versions, exit codes (sysexits) and plain numbers.
#include "tests/e2e/e2e_support.h"

using namespace sitrep::test;

namespace {

void write(const std::string& path, const std::string& text) {
    std::ofstream(path, std::ios::binary) << text;
}

}  // namespace

TEST_CASE("sitrep --version prints the project's version and exits 0") {
    const auto r = run_sitrep("--version");
    CHECK(r.exit_code == 0);
    CHECK(r.output == std::string("sitrep ") + SITREP_VERSION + "\n");
}

TEST_CASE("a usage error exits 64 and says what is wrong") {
    TempDir t;
    const std::string state = " --state " + (t / "state");
    SUBCASE("an unknown command") {
        const auto r = run_sitrep("frobnicate");
        CHECK(r.exit_code == 64);
        CHECK(r.output.find("unknown command 'frobnicate'") != std::string::npos);
    }
    SUBCASE("an unknown option") {
        const auto r = run_sitrep("list --frobnicate" + state);
        CHECK(r.exit_code == 64);
        CHECK(r.output.find("unknown option --frobnicate") != std::string::npos);
    }
    SUBCASE("an option without its value") {
        const auto r = run_sitrep("list --state");
        CHECK(r.exit_code == 64);
        CHECK(r.output.find("--state needs a value") != std::string::npos);
    }
    SUBCASE("a missing report number") {
        const auto r = run_sitrep("show" + state);
        CHECK(r.exit_code == 64);
        CHECK(r.output.find("show needs a report number") != std::string::npos);
    }
    SUBCASE("a report number that is not a number") {
        const auto r = run_sitrep("show 12abc" + state);
        CHECK(r.exit_code == 64);
        CHECK(r.output.find("'12abc' is not a report number") != std::string::npos);
    }
    SUBCASE("render without --out") {
        const auto r = run_sitrep("render 1" + state);
        CHECK(r.exit_code == 64);
        CHECK(r.output.find("render needs --out DIR") != std::string::npos);
    }
    SUBCASE("validate without a file") {
        const auto r = run_sitrep("validate");
        CHECK(r.exit_code == 64);
        CHECK(r.output.find("validate needs a FILE") != std::string::npos);
    }
    SUBCASE("an --issued-at that is not a time") {
        fs::create_directories(t / "inbox");
        const auto r = run_sitrep("run --inbox " + (t / "inbox") + " --outbox " + (t / "outbox") +
                                  state + " --issued-at yesterday");
        CHECK(r.exit_code == 64);
        CHECK(r.output.find("--issued-at 'yesterday' is not an ISO 8601 time") !=
              std::string::npos);
    }
    SUBCASE("a bad --first-number") {
        const auto r = run_sitrep("list --first-number x" + state);
        CHECK(r.exit_code == 64);
        CHECK(r.output.find("--first-number 'x' is not a number") != std::string::npos);
    }
}

TEST_CASE("a report that was never issued exits 66 with a message, for show and for render") {
    TempDir t;
    const std::string state = " --state " + (t / "state");
    SUBCASE("show") {
        const auto r = run_sitrep("show 9999" + state);
        CHECK(r.exit_code == 66);
        CHECK(r.output.find("report 9999 was never issued") != std::string::npos);
    }
    SUBCASE("render") {
        const auto r = run_sitrep("render 9999 --out " + (t / "out") + state);
        CHECK(r.exit_code == 66);
        CHECK(r.output.find("report 9999 was never issued") != std::string::npos);
    }
    SUBCASE("validate of a file that is not there") {
        const auto r = run_sitrep("validate " + (t / "dvz_tp_register_20230205.csv"));
        CHECK(r.exit_code == 66);
        CHECK(r.output.find("cannot read " + (t / "dvz_tp_register_20230205.csv")) !=
              std::string::npos);
    }
}

TEST_CASE("validate prints totals exactly, in full, without an exponent") {
    TempDir t;
    write(t / "dvz_tp_register_20230205.csv",
          "peildatum;gebied;aantal\n05/02/2023;België;9.764.400\n05/02/2023;Luik;123.456.789\n");
    const auto counts = run_sitrep("validate " + (t / "dvz_tp_register_20230205.csv"));
    CHECK(counts.exit_code == 0);
    CHECK(counts.output.find("tp.register.persons BE: 1 facts, total 9764400\n") !=
          std::string::npos);
    CHECK(counts.output.find("tp.register.persons BE33: 1 facts, total 123456789\n") !=
          std::string::npos);
    write(t / "actiris_ukraine_2023-01-31.json",
          R"({"reference_date": "2023-01-31", "jobseekers": {"registered": 2420,
              "found_job": 317, "found_job_women_share": 0.8441234}})");
    const auto share = run_sitrep("validate " + (t / "actiris_ukraine_2023-01-31.json"));
    CHECK(share.exit_code == 0);
    CHECK(share.output.find("employment.jobseekers.worked BE1 {sex=F}: 1 facts, total "
                            "0.8441234\n") != std::string::npos);
}

TEST_CASE("validate previews a file figure by figure beside the newest report's figures") {
    TempDir t;
    copy_demo_inbox(t / "inbox");
    REQUIRE(run_sitrep(demo_run_args(t)).exit_code == 0);
    std::ofstream(t / "dvz_tp_register_20230212.csv")
        << "peildatum;gebied;aantal\n12/02/2023;België;54.100\n";
    const auto r = run_sitrep("validate " + (t / "dvz_tp_register_20230212.csv") + " --state " + (t / "state"));
    CHECK(r.exit_code == 0);
    CHECK_MESSAGE(r.output.find("tp.register.persons BE: 1 facts, total 54100\n    sets 54100 as of "
                                "2023-02-12 · report 1: 53450") != std::string::npos,
                  r.output);
    const auto flow = run_sitrep("validate " + std::string(SITREP_FIXTURES_DIR) +
                                 "/sample/inbox/forem_ukraine_202301.csv --state " + (t / "state"));
    CHECK_MESSAGE(flow.output.find("employment.jobseekers.new BE3: 1 facts, total 33\n    adds 33 for "
                                   "2023-01-01..2023-01-31 · report 1: 2102") != std::string::npos,
                  flow.output);
}

TEST_CASE("feeds check names a partner's cadence for a feed that does not exist, with its line") {
    TempDir t;
    fs::copy(std::string(SITREP_SOURCE_DIR) + "/catalogue", t / "catalogue", fs::copy_options::recursive);
    std::string partners = slurp(t / "catalogue/partners.ini");
    partners.replace(partners.find("cadence.werkplekvrij"), 20, "cadence.werkplekvrj");
    std::ofstream(t / "catalogue/partners.ini") << partners;
    const auto r = run_sitrep("feeds check " + (t / "catalogue"));
    CHECK(r.exit_code == 78);
    CHECK_MESSAGE(r.output.find("partners.ini:") != std::string::npos, r.output);
    CHECK(r.output.find("[vdab] cadence.werkplekvrj: vdab.werkplekvrj is no feed of vdab") != std::string::npos);
    CHECK(run_sitrep("feeds check").output.find("no mistake") != std::string::npos);
}
