// DVZ: persons under temporary protection in the National Register, by region and province.
#include "adapters/adapter.h"
#include "adapters/csv_table.h"
#include "pipeline/foundation/file_names.h"

namespace sitrep {
namespace {

class DvzRegisterAdapter : public Adapter {
public:
    std::string partner(std::string_view) const override { return "dvz"; }
    std::string_view feed() const override { return "dvz.register"; }
    bool accepts(std::string_view name) const override {
        return has_prefix_and_extension(name, "dvz_tp_register_", ".csv");
    }

    ParseResult parse(std::string_view, std::istream& in) const override {
        ParseResult r;
        auto text = read_limited(in, kMaxSmallFileBytes, r.problems);
        if (!text) return with_counted_problems(std::move(r));
        enum { kDate, kArea, kCount };
        CsvTable t(*text, {{"peildatum", {"datum", "date"}}, {"gebied", {"zone", "area"}},
                           {"aantal", {"nombre", "count"}}},
                   r);
        for (const CsvRow* row : t.rows()) {
            auto day = t.day(*row, kDate);
            auto area = t.area(*row, kArea);
            auto value = t.count(*row, kCount);
            if (!day || !area || !value) continue;
            r.observations.push_back({"tp.register.persons", *area, *day, *day, {}, *value,
                                      Unit::kCount, CsvTable::location(*row)});
            if (!r.reference_date || *day > *r.reference_date) r.reference_date = *day;
        }
        return r;
    }
};

const AdapterRegistrar kRegistrar{std::make_unique<DvzRegisterAdapter>()};

}  // namespace
}  // namespace sitrep
