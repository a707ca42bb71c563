// glibc's allocator, by default, takes blocks of 128 KiB and more (a year's facts, a sheet's
// rows, a manifest) straight from the system and returns them when freed, and gives back the
// top of its heap as soon as 128 KiB of it is free. A run allocates and frees such blocks
// stage after stage, each time faulting in fresh zeroed pages: 10 to 17 µs a page on the
// two-core virtual machine this was first measured on, so that a year-end run spent a tenth of its
// wall time on them (day 30: a twentieth), a cost that grew with the history. The blocks now
// come from the heap, and its freed top is kept: a command is short, or (the service) reaches
// the same peak every day. The price is a few MiB of resident memory at the peak (a year-end
// run: 37 to 42 MiB).
//
// The heaps do not ask for transparent huge pages. On the machine this was first measured on,
// a 4 KiB page cost 12 µs to fault in and a 2 MiB page one fault; on this project's present
// machine (2026-12-02) a 4 KiB page costs 2 µs, a huge page as much as the 512 it replaces,
// and, with Debian's `defrag=madvise`, a huge page sometimes waits for the kernel to compact
// memory (32 MiB touched: 17 ms in 4 KiB pages, 19 to 110 ms in huge ones). Advised heaps
// made a year-end run 16 ms of CPU slower and its wall time less predictable.
#include "pipeline/foundation/heap_policy.h"

#include <malloc.h>

namespace sitrep {

namespace {
// glibc's upper bound for the threshold on 64-bit (half its heap size, 64 MiB); a larger
// value is ignored.
constexpr int kLargestMmapThreshold = 32 * 1024 * 1024;
// Return the heap's top only once this much of it is free.
constexpr int kTrimThreshold = 512 * 1024 * 1024;
}  // namespace

void keep_freed_memory() {
    // Failure leaves glibc's defaults: slower, not wrong.
    ::mallopt(M_MMAP_THRESHOLD, kLargestMmapThreshold);
    ::mallopt(M_TRIM_THRESHOLD, kTrimThreshold);
}

}  // namespace sitrep
