#pragma once

#include <string_view>

namespace sitrep {

// The files of the project's reference/ folder, compiled in (reference/SOURCES.md).

/// The bytes of reference/be_provinces.geojson: Brussels and the ten provinces (NUTS 2).
std::string_view be_provinces_geojson();

/// The bytes of reference/population_2020.csv: inhabitants per municipality on 1/1/2020.
std::string_view population_2020_csv();

}  // namespace sitrep
