#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sitrep {

/// Inhabitants per area, summed from a municipality list, and every problem found in it.
struct PopulationParse {
    std::map<std::string, long long>
        by_area;                      ///< NUTS code (BE, regions, provinces) -> inhabitants
    std::vector<std::string> errors;  ///< each names the file, the line and the problem
};

/// Reads `nis,name_nl,name_fr,inhabitants` lines (one per municipality, with a header) and sums
/// them to provinces by the NIS code's province (Brussels' 19 municipalities to BE10), then to
/// regions (BE1 = BE10) and the nation; `source` names the file in errors.
PopulationParse parse_population(std::string_view csv, const std::string& source);

/// The legal population on 1 January 2020 (Statbel, compiled in from
/// reference/population_2020.csv) of BE, a region or a province; nullopt for another code.
std::optional<long long> population_2020(std::string_view nuts);

}  // namespace sitrep
