#pragma once

#include <cstddef>
#include <thread>

namespace sitrep {

/// Faults in, on another core, heap memory that work coming later on this thread will
/// allocate: a block of this thread's heap, written a byte a page by a helper thread and then
/// freed for reuse, so that the later work finds its pages already there. See heap_warmer.cpp
/// for why a page is worth it.
class HeapWarmer {
public:
    /// Starts warming `bytes`, in blocks of 1 MiB rounded up (none when 0, or when no memory or
    /// thread can be had: the work then faults its pages in itself, as without a warmer).
    explicit HeapWarmer(size_t bytes);
    /// Waits for the helper, if it is still at work.
    ~HeapWarmer();
    HeapWarmer(const HeapWarmer&) = delete;
    HeapWarmer& operator=(const HeapWarmer&) = delete;

private:
    std::thread helper_;
};

}  // namespace sitrep
