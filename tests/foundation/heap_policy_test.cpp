// What the heap policy changes in glibc's allocator: large blocks from the heap, and the
// heap's freed top kept for the next ones.
#include <doctest/doctest.h>
#include <malloc.h>

#include <cstdlib>
#include <cstring>

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
    // Not mapped for itself, but taken from the heap: from its free top and what it grew by,
    // however much other tests of this process left free there.
    CHECK(holding.hblks == before.hblks);
    CHECK(holding.hblkhd == before.hblkhd);
    CHECK(holding.uordblks >= before.uordblks + kBlock);
    std::free(block);
    const struct mallinfo2 after = ::mallinfo2();
    CHECK(after.arena == holding.arena);
    CHECK(after.fordblks >= kBlock);
}
