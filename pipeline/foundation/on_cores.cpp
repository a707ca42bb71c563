#include "pipeline/foundation/on_cores.h"

#include <algorithm>
#include <atomic>
#include <thread>

namespace sitrep {

std::vector<std::exception_ptr> run_on_cores(const std::vector<std::function<void()>>& jobs) {
    std::vector<std::exception_ptr> failures(jobs.size());
    std::atomic<size_t> next{0};
    const auto work = [&] {
        for (size_t i = next++; i < jobs.size(); i = next++) {
            try {
                jobs[i]();
            } catch (...) {
                failures[i] = std::current_exception();
            }
        }
    };
    const size_t cores = std::max(1u, std::thread::hardware_concurrency());
    std::vector<std::thread> helpers;
    helpers.reserve(cores);
    try {
        for (size_t t = 1; t < std::min(cores, jobs.size()); ++t) helpers.emplace_back(work);
    } catch (...) {
        // No thread to be had: the jobs still run, on this one and the threads made.
    }
    work();
    for (auto& h : helpers) h.join();
    return failures;
}

}  // namespace sitrep
