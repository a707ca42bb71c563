// What a run reads of the inbox: only files new or changed since the last run.
#include <fcntl.h>
#include <algorithm>
#include <sys/stat.h>

#include "pipeline/ingest/ingest.h"
#include "tests/e2e/e2e_support.h"
#include "tests/ingest/inbox_fixture.h"
#include "tests/support/postgres_server.h"

using namespace sitrep;
using namespace sitrep::test;

namespace {

// Sets a file's modification time, so that a test does not depend on the clock's resolution.
void set_mtime(const std::string& path, time_t seconds, long nanoseconds) {
    const timespec times[2] = {{seconds, nanoseconds}, {seconds, nanoseconds}};
    REQUIRE(::utimensat(AT_FDCWD, path.c_str(), times, 0) == 0);
}

// The register file in the inbox of `t`, with this modification time.
std::string register_in_inbox(const TempDir& t, long nanoseconds) {
    fs::create_directories(t / "inbox");
    const std::string file = t / "inbox/dvz_tp_register_20230205.csv";
    write(file, kRegister);
    set_mtime(file, 1675839600, nanoseconds);
    return file;
}

IngestOutcome ingest_one(Store& store, const TempDir& t, const std::string& path) {
    auto out = ingest_files(store, {t / "state", t / "quarantine", {}}, {path},
                            "2023-02-08T07:00:00+01:00");
    REQUIRE(out.size() == 1);
    return out.front();
}

}  // namespace

TEST_CASE("a file unchanged since the last run is neither hashed nor parsed again") {
    TempDir t;
    const std::string file = register_in_inbox(t, 123456789);
    Store store(t / "state");

    const auto first = ingest_one(store, t, file);
    CHECK(first.hashed);
    CHECK(first.parsed);
    CHECK_FALSE(first.rejected);

    const auto second = ingest_one(store, t, file);
    CHECK_FALSE(second.hashed);
    CHECK_FALSE(second.parsed);
    CHECK(second.already_known);
    CHECK(second.sha256 == first.sha256);
    CHECK_FALSE(second.rejected);

    // Bytes the adapter would reject, under the same size and time: the run does not read
    // them, so it still takes the file for what it was.
    write(file, std::string(std::string(kRegister).size(), 'x'));
    set_mtime(file, 1675839600, 123456789);
    const auto third = ingest_one(store, t, file);
    CHECK_FALSE(third.hashed);
    CHECK_FALSE(third.rejected);
    CHECK(third.sha256 == first.sha256);
}

TEST_CASE("a file rewritten in place with new bytes is read again") {
    TempDir t;
    const std::string file = register_in_inbox(t, 0);
    Store store(t / "state");
    const auto first = ingest_one(store, t, file);
    REQUIRE(first.parsed);

    SUBCASE("same size, a nanosecond later") {
        std::string corrected = kRegister;
        corrected.replace(corrected.find("53.450"), 6, "53.460");
        write(file, corrected);
        set_mtime(file, 1675839600, 1);
        const auto again = ingest_one(store, t, file);
        CHECK(again.hashed);
        CHECK(again.parsed);
        CHECK_FALSE(again.already_known);
        CHECK(again.sha256 != first.sha256);
        CHECK_FALSE(again.rejected);
    }
    SUBCASE("another size, the same time") {
        write(file, std::string(kRegister) + "garbage;;;\n");
        set_mtime(file, 1675839600, 0);
        const auto again = ingest_one(store, t, file);
        CHECK(again.hashed);
        CHECK(again.parsed);
        CHECK(again.sha256 != first.sha256);
    }
}

TEST_CASE("known bytes under a new time or a new name are hashed but not parsed again") {
    TempDir t;
    const std::string file = register_in_inbox(t, 0);
    Store store(t / "state");
    const auto first = ingest_one(store, t, file);
    REQUIRE(first.parsed);

    set_mtime(file, 1675926000, 0);
    const auto touched = ingest_one(store, t, file);
    CHECK(touched.hashed);
    CHECK_FALSE(touched.parsed);
    CHECK(touched.already_known);
    CHECK(touched.sha256 == first.sha256);

    const std::string copy = t / "inbox/dvz_tp_register_20230205 (1).csv";
    fs::copy_file(file, copy);
    const auto copied = ingest_one(store, t, copy);
    CHECK(copied.hashed);
    CHECK_FALSE(copied.parsed);
    CHECK(copied.already_known);
    CHECK(store.received_as("dvz_tp_register_20230205 (1).csv") ==
          std::vector<std::string>{first.sha256});
}

