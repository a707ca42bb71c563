// Forem: Ukrainian job-seekers in Wallonia per province, Windows-1252, with its own total row.
#include "adapters/adapter.h"
#include "adapters/csv_table.h"
#include "pipeline/foundation/file_names.h"
#include "pipeline/reference/areas.h"
#include "pipeline/text/encoding.h"

namespace sitrep {
namespace {

// Forem exports Windows-1252; a file re-saved as UTF-8 is read as such rather than garbled.
std::string decode(std::string_view bytes) {
    bool ascii = true;
    for (char c : bytes)
        if (static_cast<unsigned char>(c) >= 0x80) ascii = false;
    if (!ascii && is_valid_utf8(bytes)) return std::string(bytes);
    return windows1252_to_utf8(bytes);
}

class ForemJobseekersAdapter : public Adapter {
public:
    std::string partner(std::string_view) const override { return "forem"; }
    std::string_view feed() const override { return "forem.jobseekers"; }
    bool accepts(std::string_view name) const override {
        return has_prefix_and_extension(name, "forem_ukraine_", ".csv");
    }

    ParseResult parse(std::string_view, std::istream& in) const override {
        ParseResult r;
        auto bytes = read_limited(in, kMaxSmallFileBytes, r.problems);
        if (!bytes) return with_counted_problems(std::move(r));
        enum { kMonth, kProvince, kRegistered, kWomen, kWorked, kNew };
        CsvTable t(decode(*bytes),
                   {{"Mois", {"mois"}},
                    {"Province", {}},
                    {"Demandeurs d'emploi inscrits", {}},
                    {"dont femmes", {}},
                    {"Ayant travaillé au moins un jour", {}},
                    {"Nouvelles inscriptions", {}}},
                   r);
        static const char* const kStocks[] = {"employment.jobseekers.registered",
                                              "employment.jobseekers.women",
                                              "employment.jobseekers.worked"};
        for (const CsvRow* row : t.rows()) {
            auto month = t.month(*row, kMonth);
            const std::string_view name = t.text(*row, kProvince);
            const std::string folded = fold_header(name);
            auto area = folded.rfind("total", 0) == 0 ? std::optional<std::string>("BE3")
                                                      : t.area(*row, kProvince);
            if (area && region_of(*area) != "BE3")
                t.problem(*row, kProvince, "'" + std::string(name) + "' is not a Walloon province");
            const std::string loc = CsvTable::location(*row);
            for (int c = kRegistered; c <= kWorked; ++c) {
                auto value = t.count(*row, c);
                if (month && area && value)
                    r.observations.push_back({kStocks[c - kRegistered], *area, month->first,
                                              month->last, {}, *value, Unit::kCount, loc});
            }
            auto fresh = t.count(*row, kNew);
            if (month && area && fresh)
                r.observations.push_back({"employment.jobseekers.new", *area, month->first,
                                          month->last, {}, *fresh, Unit::kCount, loc});
            if (month && (!r.reference_date || month->first > *r.reference_date))
                r.reference_date = month->first;
        }
        return r;
    }
};

const AdapterRegistrar kRegistrar{std::make_unique<ForemJobseekersAdapter>()};

}  // namespace
}  // namespace sitrep
