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

/// Runs `work(0, half)` here and `work(half, count)` in a thread of its own at once, and
/// returns when both are done, rethrowing the first half's exception, else the second's; below
/// `at_least` items, or with no thread to be had, `work(0, count)` here. For the loops over a
/// year's facts or figures that the rest of a run waits for while a core is idle.
void run_in_halves(size_t count, size_t at_least,
                   const std::function<void(size_t begin, size_t end)>& work);

}  // namespace sitrep
