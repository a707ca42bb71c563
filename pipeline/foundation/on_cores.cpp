#include "pipeline/foundation/on_cores.h"

#include <algorithm>
#include <atomic>
#include <future>
#include <system_error>
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

void run_in_halves(size_t count, size_t at_least,
                   const std::function<void(size_t begin, size_t end)>& work) {
    const size_t half = count >= at_least && count > 1 ? count / 2 : count;
    std::future<void> later;
    if (half < count) {
        try {
            later = std::async(std::launch::async, [&] { work(half, count); });
        } catch (const std::system_error&) {
            work(0, count);  // no thread to be had: all of it here
            return;
        }
    }
    try {
        work(0, half);
    } catch (...) {
        if (later.valid()) later.wait();  // it uses what the caller is about to unwind
        throw;
    }
    if (later.valid()) later.get();
}

}  // namespace sitrep
