#include "adapters/adapter.h"

#include <algorithm>
#include <map>
#include <mutex>

#include "adapters/tabular_feed.h"
#include "pipeline/catalogue/active_catalogue.h"

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

namespace {

// The tabular feeds of a catalogue, made once per catalogue and kept as long as it is.
const std::vector<std::unique_ptr<TabularFeed>>& tabular_feeds(const std::shared_ptr<const Catalogue>& c) {
    static std::mutex mutex;
    static std::map<const Catalogue*, std::vector<std::unique_ptr<TabularFeed>>> made;
    std::lock_guard lock(mutex);
    auto [it, fresh] = made.try_emplace(c.get());
    if (fresh)
        for (const auto& d : c->feeds()) it->second.push_back(std::make_unique<TabularFeed>(d));
    return it->second;
}

}  // namespace

std::vector<const Adapter*> all_feeds() {
    std::vector<const Adapter*> out;
    for (const auto& f : tabular_feeds(active_catalogue())) out.push_back(f.get());
    for (const auto& a : registry()) out.push_back(a.get());
    return out;
}

const Adapter* adapter_for(std::string_view file_name) {
    for (const Adapter* a : all_feeds())
        if (a->accepts(file_name)) return a;
    return nullptr;
}

AdapterRegistrar::AdapterRegistrar(std::unique_ptr<Adapter> adapter) {
    registry().push_back(std::move(adapter));
}

}  // namespace sitrep
