#include "adapters/adapter.h"

#include <algorithm>
#include <map>

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

ParseResult with_counted_problems(ParseResult r) {
    r.problem_count = std::max(r.problem_count, r.problems.size());
    return r;
}

ParseResult read_submission(const Adapter& adapter, std::string_view file_name,
                            std::istream& in) {
    ParseResult r;
    try {
        r = adapter.parse(file_name, in);
    } catch (const std::exception& e) {
        r.add_problem({"", std::string("cannot be read: ") + e.what(), ""});
        return r;
    }
    std::map<std::string, const Observation*> seen;
    for (const auto& o : r.observations) {
        const std::string key = o.indicator + " " + o.area + " " + o.from.iso() + ".." +
                                o.to.iso() + " " + breakdown_key(o.breakdown) +
                                (o.unit == Unit::kShare ? " share" : "");
        auto [it, inserted] = seen.emplace(key, &o);
        if (!inserted)
            r.add_problem({o.location, "gives the same fact as " + it->second->location + " (" +
                                           o.indicator + ", " + o.area + ", " +
                                           (o.from == o.to ? o.from.iso()
                                                           : o.from.iso() + ".." + o.to.iso()) +
                                           "): which one counts?",
                           ""});
    }
    return r;
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
