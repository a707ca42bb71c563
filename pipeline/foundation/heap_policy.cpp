// glibc's allocator, by default, takes blocks of 128 KiB and more (a year's facts, a sheet's
// rows, a manifest) straight from the system and returns them when freed, and gives back the
// top of its heap as soon as 128 KiB of it is free. A run allocates and frees such blocks
// stage after stage, each time faulting in fresh zeroed pages: 10 to 17 µs a page on this
// project's two-core virtual machine (measured), so that a year-end run spent a tenth of its
// wall time on them (day 30: a twentieth), a cost that grew with the history. The blocks now
// come from the heap, and its freed top is kept: a command is short, or (the service) reaches
// the same peak every day. The price is a few MiB of resident memory at the peak (a year-end
// run: 37 to 42 MiB).
//
// What a run does need fresh still faulted in 4 KiB at a time: 5,700 faults at year end
// against 2,400 at day 30. The heaps now ask for transparent huge pages (where the kernel's
// mode is `madvise`, as Debian's is), one fault per 2 MiB: touching 32 MiB took 96 ms in
// 4 KiB pages and 2 ms in huge ones on that machine. glibc does this itself only when told
// by GLIBC_TUNABLES before the process starts (`glibc.malloc.hugetlb=1`), which a command
// cannot set for itself; so the heaps are advised here, as glibc would:
// - the main heap grows 16 MiB past each request, so that whole huge pages fit in it, and
//   is grown once now and advised;
// - a thread's arena gets its own heap, made at its first allocation (with the same 16 MiB
//   of room) and kept for the threads that come after it once it ends. A few threads made
//   here, alive together, make the arenas the run's threads will use, and advise them.
#include "pipeline/foundation/heap_policy.h"

#include <malloc.h>
#include <sys/mman.h>

#include <algorithm>
#include <barrier>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>
#include <system_error>
#include <thread>
#include <vector>

namespace sitrep {

namespace {
// glibc's upper bound for the threshold on 64-bit (half its heap size, 64 MiB); a larger
// value is ignored.
constexpr int kLargestMmapThreshold = 32 * 1024 * 1024;
// Return the heap's top only once this much of it is free.
constexpr int kTrimThreshold = 512 * 1024 * 1024;
// The room a heap grows by past a request: whole huge pages fit only in a mapping that
// spans them, and glibc otherwise grows a heap page by page.
constexpr int kTopPad = 16 * 1024 * 1024;
constexpr uintptr_t kHugePage = 2 * 1024 * 1024;

// The mapping of this process that holds `address`, as /proc/self/maps lists it, with the
// inaccessible one right after it if there is one: a thread's heap is the start of a range
// glibc reserved inaccessible, and opens further as it grows.
bool mapping_of(uintptr_t address, uintptr_t& from, uintptr_t& to) {
    std::FILE* maps = std::fopen("/proc/self/maps", "re");
    if (maps == nullptr) return false;
    bool found = false;
    char line[512];
    while (std::fgets(line, sizeof line, maps) != nullptr) {
        unsigned long start = 0, end = 0;
        char perms[5] = {};
        int path = 0;
        if (std::sscanf(line, "%lx-%lx %4s %*s %*s %*s %n", &start, &end, perms, &path) < 3)
            continue;
        if (found) {
            // Anonymous and inaccessible, and where the heap ends: its reserve.
            if (start == to && std::string_view(perms) == "---p" && line[path] == '\0') to = end;
            break;
        }
        if (start <= address && address < end) {
            found = true;
            from = start;
            to = end;
        }
    }
    std::fclose(maps);
    return found;
}

// Advises the whole huge pages of the heap the calling thread allocates from.
bool advise_own_heap() {
    // volatile: a block allocated and freed unused may otherwise be left out by the compiler.
    void* volatile probe = std::malloc(64);
    const auto address = reinterpret_cast<uintptr_t>(probe);
    std::free(probe);
    uintptr_t from = 0, to = 0;
    if (!mapping_of(address, from, to)) return false;
    from = (from + kHugePage - 1) & ~(kHugePage - 1);
    to &= ~(kHugePage - 1);
    return to > from && ::madvise(reinterpret_cast<void*>(from), to - from, MADV_HUGEPAGE) == 0;
}
}  // namespace

void keep_freed_memory() {
    // Failure leaves glibc's defaults: slower, not wrong.
    ::mallopt(M_MMAP_THRESHOLD, kLargestMmapThreshold);
    ::mallopt(M_TRIM_THRESHOLD, kTrimThreshold);
}

size_t back_heaps_with_huge_pages(size_t arenas) {
    // Failure leaves 4 KiB pages: slower, not wrong.
    ::mallopt(M_TOP_PAD, kTopPad);
    {
        // Beyond what the heap has left: it grows now, by this and the room.
        void* volatile grow = std::malloc(kTopPad);
        std::free(grow);
    }
    size_t advised = advise_own_heap() ? 1 : 0;
    if (advised == 0 || arenas == 0) return advised;
    // Alive together, each thread gets an arena of its own.
    std::barrier together(static_cast<std::ptrdiff_t>(arenas));
    std::vector<char> done(arenas, 0);
    std::vector<std::thread> threads;
    try {
        for (size_t i = 0; i < arenas; ++i)
            threads.emplace_back([&, i] {
                together.arrive_and_wait();
                done[i] = advise_own_heap();
                together.arrive_and_wait();
            });
    } catch (const std::system_error&) {
        // No more threads (a limit on a container's tasks, say): those made go on without
        // the others.
        for (size_t missing = threads.size(); missing < arenas; ++missing)
            together.arrive_and_drop();
    }
    for (auto& t : threads) t.join();
    return advised + static_cast<size_t>(std::count(done.begin(), done.end(), 1));
}

}  // namespace sitrep
