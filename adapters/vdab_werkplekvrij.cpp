// VDAB: #werkplekvrij vacancies launched for displaced Ukrainians, and how many are still open.
#include "adapters/adapter.h"
#include "adapters/csv_table.h"
#include "pipeline/foundation/file_names.h"

namespace sitrep {
namespace {

class VdabWerkplekvrijAdapter : public Adapter {
public:
    std::string partner(std::string_view) const override { return "vdab"; }
    std::string_view feed() const override { return "vdab.werkplekvrij"; }
    bool accepts(std::string_view name) const override {
        return has_prefix_and_extension(name, "vdab_werkplekvrij_", ".csv");
    }

    ParseResult parse(std::string_view, std::istream& in) const override {
        ParseResult r;
        auto text = read_limited(in, kMaxSmallFileBytes, r.problems);
        if (!text) return with_counted_problems(std::move(r));
        enum { kMonth, kLaunched, kOpen };
        CsvTable t(*text, {{"maand", {"month"}}, {"gelanceerd", {}}, {"open", {}}}, r);
        for (const CsvRow* row : t.rows()) {
            auto month = t.month(*row, kMonth);
            auto launched = t.count(*row, kLaunched);
            auto open = t.count(*row, kOpen);
            if (!month || !launched || !open) continue;
            if (*open > *launched)
                t.problem(*row, kOpen, "more vacancies open than were launched");
            const std::string loc = CsvTable::location(*row);
            r.observations.push_back({"employment.vacancies.launched", "BE2", month->first,
                                      month->last, {}, *launched, Unit::kCount, loc});
            r.observations.push_back({"employment.vacancies.open", "BE2", month->first,
                                      month->last, {}, *open, Unit::kCount, loc});
            if (!r.reference_date || month->first > *r.reference_date)
                r.reference_date = month->first;
        }
        return r;
    }
};

const AdapterRegistrar kRegistrar{std::make_unique<VdabWerkplekvrijAdapter>()};

}  // namespace
}  // namespace sitrep
