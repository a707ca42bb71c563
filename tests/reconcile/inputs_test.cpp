#include <doctest/doctest.h>

#include "pipeline/reconcile/inputs.h"

using namespace sitrep;

TEST_CASE("revision names are recognised, copies too") {
    CHECK(revision_base("dvz_tp_beslissingen_20230131_v2.csv") == "dvz_tp_beslissingen_20230131");
    CHECK(revision_base("dvz_tp_beslissingen_20230131 (1).csv") == "dvz_tp_beslissingen_20230131");
    CHECK(revision_number("dvz_tp_beslissingen_20230131_v3.csv") == 3);
    CHECK(revision_number("dvz_tp_beslissingen_20230131.csv") == 1);
}

TEST_CASE("a _v2 file supersedes its original and a copy of the same bytes is a duplicate") {
    std::vector<StoredSubmission> subs(3);
    subs[0].sha256 = "a1"; subs[0].file = "dvz_tp_beslissingen_20230131.csv"; subs[0].feed = "dvz.decisions"; subs[0].sequence = 1;
    subs[1].sha256 = "b2"; subs[1].file = "dvz_tp_beslissingen_20230131_v2.csv"; subs[1].feed = "dvz.decisions"; subs[1].sequence = 2;
    subs[2].sha256 = "c3"; subs[2].file = "forem_ukraine_202301.csv"; subs[2].feed = "forem.jobseekers"; subs[2].sequence = 3;
    subs[2].rejected = true; subs[2].error = "forem_ukraine_202301.csv:line 2: bad";
    const std::vector<Receipt> receipts = {{subs[0].file, "a1", "t"}, {subs[1].file, "b2", "t"},
                                           {"dvz_tp_beslissingen_20230131_v2 (1).csv", "b2", "t"},
                                           {subs[2].file, "c3", "t"}};
    const InputLedger ledger = classify_inputs(subs, receipts);
    REQUIRE(ledger.inputs.size() == 4);
    CHECK(ledger.inputs[0].status == "superseded");
    CHECK(ledger.inputs[0].error == "replaced by dvz_tp_beslissingen_20230131_v2.csv");
    CHECK(ledger.inputs[1].status == "used");
    CHECK(ledger.inputs[2].status == "duplicate");
    CHECK(ledger.inputs[3].status == "rejected");
    CHECK(ledger.used == std::set<std::string>{"b2"});
}

TEST_CASE("a partner's file never replaces another partner's file of the same name") {
    std::vector<StoredSubmission> subs(2);
    subs[0].sha256 = "a1"; subs[0].file = "pupils_2023-02.hxl.csv"; subs[0].feed = "hxl"; subs[0].partner = "onderwijs"; subs[0].sequence = 1;
    subs[1].sha256 = "b2"; subs[1].file = "pupils_2023-02_v2.hxl.csv"; subs[1].feed = "hxl"; subs[1].partner = "regions"; subs[1].sequence = 2;
    const InputLedger ledger = classify_inputs(subs, {{subs[0].file, "a1", "t"}, {subs[1].file, "b2", "t"}});
    CHECK(ledger.used == std::set<std::string>{"a1", "b2"});
    CHECK(ledger.inputs[0].status == "used");
}
