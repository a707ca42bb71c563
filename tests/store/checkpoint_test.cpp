// A store's file is whole once the store is closed, however its log was moved into it.
#include <doctest/doctest.h>

#include <filesystem>

#include "pipeline/store/store.h"
#include "tests/e2e/e2e_support.h"

using namespace sitrep;
using sitrep::test::TempDir;
namespace fs = std::filesystem;

namespace {

std::string sha(int n) {
    const std::string s = std::to_string(n);
    return std::string(64 - s.size(), '0') + s;
}

void add_workbook(Store& store, int n, int facts) {
    StoredSubmission s;
    s.sha256 = sha(n);
    s.file = "fedasil_crisisopvang_" + std::to_string(n) + ".xlsx";
    s.partner = "fedasil";
    s.feed = "fedasil.reception";
    s.received_at = "2022-03-21T07:00:00+01:00";
    std::vector<Observation> observations;
    for (int i = 0; i < facts; ++i) {
        const Date d = Date(19000 + i);
        observations.push_back({"reception.crisis.referred", "BE", d, d, {}, double(n * 1000 + i),
                                Unit::kCount, "C" + std::to_string(i + 4), true});
    }
    store.together([&] { store.add(s, observations, {}); });
}

}  // namespace

TEST_CASE("a checkpoint in the background moves what was committed into sitrep.db while the "
          "store is open") {
    TempDir t;
    const fs::path state = t / "state", copied = t / "copy";
    Store store(state.string());
    add_workbook(store, 1, 3000);
    store.checkpoint_in_background();
    store.wait_for_checkpoint();
    // The log is still there, and the copy does not take it: only the checkpoint put the
    // facts into the file.
    REQUIRE(fs::exists(state / "sitrep.db-wal"));
    fs::create_directories(copied);
    fs::copy_file(state / "sitrep.db", copied / "sitrep.db");
    Store copy(copied.string());
    CHECK(copy.find(sha(1)).has_value());
    CHECK(copy.observations({sha(1)}).size() == 3000);
}

TEST_CASE("a copy of sitrep.db alone, made after the store closed, holds what was written before "
          "and after a checkpoint in the background") {
    TempDir t;
    {
        Store store(t / "state");
        add_workbook(store, 1, 3000);
        store.checkpoint_in_background();
        // Written while the checkpoint may still run: left for the close to move.
        add_workbook(store, 2, 3000);
        store.checkpoint_in_background();
        add_workbook(store, 3, 10);
    }
    const fs::path state = t / "state", copied = t / "copy";
    CHECK_FALSE(fs::exists(state / "sitrep.db-wal"));
    fs::create_directories(copied);
    fs::copy_file(state / "sitrep.db", copied / "sitrep.db");
    Store copy(copied.string());
    for (int n : {1, 2, 3}) CHECK(copy.find(sha(n)).has_value());
    CHECK(copy.observations({sha(1), sha(2), sha(3)}).size() == 6010);
}
