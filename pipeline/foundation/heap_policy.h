#pragma once

namespace sitrep {

/// Keeps the memory a command frees for its next allocations instead of handing it back to
/// the system at once. Called first in main; see heap_policy.cpp for what it changes and why.
void keep_freed_memory();

}  // namespace sitrep
