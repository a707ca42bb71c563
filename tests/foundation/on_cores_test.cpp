// Jobs run by one thread per core: each runs once, and a job that throws leaves the others be.
#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <functional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "pipeline/foundation/on_cores.h"

using namespace sitrep;

TEST_CASE("every job runs once, more jobs than cores or fewer, and each failure is its own job's") {
    for (size_t count : {size_t{0}, size_t{1}, size_t{2}, size_t{7}, size_t{50}}) {
        CAPTURE(count);
        std::vector<std::atomic<int>> runs(count);
        std::vector<std::function<void()>> jobs;
        for (size_t i = 0; i < count; ++i)
            jobs.emplace_back([&, i] {
                ++runs[i];
                if (i % 3 == 1) throw std::runtime_error("job " + std::to_string(i));
            });
        const auto failures = run_on_cores(jobs);
        REQUIRE(failures.size() == count);
        for (size_t i = 0; i < count; ++i) {
            CHECK(runs[i] == 1);
            CHECK(static_cast<bool>(failures[i]) == (i % 3 == 1));
            if (!failures[i]) continue;
            try {
                std::rethrow_exception(failures[i]);
            } catch (const std::runtime_error& e) {
                CHECK(std::string(e.what()) == "job " + std::to_string(i));
            }
        }
    }
}

TEST_CASE("jobs run side by side on as many threads as there are cores, the caller's among them") {
    const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
    std::atomic<unsigned> waiting{0};
    std::atomic<bool> all_met{false};
    const auto caller = std::this_thread::get_id();
    std::atomic<bool> ran_on_caller{false};
    std::vector<std::function<void()>> jobs;
    // Each job waits until `cores` jobs run at once: only as many threads as cores get there.
    for (unsigned i = 0; i < cores; ++i)
        jobs.emplace_back([&] {
            if (std::this_thread::get_id() == caller) ran_on_caller = true;
            ++waiting;
            const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(20);
            while (waiting < cores && std::chrono::steady_clock::now() < until)
                std::this_thread::yield();
            if (waiting >= cores) all_met = true;
        });
    run_on_cores(jobs);
    CHECK(all_met);
    CHECK(ran_on_caller);
}
