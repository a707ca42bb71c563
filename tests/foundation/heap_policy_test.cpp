// What the heap policy changes in glibc's allocator: large blocks from the heap, the heap's
// freed top kept for the next ones, and heaps that ask the kernel for huge pages.
#include <doctest/doctest.h>
#include <malloc.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include "pipeline/foundation/heap_policy.h"

using namespace sitrep;

TEST_CASE("after keep_freed_memory, a block of 24 MiB comes from the heap and stays there when freed") {
    keep_freed_memory();
    // Above glibc's default threshold (128 KiB, rising only to the size of blocks freed
    // before) and its default trim (twice that threshold): without the policy this block
    // would be mapped for itself, or the heap shrink again once it is freed.
    constexpr size_t kBlock = 24u << 20;
    const struct mallinfo2 before = ::mallinfo2();
    void* block = std::malloc(kBlock);
    REQUIRE(block != nullptr);
    std::memset(block, 1, kBlock);  // used, so that the compiler keeps it
    const struct mallinfo2 holding = ::mallinfo2();
    CHECK(holding.hblks == before.hblks);
    CHECK(holding.arena >= before.arena + kBlock);
    std::free(block);
    const struct mallinfo2 after = ::mallinfo2();
    CHECK(after.arena == holding.arena);
    CHECK(after.fordblks >= kBlock);
}

namespace {

// The flags /proc/self/smaps gives the mapping that holds `address` (`rd wr mr ... hg`).
std::string mapping_flags(const void* address) {
    std::ifstream smaps("/proc/self/smaps");
    const auto at = reinterpret_cast<uintptr_t>(address);
    bool inside = false;
    for (std::string line; std::getline(smaps, line);) {
        unsigned long from = 0, to = 0;
        if (std::sscanf(line.c_str(), "%lx-%lx ", &from, &to) == 2)
            inside = from <= at && at < to;
        else if (inside && line.rfind("VmFlags:", 0) == 0)
            return line + " ";
    }
    return "";
}

// The flags of the mapping under the last byte of a fresh 4 MiB block, on the calling thread:
// past the heap's first partial huge page, which cannot be one.
std::string own_heap_flags() {
    constexpr size_t kBlock = 4u << 20;
    char* block = static_cast<char*>(std::malloc(kBlock));
    std::string flags = mapping_flags(block + kBlock - 1);
    std::free(block);
    return flags;
}

}  // namespace

TEST_CASE("after back_heaps_with_huge_pages, the main heap and a later thread's ask for huge pages") {
    if (!std::filesystem::exists("/sys/kernel/mm/transparent_hugepage/enabled")) {
        MESSAGE("no transparent huge pages on this machine (or no /sys to say so): not checked");
        return;
    }
    keep_freed_memory();
    // The main heap and both arenas.
    CHECK(back_heaps_with_huge_pages(2) == 3);
    CHECK(own_heap_flags().find(" hg ") != std::string::npos);
    // A thread made afterwards takes one of the arenas made for it.
    std::string thread_flags;
    std::thread([&] { thread_flags = own_heap_flags(); }).join();
    CHECK(thread_flags.find(" hg ") != std::string::npos);
}
