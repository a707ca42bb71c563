#pragma once

#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "pipeline/catalogue/active_catalogue.h"
#include "pipeline/foundation/ini_file.h"

namespace sitrep::test {

/// The shipped catalogue's indicators and partners, with `feed` as its one feed file.
inline Catalogue catalogue_with_feed(const std::string& feed, const std::string& extra_indicators = "",
                                     const std::string& extra_partners = "") {
    const std::string dir = std::string(SITREP_SOURCE_DIR) + "/catalogue/";
    const auto read = [](const std::string& path) {
        std::ifstream in(path, std::ios::binary);
        std::stringstream ss;
        ss << in.rdbuf();
        return ss.str();
    };
    return Catalogue::parse(read(dir + "indicators.ini") + extra_indicators, "catalogue/indicators.ini",
                            read(dir + "partners.ini") + extra_partners, "catalogue/partners.ini",
                            {{"catalogue/feeds/new.ini", feed}});
}

/// The worked example of a new source: Sciensano's COVID-19 deaths (README "Add a new source").
inline const std::string kSciensanoIndicator = R"(
[health.covid.deaths]
kind = flow
unit = count
cumulative = no
breakdowns = age, sex
label.nl = Overlijdens door COVID-19
label.fr = Décès dus au COVID-19
label.en = COVID-19 deaths
)";

/// Sciensano as a partner that may report health figures.
inline const std::string kSciensanoPartner = R"(
[sciensano]
name.nl = Sciensano
name.fr = Sciensano
name.en = Sciensano
indicators = health.*
)";

/// Sciensano's deaths per day, region, age group and sex, as a feed definition.
inline const std::string kSciensanoFeed = R"(
[feed]
name = sciensano.deaths
partner = sciensano
files = sciensano_COVID19BE_MORT*.csv
aggregate = yes

[date]
column = DATE
kind = day

[area]
column = REGION
also = BE

[breakdown.age]
column = AGEGROUP
unknown = NA, (empty)

[breakdown.sex]
column = SEX
unknown = NA, (empty)

[values]
health.covid.deaths = DEATHS
)";

}  // namespace sitrep::test

