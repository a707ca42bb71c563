#pragma once

#include <exception>
#include <functional>
#include <vector>

namespace sitrep {

/// Runs every job, taken in their order by as many threads as the machine has cores (the
/// calling thread among them), and returns when all are done: each job's exception, or null
/// where it succeeded. One thread per job would make more threads than cores fight over them;
/// taking jobs in order lets the caller put the longest first.
std::vector<std::exception_ptr> run_on_cores(const std::vector<std::function<void()>>& jobs);

}  // namespace sitrep
