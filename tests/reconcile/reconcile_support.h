#pragma once

#include <string>
#include <vector>

#include "pipeline/reconcile/facts.h"
#include "pipeline/catalogue/active_catalogue.h"
#include "pipeline/reconcile/rules.h"

namespace sitrep::test {

/// The rules the project ships, as a run uses them.
inline const ReconcileRules& rules() {
    static const ReconcileRules r = load_rules(default_rules_path());
    return r;
}

/// The day written `yyyy-mm-dd`.
inline Date day(const char* iso) { return *Date::parse_iso(iso); }

/// A fact as an adapter would have read it from submission `sha` (arrival `seq`).
inline Fact fact(const std::string& indicator, const std::string& area, const char* from,
                 const char* to, double value, const std::string& sha = "aa", int64_t seq = 1,
                 Breakdown b = {}) {
    Fact f;
    f.o = {indicator, area, *Date::parse_iso(from), *Date::parse_iso(to), std::move(b), value,
           Unit::kCount, "line 2"};
    const Indicator* ind = find_indicator(indicator);
    f.kind = ind ? ind->kind : Kind::kStock;
    f.sha256 = sha;
    f.file = sha + ".csv";
    f.sequence = seq;
    return f;
}

}  // namespace sitrep::test
