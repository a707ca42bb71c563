#include "pipeline/reference/population.h"

#include <charconv>

#include "pipeline/foundation/errors.h"
#include "pipeline/reference/areas.h"
#include "pipeline/reference/reference_data.h"

namespace sitrep {

PopulationParse parse_population(std::string_view csv, const std::string& source) {
    PopulationParse out;
    size_t line_no = 0;
    bool header = true;
    while (!csv.empty()) {
        const size_t nl = csv.find('\n');
        std::string_view line = csv.substr(0, nl);
        csv = nl == std::string_view::npos ? std::string_view() : csv.substr(nl + 1);
        ++line_no;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (line.empty()) continue;
        if (header) {
            header = false;
            if (line.substr(0, 4) == "nis,") continue;
        }
        const auto at = [&](const std::string& what) {
            out.errors.push_back(source + ":line " + std::to_string(line_no) + ": " + what);
        };
        const size_t first = line.find(',');
        const size_t last = line.rfind(',');
        if (first == std::string_view::npos || first == last) {
            at("expected nis,name_nl,name_fr,inhabitants");
            continue;
        }
        const std::string_view nis = line.substr(0, first);
        const std::string_view count = line.substr(last + 1);
        const auto province = province_of_nis(nis);
        if (!province) {
            at("'" + std::string(nis) + "' is not the NIS code of a Belgian municipality");
            continue;
        }
        long long n = 0;
        const auto [end, ec] = std::from_chars(count.data(), count.data() + count.size(), n);
        if (ec != std::errc() || end != count.data() + count.size() || n < 0) {
            at("'" + std::string(count) + "' is not a number of inhabitants");
            continue;
        }
        out.by_area[*province] += n;
        out.by_area[region_of(*province)] += n;
        out.by_area["BE"] += n;
    }
    return out;
}

std::optional<long long> population_2020(std::string_view nuts) {
    static const std::map<std::string, long long> table = [] {
        auto parsed = parse_population(population_2020_csv(), "reference/population_2020.csv");
        if (!parsed.errors.empty()) throw Error(parsed.errors.front());
        return parsed.by_area;
    }();
    const auto it = table.find(std::string(nuts));
    if (it == table.end()) return std::nullopt;
    return it->second;
}

}  // namespace sitrep
