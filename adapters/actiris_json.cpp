// Actiris: Brussels job-seeker statistics as a JSON document (pulled over HTTP or dropped).
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <cmath>

#include "adapters/adapter.h"
#include "pipeline/foundation/file_names.h"
#include "pipeline/reference/areas.h"
#include "pipeline/readers/csv.h"
#include "pipeline/text/dates.h"
#include "pipeline/text/numbers.h"

namespace sitrep {
namespace {

// Reads `path` (an object member chain) as a number; Actiris sometimes sends numbers as text.
std::optional<double> number_at(const Poco::JSON::Object::Ptr& root,
                                std::initializer_list<const char*> path, bool required,
                                bool whole, ParseResult& r) {
    std::string where = "$";
    Poco::JSON::Object::Ptr obj = root;
    Poco::Dynamic::Var v;
    size_t i = 0;
    for (const char* key : path) {
        where += std::string(".") + key;
        if (!obj || !obj->has(key)) {
            if (required) r.add_problem({where, "missing", ""});
            return std::nullopt;
        }
        v = obj->get(key);
        if (++i < path.size()) {
            obj = v.type() == typeid(Poco::JSON::Object::Ptr)
                      ? v.extract<Poco::JSON::Object::Ptr>()
                      : nullptr;
            if (!obj) {
                r.add_problem({where, "is not an object", ""});
                return std::nullopt;
            }
        }
    }
    if (v.isEmpty()) {
        if (required) r.add_problem({where, "is null", ""});
        return std::nullopt;
    }
    if (v.isString()) {
        NumberParse n = whole ? parse_count(v.toString()) : parse_number(v.toString());
        if (!n.value) r.add_problem({where, n.error, ""});
        return n.value;
    }
    // Poco counts a JSON boolean as numeric and would read `true` as 1.
    if (v.type() == typeid(bool)) {
        r.add_problem({where, "is a boolean where a number is expected", v.toString()});
        return std::nullopt;
    }
    if (!v.isNumeric()) {
        r.add_problem({where, "is not a number", excerpt(v.toString())});
        return std::nullopt;
    }
    const double d = v.convert<double>();
    if (d < 0) {
        r.add_problem({where, "is negative; counts are never negative", v.toString()});
        return std::nullopt;
    }
    // As parse_number: no head count or share nears 10^18, and casting beyond it is undefined.
    if (!std::isfinite(d) || d >= 1e18) {
        r.add_problem({where, "is too large to be a plausible figure", v.toString()});
        return std::nullopt;
    }
    if (whole && d != std::floor(d)) {
        r.add_problem({where, "is not a whole number", v.toString()});
        return std::nullopt;
    }
    return d;
}

class ActirisAdapter : public Adapter {
public:
    std::string partner(std::string_view) const override { return "actiris"; }
    std::string_view feed() const override { return "actiris.jobseekers"; }
    std::string pattern() const override { return "actiris_ukraine_*.json"; }
    bool accepts(std::string_view name) const override {
        return has_prefix_and_extension(name, "actiris_ukraine_", ".json");
    }

    ParseResult parse(std::string_view, std::istream& in) const override {
        ParseResult r;
        auto text = read_limited(in, kMaxSmallFileBytes, r.problems);
        if (!text) return with_counted_problems(std::move(r));
        Poco::JSON::Object::Ptr root;
        try {
            Poco::Dynamic::Var parsed = Poco::JSON::Parser().parse(*text);
            if (parsed.type() == typeid(Poco::JSON::Object::Ptr))
                root = parsed.extract<Poco::JSON::Object::Ptr>();
        } catch (const Poco::Exception& e) {
            r.add_problem({"", "not valid JSON: " + e.message(), ""});
            return r;
        }
        if (!root) {
            r.add_problem({"$", "the document is not a JSON object", ""});
            return r;
        }
        std::optional<Date> date;
        if (!root->has("reference_date")) {
            r.add_problem({"$.reference_date", "missing", ""});
        } else {
            date = parse_day(root->getValue<std::string>("reference_date"));
            if (!date)
                r.add_problem({"$.reference_date", "is not a date",
                               root->getValue<std::string>("reference_date")});
        }
        std::string area = "BE1";
        if (root->has("region")) {
            auto a = resolve_area(root->getValue<std::string>("region"));
            if (!a || region_of(*a) != "BE1")
                r.add_problem({"$.region", "is not the Brussels region",
                               root->getValue<std::string>("region")});
        }
        auto registered = number_at(root, {"jobseekers", "registered"}, true, true, r);
        auto found_job = number_at(root, {"jobseekers", "found_job"}, true, true, r);
        auto training = number_at(root, {"jobseekers", "in_training"}, false, true, r);
        auto women = number_at(root, {"jobseekers", "found_job_women_share"}, false, false, r);
        if (women && *women > 1) r.add_problem({"$.jobseekers.found_job_women_share",
                                                "is a share and cannot exceed 1", ""});
        if (!date || r.problem_count > 0) return r;
        r.reference_date = date;
        r.rows = 1;
        auto add = [&](const char* indicator, double v, Breakdown b, Unit unit,
                       const char* where) {
            r.observations.push_back({indicator, area, *date, *date, std::move(b), v, unit, where});
        };
        add("employment.jobseekers.registered", *registered, {}, Unit::kCount,
            "$.jobseekers.registered");
        add("employment.jobseekers.worked", *found_job, {}, Unit::kCount,
            "$.jobseekers.found_job");
        if (training)
            add("employment.jobseekers.in_training", *training, {}, Unit::kCount,
                "$.jobseekers.in_training");
        if (women)
            add("employment.jobseekers.worked", *women, {{"sex", "F"}}, Unit::kShare,
                "$.jobseekers.found_job_women_share");
        return r;
    }
};

const AdapterRegistrar kRegistrar{std::make_unique<ActirisAdapter>()};

}  // namespace
}  // namespace sitrep
