#include "pipeline/reconcile/rules.h"

#include <algorithm>

#include "pipeline/foundation/errors.h"
#include "pipeline/foundation/ini_file.h"
#include "pipeline/foundation/strings.h"
#include "pipeline/catalogue/active_catalogue.h"

namespace sitrep {

double ReconcileRules::tolerance_for(const std::string& indicator) const {
    auto it = tolerance.find(indicator);
    return it == tolerance.end() ? default_tolerance : it->second;
}

size_t ReconcileRules::rank(const std::string& indicator, const std::string& partner) const {
    auto it = precedence.find(indicator);
    if (it == precedence.end()) return 0;
    for (size_t i = 0; i < it->second.size(); ++i)
        if (it->second[i] == partner) return i;
    return it->second.size();
}

std::string default_rules_path() { return std::string(SITREP_SOURCE_DIR) + "/rules/reconcile.ini"; }

// Read with the one INI reader, which keeps dotted keys (`tp.register.persons`) whole and every
// line number. A key given twice is judged here, so that a cadence given twice says so in the
// rules' words; the keys are read in file order, so that the first mistake is the one named.
ReconcileRules load_rules(const std::string& path) {
    const IniFile ini =
        IniFile::read(path, {.what = "the reconciliation rules", .repeated_keys = true});
    ReconcileRules r;
    int number = 0;
    auto fail = [&](const std::string& why) {
        throw ConfigError(path + ":" + std::to_string(number) + ": " + why);
    };
    auto real = [&](const std::string& v) {
        try {
            size_t used = 0;
            const double d = std::stod(v, &used);
            if (used != v.size() || d < 0) fail("'" + v + "' is not a non-negative number");
            return d;
        } catch (const std::logic_error&) {
            fail("'" + v + "' is not a number");
        }
        return 0.0;
    };
    auto known = [&](const std::string& indicator) {
        if (!find_indicator(indicator)) fail("unknown indicator '" + indicator + "'");
    };
    std::map<std::pair<std::string, std::string>, int> first_line;
    for (const IniEntry& e : ini.entries()) {
        number = e.value.line;
        const std::string &section = e.section, &key = e.key, &value = e.value.text;
        const auto [first, fresh] = first_line.emplace(std::make_pair(section, key), number);
        if (!fresh && section == "cadence") fail("the cadence of " + key + " is given twice");
        if (!fresh)
            fail("[" + section + "] " + key + ": given twice (first on line " +
                 std::to_string(first->second) + ")");
        if (section == "precedence") {
            known(key);
            r.precedence[key] = split_list(value);
        } else if (section == "tolerance") {
            if (key == "default") r.default_tolerance = real(value);
            else known(key), r.tolerance[key] = real(value);
        } else if (section == "additive" && key == "feeds") {
            for (const auto& f : split_list(value)) r.additive_feeds.insert(f);
        } else if (section == "cumulative" && key == "indicators") {
            // Rules written before the catalogue said it (reports' snapshots): still read.
            for (const auto& i : split_list(value)) known(i), r.cumulative.insert(i);
        } else if (section == "levels") {
            known(key);
            for (const auto& l : split_list(value)) r.levels_inside[key].insert(l);
        } else if (section == "partitions" && key == "dimensions") {
            const auto dims = split_list(value);
            r.partitions = {dims.begin(), dims.end()};
        } else if (section == "jump" && (key == "factor_up" || key == "factor_down")) {
            (key == "factor_up" ? r.jump_factor_up : r.jump_factor_down) = real(value);
            if (real(value) <= 1) fail("a jump factor must be above 1");
        } else if (section == "jump" && key == "window") {
            r.jump_window = static_cast<int>(real(value));
            if (r.jump_window < 1) fail("the window must be at least 1 month");
        } else if (section == "jump" && key == "min_change") {
            r.jump_min_change = real(value);
        } else if (section == "share" && key == "tolerance") {
            r.share_tolerance = real(value);
        } else if (section == "cadence") {
            const auto parts = split_list(value);
            const size_t dot = key.find('.');
            if (dot == std::string::npos || dot == 0 || dot + 1 == key.size())
                fail("'" + key + "' is not a feed id like dvz.decisions or education.hxl");
            if (parts.size() != 2)
                fail("a cadence is 'every, late after' in days, like '31, 45', not '" + value + "'");
            const double every = real(parts[0]), grace = real(parts[1]);
            if (every < 1 || every != static_cast<int>(every) || grace != static_cast<int>(grace))
                fail("a cadence is whole days, every at least 1: '" + value + "'");
            r.cadences.push_back({key.substr(0, dot), key, static_cast<int>(every),
                                  static_cast<int>(grace)});
        } else {
            fail("unknown key '" + key + "' in [" + section + "]");
        }
    }
    // Which counts only grow is a property of the indicator: the catalogue says it.
    const auto catalogue = active_catalogue();
    for (const auto& ind : catalogue->indicators())
        if (ind.cumulative) r.cumulative.insert(ind.code);
    // How often a feed comes is the partner's: the catalogue says it too. Rules written before
    // (reports' snapshots) had a [cadence] of their own, which stays first.
    for (const auto& p : catalogue->partners())
        for (const auto& c : p.cadences)
            if (std::none_of(r.cadences.begin(), r.cadences.end(),
                             [&](const Cadence& given) { return given.feed == c.feed; }))
                r.cadences.push_back({p.code, c.feed, c.every_days, c.late_after_days});
    return r;
}

}  // namespace sitrep
