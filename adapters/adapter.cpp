#include "adapters/adapter.h"

namespace sitrep {
namespace {

std::vector<std::unique_ptr<Adapter>>& registry() {
    static std::vector<std::unique_ptr<Adapter>> all;
    return all;
}

}  // namespace

void ParseResult::add_problem(Problem p) {
    ++problem_count;
    if (problems.size() < kMaxListed) problems.push_back(std::move(p));
}

const std::vector<std::unique_ptr<Adapter>>& adapters() { return registry(); }

const Adapter* adapter_for(std::string_view file_name) {
    for (const auto& a : registry())
        if (a->accepts(file_name)) return a.get();
    return nullptr;
}

AdapterRegistrar::AdapterRegistrar(std::unique_ptr<Adapter> adapter) {
    registry().push_back(std::move(adapter));
}

}  // namespace sitrep