TEST_CASE("inbox files are stored in inbox order whatever order they are read in, and one that "
          "vanished is reported without holding up the rest") {
    TempDir t;
    copy_demo_inbox(t / "inbox");
    std::vector<std::string> files;
    for (const auto& entry : fs::directory_iterator(t / "inbox"))
        files.push_back(entry.path().string());
    std::sort(files.begin(), files.end());
    REQUIRE(files.size() > 3);
    // The biggest file again under another name, last, and a file gone before it is read.
    const auto biggest = *std::max_element(files.begin(), files.end(), [](auto& a, auto& b) {
        return fs::file_size(a) < fs::file_size(b);
    });
    const std::string again = t / "inbox/zz_copy_of_the_biggest.csv";
    fs::copy_file(biggest, again);
    files.insert(files.begin() + 2, t / "inbox/vanished.csv");
    files.push_back(again);

    Store store(t / "state");
    const auto out = ingest_files(store, {t / "state", t / "quarantine", {}}, files,
                                  "2023-02-08T07:00:00+01:00");
    REQUIRE(out.size() == files.size());
    int64_t last_sequence = 0;
    for (size_t i = 0; i < files.size(); ++i) {
        CAPTURE(files[i]);
        CHECK(out[i].path == files[i]);
        if (i == 2) {
            CHECK(out[i].rejected);
            CHECK(out[i].error.find("vanished.csv: cannot be read") != std::string::npos);
            continue;
        }
        if (files[i] == again) {
            // Known from the biggest file, stored before it: received under both names, one
            // submission. (Read side by side, both may have been parsed before either was
            // stored; only one is kept.)
            CHECK(out[i].already_known);
            CHECK_FALSE(out[i].rejected);
            CHECK(store.received_as("zz_copy_of_the_biggest.csv") ==
                  std::vector<std::string>{out[i].sha256});
            CHECK(store.received_as(fs::path(biggest).filename().string()) ==
                  std::vector<std::string>{out[i].sha256});
            CHECK(store.find(out[i].sha256)->file == fs::path(biggest).filename().string());
            continue;
        }
        CHECK(out[i].parsed);
        const auto stored = store.find(out[i].sha256);
        REQUIRE(stored);
        CHECK(stored->sequence > last_sequence);
        last_sequence = stored->sequence;
    }
}

TEST_CASE("on a shared store the run's new files are hashed first and asked about at once: "
          "known bytes under a new name are not parsed again, new bytes are" * kPostgres) {
    ScratchDatabase server;
    TempDir t;
    copy_demo_inbox(t / "inbox");
    const std::string first = t / "inbox/dvz_tp_register_20230205.csv";
    const std::string second = t / "inbox/vdab_oekraine_2023-02.csv";
    Store store(StoreLocation{t / "state", server.url(), ""});
    const IngestPaths paths{t / "state", t / "quarantine", ""};
    const auto before = ingest_files(store, paths, {first}, "2023-02-08T07:00:00+01:00");
    REQUIRE(before.size() == 1);
    REQUIRE(before[0].parsed);

    const std::string copy = t / "inbox/dvz_tp_register_20230205 (1).csv";
    fs::copy_file(first, copy);
    const auto out =
        ingest_files(store, paths, {copy, second}, "2023-02-09T07:00:00+01:00");
    REQUIRE(out.size() == 2);
    CHECK(out[0].hashed);
    CHECK_FALSE(out[0].parsed);
    CHECK(out[0].already_known);
    CHECK(out[0].sha256 == before[0].sha256);
    CHECK(out[1].hashed);
    CHECK(out[1].parsed);
    CHECK_FALSE(out[1].already_known);
    CHECK(store.find(out[1].sha256).has_value());
}

TEST_CASE("on a shared store the files a run does not read again are asked for at once, a "
          "rejected one still rejected with its error" * kPostgres) {
    ScratchDatabase server;
    TempDir t;
    const std::string good = register_in_inbox(t, 5);
    const std::string bad = t / "inbox/dvz_tp_register_20230206.csv";
    write(bad, "this is not the register\n");
    set_mtime(bad, 1675839600, 6);
    Store store(StoreLocation{t / "state", server.url(), ""});
    const IngestPaths paths{t / "state", t / "quarantine", ""};
    const auto first = ingest_files(store, paths, {good, bad}, "2023-02-08T07:00:00+01:00");
    REQUIRE(first.size() == 2);
    REQUIRE_FALSE(first[0].rejected);
    REQUIRE(first[1].rejected);
    REQUIRE_FALSE(first[1].error.empty());
    // Both unchanged: known from their entries, neither read again.
    const auto again = ingest_files(store, paths, {good, bad}, "2023-02-09T07:00:00+01:00");
    REQUIRE(again.size() == 2);
    for (size_t i = 0; i < 2; ++i) {
        CAPTURE(i);
        CHECK(again[i].already_known);
        CHECK(again[i].sha256 == first[i].sha256);
        CHECK(again[i].rejected == first[i].rejected);
        CHECK(again[i].error == first[i].error);
        CHECK_FALSE(again[i].hashed);
    }
}
