#pragma once

#include <deque>
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

/// Submission `sha`, the `seq`-th to arrive, as `file` (else `sha`.csv) from `partner`: kept
/// for the whole test program, since facts point at their submission.
inline const StoredSubmission* submission(const std::string& sha, int64_t seq = 1,
                                          std::string file = "", const std::string& partner = "") {
    static std::deque<StoredSubmission> kept;  // a deque: what it holds never moves
    if (file.empty()) file = sha + ".csv";
    for (const auto& s : kept)
        if (s.sha256 == sha && s.sequence == seq && s.file == file && s.partner == partner)
            return &s;
    StoredSubmission& s = kept.emplace_back();
    s.sha256 = sha;
    s.sequence = seq;
    s.file = std::move(file);
    s.partner = partner;
    return &s;
}

/// `f` as read from the same submission under another name, or from another partner.
inline void sent_as(Fact& f, const std::string& file, const std::string& partner) {
    f.submission = submission(f.sha256(), f.sequence(), file, partner);
}

/// A fact as an adapter would have read it from submission `sha` (arrival `seq`).
inline Fact fact(const std::string& indicator, const std::string& area, const char* from,
                 const char* to, double value, const std::string& sha = "aa", int64_t seq = 1,
                 Breakdown b = {}) {
    Fact f;
    f.o = {indicator, area, *Date::parse_iso(from), *Date::parse_iso(to), std::move(b), value,
           Unit::kCount, "line 2"};
    const Indicator* ind = find_indicator(indicator);
    f.kind = ind ? ind->kind : Kind::kStock;
    f.submission = submission(sha, seq);
    return f;
}

}  // namespace sitrep::test
