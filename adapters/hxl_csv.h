#pragma once

#include <memory>
#include <string>
#include <vector>

#include "adapters/adapter.h"

namespace sitrep {

/// What an HXL column gives the fact of each row.
enum class HxlRole { kDate, kArea, kIndicator, kValue, kBreakdown, kOrg };

/// One line of the mapping from an HXL file's hashtags to facts. A column matches when it has
/// the pattern's hashtag and at least its attributes, in any order and letter case, as HXL tag
/// patterns do: `#affected+num` matches `#affected+idps+num`.
struct HxlMapping {
    std::string pattern;              ///< `#affected+num`
    HxlRole role;
    std::string dimension;            ///< a breakdown's name (`level`, `sex`); empty otherwise
    std::vector<std::string> values;  ///< the values a breakdown may take; empty: any
};

/// The mapping `partners/README.md` gives contributors: `#date`; `#adm1+code`, `#adm2+code`,
/// `#adm3+code` or `#country+code` (NUTS); `#indicator+code`; `#affected+num` or
/// `#indicator+num`; `#meta+level` and `#meta+sex`; `#org`.
const std::vector<HxlMapping>& default_hxl_mapping();

/// The HXL feed (`*.hxl.csv`, `*_hxl.csv`) reading its columns through `mapping`, so that a
/// catalogue can supply another. Two columns that give one thing (the value, the area, a
/// breakdown) reject the file, naming both; so does one column that matches two things.
std::unique_ptr<Adapter> make_hxl_adapter(std::vector<HxlMapping> mapping);

}  // namespace sitrep
