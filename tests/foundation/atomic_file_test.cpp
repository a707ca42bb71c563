// Files are written whole or not at all, also by threads writing the same file at once.
#include <doctest/doctest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <thread>
#include <vector>

#include <unistd.h>

#include "pipeline/foundation/atomic_file.h"
#include "pipeline/foundation/errors.h"
#include "tests/e2e/e2e_support.h"

using namespace sitrep;
namespace fs = std::filesystem;

TEST_CASE("threads copying the same bytes to the same name at once all succeed and leave one "
          "whole file and no temporary") {
    test::TempDir dir;
    const fs::path from = dir.path() / "dvz.csv", to = dir.path() / "kept";
    const std::string bytes(200000, 'x');
    std::ofstream(from, std::ios::binary) << bytes;
    std::atomic<int> failures{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&] {
            for (int i = 0; i < 25; ++i) {
                try {
                    copy_file_unsynced(from.string(), to.string());
                } catch (const Error&) {
                    ++failures;
                }
            }
        });
    for (auto& t : threads) t.join();
    CHECK(failures == 0);
    std::ifstream in(to, std::ios::binary);
    CHECK(std::string(std::istreambuf_iterator<char>(in), {}) == bytes);
    CHECK(std::distance(fs::directory_iterator(dir.path()), fs::directory_iterator()) == 2);
}

TEST_CASE("each temporary path is new, and one a dead writer left is known for a leftover") {
    test::TempDir dir;
    const std::string target = (dir.path() / "report.pdf").string();
    const std::string a = temporary_path_for(target), b = temporary_path_for(target);
    CHECK(a != b);
    CHECK(fs::path(a).filename().string().rfind(".report.pdf.", 0) == 0);
    // A writer that is gone: pid 2^22 + 1 is above Linux's largest.
    const fs::path left = dir.path() / ".report.pdf.7.tmp-4194305";
    std::ofstream(left) << "half";
    const auto removed = remove_dead_temporaries(dir.path().string());
    REQUIRE(removed.size() == 1);
    CHECK(removed.front() == ".report.pdf.7.tmp-4194305");
    CHECK_FALSE(fs::exists(left));
}

TEST_CASE("a living writer's temporary, a dot-file of another kind and a report stay where they "
          "are") {
    test::TempDir dir;
    const fs::path live = dir.path() / (".report.pdf.1.tmp-" + std::to_string(::getpid()));
    std::ofstream(live) << "being written";
    std::ofstream(dir.path() / ".keep") << "";
    std::ofstream(dir.path() / "report.pdf.tmp-4194305") << "not hidden, not ours";
    CHECK(remove_dead_temporaries(dir.path().string()).empty());
    CHECK(fs::exists(live));
    CHECK(fs::exists(dir.path() / ".keep"));
    CHECK(fs::exists(dir.path() / "report.pdf.tmp-4194305"));
}
