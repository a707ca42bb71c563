#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/catalogue/feed_definition.h"
#include "pipeline/model/indicators.h"

namespace sitrep {

/// How often one of a partner's feeds is expected.
struct FeedCadence {
    std::string feed;  ///< the feed id: `dvz.decisions`, `education.hxl`
    int every_days = 0;
    int late_after_days = 0;
    std::string where;  ///< `catalogue/partners.ini:27`, for errors
};

/// A partner of the catalogue: who it is, and what it may report.
struct PartnerEntry {
    std::string code;                         ///< dvz, vdab, redcross …
    std::map<std::string, std::string> names;  ///< language -> name
    std::vector<std::string> indicators;      ///< codes or prefixes `tp.*` it may report
    std::vector<std::string> feeds;           ///< shared feeds it may send (hxl)
    std::vector<FeedCadence> cadences;        ///< its feeds' cadences, in file order
    std::string where;                        ///< `catalogue/partners.ini:12`, for errors
};

/// One line of the HXL mapping (catalogue/hxl.ini): which hashtag pattern gives what.
struct HxlRule {
    std::string pattern;              ///< `#affected+num`
    std::string role;                 ///< date, area, indicator, value, breakdown, org
    std::string dimension;            ///< a breakdown's name (`level`); empty otherwise
    std::vector<std::string> values;  ///< the values a breakdown may take; empty: any
};

/// Why a partner may not report an indicator: empty when it may.
struct AuthorityVerdict {
    bool allowed = true;
    std::string rule;  ///< `catalogue/partners.ini:14: vdab may report employment.…`
};

/// What sitrep knows of the world, read from the catalogue folder: indicators, partners and the
/// tabular feeds defined as data. Loaded at start (and again by `serve` when it changes);
/// each report keeps a snapshot so that `render N` reads the catalogue N was issued with.
class Catalogue {
public:
    /// Reads `folder`/indicators.ini, partners.ini and feeds/*.ini; throws ConfigError
    /// `FILE:LINE: what` for the first mistake.
    static Catalogue load(const std::string& folder);
    /// Reads the folder and lists every mistake instead of stopping at the first.
    static std::vector<std::string> check(const std::string& folder);
    /// Parses the texts of the three kinds of file, naming the given paths in errors.
    static Catalogue parse(std::string_view indicators_ini, const std::string& indicators_path,
                           std::string_view partners_ini, const std::string& partners_path,
                           const std::vector<std::pair<std::string, std::string>>& feed_files,
                           std::string_view hxl_ini = {}, const std::string& hxl_path = "");

    /// The indicator with this code, or nullptr.
    const Indicator* indicator(std::string_view code) const;
    /// Every indicator, in file order.
    const std::vector<Indicator>& indicators() const { return indicators_; }
    /// The partner with this code, or nullptr.
    const PartnerEntry* partner(std::string_view code) const;
    /// Every partner, in file order.
    const std::vector<PartnerEntry>& partners() const { return partners_; }
    /// Whether `partner` may report `indicator`, with the rule that says no.
    AuthorityVerdict may_report(std::string_view partner, std::string_view indicator) const;
    /// How HXL columns become facts (catalogue/hxl.ini), in file order; empty without the file.
    const std::vector<HxlRule>& hxl_rules() const { return hxl_rules_; }
    /// The feeds defined as data, in file name order.
    const std::vector<FeedDefinition>& feeds() const { return feeds_; }
    /// The folder it was read from.
    const std::string& folder() const { return folder_; }
    /// The files it was read from, as (path relative to the folder, text): what a report's
    /// snapshot keeps, so that it is the catalogue in use even if the folder changed since.
    const std::vector<std::pair<std::string, std::string>>& sources() const { return sources_; }

private:
    std::string folder_;
    std::vector<std::pair<std::string, std::string>> sources_;
    std::string partners_path_;
    std::vector<Indicator> indicators_;
    std::vector<PartnerEntry> partners_;
    std::vector<FeedDefinition> feeds_;
    std::vector<HxlRule> hxl_rules_;
};

}  // namespace sitrep
