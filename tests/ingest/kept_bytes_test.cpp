// Where the bytes of every received file are kept, so that any past file can be given back.
#include "pipeline/ingest/ingest.h"
#include "pipeline/ingest/kept_bytes.h"
#include "tests/e2e/e2e_support.h"

using namespace sitrep;
using namespace sitrep::test;

TEST_CASE("a used file's bytes are kept inside the state folder, under their SHA-256") {
    TempDir t;
    fs::create_directories(t / "inbox");
    const std::string bytes =
        "peildatum;gebied;aantal\n05/02/2023;België;53.450\n05/02/2023;Vlaams Gewest;31.748\n"
        "05/02/2023;Waals Gewest;10.876\n05/02/2023;Brussels Hoofdstedelijk Gewest;10.824\n";
    std::ofstream(t / "inbox/dvz_tp_register_20230205.csv", std::ios::binary) << bytes;
    Store store(t / "state");
    const IngestPaths paths{t / "state", t / "state/quarantine", {}};
    const auto out = ingest_file(store, paths, t / "inbox/dvz_tp_register_20230205.csv",
                                 "2023-02-08T07:00:00+01:00");
    CHECK(slurp(t / ("state/submissions/" + out.sha256)) == bytes);
    CHECK(kept_bytes_path(paths, *store.find(out.sha256)) == t / ("state/submissions/" + out.sha256));
}

TEST_CASE("bytes an older sitrep kept beside the state folder are still found there") {
    TempDir t;
    StoredSubmission s;
    s.sha256 = std::string(64, 'a');
    s.file = "dvz_tp_register_20230205.csv";
    fs::create_directories(t / "submissions/state");
    std::ofstream(t / ("submissions/state/" + s.sha256)) << "kept the old way";
    const IngestPaths paths{t / "state", t / "state/quarantine", {}};
    CHECK(kept_bytes_path(paths, s) == t / ("submissions/state/" + s.sha256));
    s.rejected = true;
    CHECK(kept_bytes_path(paths, s) ==
          t / "state/quarantine/aaaaaaaaaaaa_dvz_tp_register_20230205.csv");
}
