// The dot-entries of a folder, where sitrep's temporaries and staging folders live.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "pipeline/foundation/hidden_entries.h"
#include "tests/e2e/e2e_support.h"

using namespace sitrep;
namespace fs = std::filesystem;

TEST_CASE("a folder's hidden entries are its dot-names, each known as a file or a folder, and "
          "its reports are not among them") {
    test::TempDir dir;
    std::ofstream(dir.path() / "sitrep-0001.nl.pdf") << "report";
    std::ofstream(dir.path() / ".sitrep-0002.nl.pdf.3.tmp-99") << "half";
    fs::create_directory(dir.path() / ".sitrep-0002.staging");
    fs::create_directory(dir.path() / "archive");
    fs::create_symlink(dir.path() / "archive", dir.path() / ".link-to-folder");

    auto entries = hidden_entries(dir.path().string());
    std::sort(entries.begin(), entries.end(),
              [](const HiddenEntry& a, const HiddenEntry& b) { return a.name < b.name; });
    REQUIRE(entries.size() == 3);
    CHECK(entries[0].name == ".link-to-folder");
    CHECK(entries[0].is_directory);
    CHECK(entries[1].name == ".sitrep-0002.nl.pdf.3.tmp-99");
    CHECK(entries[1].is_regular_file);
    CHECK_FALSE(entries[1].is_directory);
    CHECK(entries[2].name == ".sitrep-0002.staging");
    CHECK(entries[2].is_directory);
    CHECK_FALSE(entries[2].is_regular_file);
}

TEST_CASE("a folder that is not there, or a file where the folder should be, has no hidden "
          "entries") {
    test::TempDir dir;
    CHECK(hidden_entries((dir.path() / "missing").string()).empty());
    std::ofstream(dir.path() / "outbox") << "a file, not a folder";
    CHECK(hidden_entries((dir.path() / "outbox").string()).empty());
}
