// VDAB: Ukrainian job-seekers in Flanders per province, cumulative since March 2022.
#include "adapters/adapter.h"
#include "adapters/csv_table.h"
#include "pipeline/foundation/file_names.h"
#include "pipeline/reference/areas.h"

namespace sitrep {
namespace {

class VdabJobseekersAdapter : public Adapter {
public:
    std::string partner(std::string_view) const override { return "vdab"; }
    std::string_view feed() const override { return "vdab.jobseekers"; }
    bool accepts(std::string_view name) const override {
        return has_prefix_and_extension(name, "vdab_oekraine_", ".csv");
    }

    ParseResult parse(std::string_view, std::istream& in) const override {
        ParseResult r;
        auto text = read_limited(in, kMaxSmallFileBytes, r.problems);
        if (!text) return with_counted_problems(std::move(r));
        enum { kMonth, kProvince, kRegistered, kWorked, kWorking };
        CsvTable t(*text,
                   {{"maand", {"month"}}, {"provincie", {"province"}}, {"ingeschreven", {}},
                    {"ooit_gewerkt", {}}, {"aan_het_werk", {}}},
                   r);
        static const char* const kIndicators[] = {"employment.jobseekers.registered",
                                                  "employment.jobseekers.worked",
                                                  "employment.jobseekers.working"};
        for (const CsvRow* row : t.rows()) {
            auto month = t.month(*row, kMonth);
            // The partner's own total row is Flanders as a whole.
            const std::string_view name = t.text(*row, kProvince);
            auto area = fold_header(name) == "totaal" || fold_header(name) == "total"
                            ? std::optional<std::string>("BE2")
                            : t.area(*row, kProvince);
            if (area && region_of(*area) != "BE2")
                t.problem(*row, kProvince, "'" + std::string(name) + "' is not a Flemish province");
            for (int c = kRegistered; c <= kWorking; ++c) {
                auto value = t.count(*row, c);
                if (!month || !area || !value) continue;
                r.observations.push_back({kIndicators[c - kRegistered], *area, month->first,
                                          month->last, {}, *value, Unit::kCount,
                                          CsvTable::location(*row)});
            }
            if (month && (!r.reference_date || month->first > *r.reference_date))
                r.reference_date = month->first;
        }
        return r;
    }
};

const AdapterRegistrar kRegistrar{std::make_unique<VdabJobseekersAdapter>()};

}  // namespace
}  // namespace sitrep
