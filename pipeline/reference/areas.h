#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sitrep {

/// One Belgian area sitrep reports on, keyed by its NUTS code.
struct Area {
    std::string nuts;        ///< BE, BE1, BE10, BE2, BE21 ... BE35
    int level = 0;           ///< 0 nation, 1 region, 2 province (BE10 is Brussels' province level)
    std::string parent;      ///< NUTS code of the parent, empty for BE
    std::string name_nl;
    std::string name_fr;
    std::string name_en;
    std::string name_de;
};

/// Every area, nation first, then regions and their provinces.
const std::vector<Area>& all_areas();

/// The area with this NUTS code, or nullptr.
const Area* find_area(std::string_view nuts);

/// Resolves a name in Dutch, French, English or German, a REFNIS code or a NUTS code to a
/// NUTS code, ignoring case, accents and the words `provincie`/`province`. Region names give
/// the region (BE1 for Brussels); use `as_province` where a province is meant.
std::optional<std::string> resolve_area(std::string_view text);

/// BE1 -> BE10 (Brussels is both a region and a province); any other code unchanged.
std::string as_province(const std::string& nuts);

/// The province (BE10, BE21 ... BE35) of a 5-digit municipality NIS code, by its first two
/// digits; nullopt for a code that names no Belgian province.
std::optional<std::string> province_of_nis(std::string_view nis);

/// The region (BE1, BE2, BE3) an area lies in; the area itself for a region, empty for BE.
std::string region_of(std::string_view nuts);

/// The areas directly below `nuts` (regions of BE, provinces of a region).
std::vector<std::string> children_of(std::string_view nuts);

/// The area's name in `lang` (nl, fr, en, de); the code itself when unknown.
std::string area_name(std::string_view nuts, std::string_view lang);

}  // namespace sitrep
