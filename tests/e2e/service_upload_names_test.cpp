// Upload file names become inbox file names and manifest text: only clean UTF-8 gets in.
#include "tests/e2e/service_process.h"

using namespace sitrep::test;

TEST_CASE("an upload named with invalid UTF-8 or control characters is refused and never stored") {
    TempDir t;
    ServiceProcess service(write_config(t, 0));
    const std::string csv = "peildatum;gebied;aantal\n05/02/2023;België;53.450\n";
    for (const std::string& name :
         {std::string("x\xff\xfe.csv"), std::string("dvz_tp_register_20230205\xc3.csv"),
          std::string("dvz_tp_register_20230205.csv\r\nX-Note: cut here"),
          std::string("dvz_tp_register_20230205.csv\ntail"),
          std::string("dvz_tp_register_20230205\x7f.csv"),
          std::string("dvz_tp_register_20230205\xc2\x85.csv"),
          std::string("dvz_tp_register_\xed\xa0\x80.csv")}) {
        CAPTURE(name);
        const auto a = upload(service.port(), kDvz, name, csv);
        CHECK_MESSAGE(a.status == 400, a.body);
    }
    REQUIRE(fs::exists(t / "inbox"));
    for (const auto& e : fs::directory_iterator(t / "inbox")) FAIL("stored: " << e.path());
    // Nothing was stored under a cut name either: the full file is still welcome.
    CHECK(upload(service.port(), kDvz, "dvz_tp_register_20230205.csv", csv + "\n").status == 202);
}
