// What the heap warmer leaves behind: this thread's heap holding pages already faulted in,
// free for the next allocations, and nothing else.
#include <doctest/doctest.h>
#include <malloc.h>
#include <sys/resource.h>

#include <cstdlib>

#include "pipeline/foundation/heap_policy.h"
#include "pipeline/foundation/heap_warmer.h"

using namespace sitrep;

namespace {

long minor_faults() {
    struct rusage usage {};
    ::getrusage(RUSAGE_SELF, &usage);
    return usage.ru_minflt;
}

constexpr size_t kWarmed = 8u << 20;
constexpr size_t kPages = kWarmed / 4096;

// What earlier tests of this process freed and kept is handed back to the system, so that
// only a warmer can have faulted in what this thread allocates next.
void forget_freed_memory() { ::malloc_trim(0); }

// Writes a byte a page, as work would: through volatile, so that it is not optimised away.
void write_pages(void* block, size_t bytes) {
    auto* written = static_cast<volatile char*>(block);
    for (size_t at = 0; at < bytes; at += 4096) written[at] = 1;
}

}  // namespace

TEST_CASE("memory a warmer faulted in is taken by this thread's next allocation without faults") {
    keep_freed_memory();
    forget_freed_memory();
    { const HeapWarmer warmed(kWarmed); }  // gone: its helper has written and freed every block
    // Half of it in one block: the warmed blocks, freed one after the other, are one again.
    const long before = minor_faults();
    void* block = std::malloc(kWarmed / 2);
    REQUIRE(block != nullptr);
    write_pages(block, kWarmed / 2);
    const long faulted = minor_faults() - before;
    std::free(block);
    // Fresh memory would fault in each of its 1,024 pages; a few may come from elsewhere.
    CHECK(faulted < static_cast<long>(kPages / 2 / 8));
}

TEST_CASE("a warmer keeps nothing of what it took, and nothing is warmed for no bytes") {
    keep_freed_memory();
    const struct mallinfo2 before = ::mallinfo2();
    { const HeapWarmer warmed(kWarmed); }
    const struct mallinfo2 after = ::mallinfo2();
    // In use as before, give or take the helper's own thread (its stack is not the heap's).
    CHECK(after.uordblks <= before.uordblks + 64 * 1024);
    CHECK(after.fordblks >= kWarmed);

    // Nothing taken, nothing written: what it would write would be fresh pages again.
    forget_freed_memory();
    const long faults = minor_faults();
    { const HeapWarmer none(0); }
    CHECK(minor_faults() - faults < 16);
}
