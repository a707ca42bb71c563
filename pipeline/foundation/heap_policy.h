#pragma once

#include <cstddef>

namespace sitrep {

/// Keeps the memory a command frees for its next allocations instead of handing it back to
/// the system at once. Called first in main; see heap_policy.cpp for what it changes and why.
void keep_freed_memory();

/// Asks the kernel for transparent huge pages under the allocator's heaps: the main one and
/// those of the first `arenas` threads' arenas, made now. Called in main after
/// `keep_freed_memory`; returns how many heaps were advised (0 where the kernel has none).
size_t back_heaps_with_huge_pages(size_t arenas);

}  // namespace sitrep
