#include "pipeline/reconcile/facts.h"
#include "pipeline/reconcile/finding_text.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <deque>
#include <future>
#include <iterator>
#include <map>
#include <tuple>
#include <unordered_map>

#include "pipeline/catalogue/active_catalogue.h"
#include "pipeline/reference/areas.h"

namespace sitrep {

std::string located(const Fact& f) { return f.file() + ":" + f.o.location; }

namespace {

std::string number(double v) { return plain_number(v); }

std::string period_of(const Observation& o) { return period_text(o); }

std::string describe_fact(const Observation& o) {
    return o.indicator + " " + o.area +
           (o.breakdown.empty() ? "" : " {" + breakdown_key(o.breakdown) + "}") + " " +
           period_of(o);
}

}  // namespace

EffectiveFacts effective_facts(std::vector<StoredObservation> observations,
                               const std::vector<StoredSubmission>& submissions,
                               const FactScope& scope, const ReconcileRules& rules) {
    if (observations.empty()) return {};
    // What a fact needs of its submission, looked up once per submission, not per fact.
    struct Source {
        const StoredSubmission* s = nullptr;
        bool used = false, superseded = false, additive = false;
        std::string base;  // revision_base of its file, for an additive feed's facts
        // One of its facts, the text moved out of the observation, made in its place in
        // `into`: a year's ten thousand, each made and moved once more, were a tenth of this.
        void put(std::vector<Fact>& into, StoredObservation& so, Kind kind, bool revised,
                 bool additive_fact) const {
            into.emplace_back(std::move(so.fact), kind, s, false, revised, additive_fact);
        }
    };
    std::unordered_map<int64_t, Source> by_sequence;
    by_sequence.reserve(submissions.size());
    for (const auto& s : submissions) {
        Source& src = by_sequence[s.sequence];
        src.s = &s;
        src.used = scope.used.count(s.sha256) > 0;
        src.superseded = scope.superseded.count(s.sha256) > 0;
        src.additive = rules.additive_feeds.count(s.feed) > 0;
        if (src.additive) src.base = revision_base(s.file);
    }
    // Every fact in scope, then grouped by indicator, area, breakdown, period, unit, and for
    // additive feeds the file (revisions included) the fact belongs to: a stable sort keeps
    // each group's facts in the order stored. A candidate points at its observation, which
    // keeps the fact's text until the fact is chosen: a year's ten thousand candidates each
    // holding a whole fact took a fifth of a year-end run's memory, all of it fresh pages.
    struct Candidate {
        StoredObservation* so;
        const Source* src;
        std::string breakdown;
        const std::string* base;
        int32_t from, to;
        Kind kind;
        bool additive;
        bool revised = false;
        const Observation& o() const { return so->fact; }
        const std::string& partner() const { return src->s->partner; }
        int64_t sequence() const { return src->s->sequence; }
        const std::string& sha256() const { return src->s->sha256; }
        std::string located() const { return src->s->file + ":" + so->fact.location; }
        // The fact itself, its text moved out of its observation: once, when it is kept.
        void take(std::vector<Fact>& into) const { src->put(into, *so, kind, revised, additive); }
    };
    static const std::string kNoBase;
    const auto catalogue = active_catalogue();
    // The candidates of observations [begin, end), sorted; those left empty into `empty`.
    const auto collect = [&](size_t begin, size_t end, std::vector<Candidate>& all,
                             std::vector<Fact>& empty) {
        all.reserve(end - begin);
        for (size_t i = begin; i < end; ++i) {
            StoredObservation& so = observations[i];
            auto it = by_sequence.find(so.submission);
            if (it == by_sequence.end()) continue;
            const Source& src = it->second;
            if (!src.used && !src.superseded) continue;
            const Indicator* ind = catalogue->indicator(so.fact.indicator);
            const Kind kind = ind ? ind->kind : Kind::kStock;
            if (kind == Kind::kStock ? so.fact.from > scope.as_of : so.fact.to > scope.as_of)
                continue;
            const bool additive = kind == Kind::kFlow && src.additive;
            if (!so.fact.reported) {
                if (src.used) src.put(empty, so, kind, false, additive);
                continue;
            }
            // An additive feed's files never revise each other, only their own _vN revisions
            // do, month by month (a revision may move a month's first or last decision day).
            const Observation& o = so.fact;
            const Date from = additive ? o.from.first_of_month() : o.from;
            const Date to = additive ? o.from.last_of_month() : o.to;
            all.push_back({&so, &src, breakdown_key(o.breakdown),
                           additive ? &src.base : &kNoBase, from.days(), to.days(), kind,
                           additive});
        }
    };
    const auto key = [](const Candidate* c) {
        return std::tie(c->so->fact.indicator, c->so->fact.area, c->breakdown, c->from, c->to,
                        c->so->fact.unit, *c->base);
    };
    const auto before = [&](const Candidate* a, const Candidate* b) { return key(a) < key(b); };
    const auto sorted = [&](std::vector<Candidate>& all) {
        std::vector<Candidate*> order;
        order.reserve(all.size());
        for (auto& c : all) order.push_back(&c);
        std::stable_sort(order.begin(), order.end(), before);
        return order;
    };
    // A year's facts in two halves, one a thread, each sorted, then merged: the same order as
    // one stable sort, since a merge takes the first half's fact of two equal ones first.
    EffectiveFacts out;
    std::vector<Candidate> first_half, second_half;
    std::vector<Fact> second_empty;
    const size_t half = observations.size() > 1000 ? observations.size() / 2 : observations.size();
    std::future<std::vector<Candidate*>> second;
    if (half < observations.size())
        second = std::async(std::launch::async, [&] {
            collect(half, observations.size(), second_half, second_empty);
            return sorted(second_half);
        });
    std::vector<Candidate*> order;
    try {
        collect(0, half, first_half, out.not_reported);
        order = sorted(first_half);
    } catch (...) {
        if (second.valid()) second.wait();
        throw;
    }
    if (second.valid()) {
        const auto later = second.get();
        std::vector<Candidate*> merged;
        merged.reserve(order.size() + later.size());
        std::merge(order.begin(), order.end(), later.begin(), later.end(),
                   std::back_inserter(merged), before);
        order = std::move(merged);
        for (auto& f : second_empty) out.not_reported.push_back(std::move(f));
    }

    // Revisions are summed up per new submission and indicator, so that a weekly file revising
    // thirty daily rows is one finding with an example, not thirty.
    struct RevisionSummary {
        const Candidate* example_new = nullptr;
        const Candidate* example_old = nullptr;
        size_t count = 0;
        bool published = false;
        std::set<std::string> old_sources;
    };
    std::map<std::pair<std::string, std::string>, RevisionSummary> revisions;
    struct Withdrawal {
        const Candidate* example = nullptr;
        size_t count = 0;
        bool published = false;
    };
    std::map<std::pair<std::string, std::string>, Withdrawal> withdrawals;
    std::vector<const Candidate*> chosen_facts;
    std::vector<Candidate*> facts;
    // Per partner, in partner order: its latest used value.
    std::vector<std::pair<const std::string*, Candidate*>> latest;
    for (size_t begin = 0; begin < order.size();) {
        size_t end = begin + 1;
        while (end < order.size() && key(order[end]) == key(order[begin])) ++end;
        facts.assign(order.begin() + static_cast<std::ptrdiff_t>(begin),
                     order.begin() + static_cast<std::ptrdiff_t>(end));
        begin = end;
        // Per partner: its latest used value, else nothing (superseded files only inform).
        latest.clear();
        for (Candidate* c : facts) {
            if (!c->src->used) continue;
            const std::string& partner = c->partner();
            auto slot = std::find_if(latest.begin(), latest.end(),
                                     [&](const auto& l) { return *l.first >= partner; });
            if (slot == latest.end() || *slot->first != partner)
                latest.insert(slot, {&partner, c});
            else if (c->sequence() > slot->second->sequence())
                slot->second = c;
        }
        if (latest.empty()) {
            // Only a replaced file had this fact: its revision withdrew it. News once, in the
            // first report that knows the revision.
            const Candidate* newest = nullptr;
            for (const Candidate* c : facts)
                if (!newest || c->sequence() > newest->sequence()) newest = c;
            auto replaced = scope.superseded_at.find(newest->sha256());
            if (replaced == scope.superseded_at.end() ||
                replaced->second <= scope.published_sequence)
                continue;
            auto& w = withdrawals[{newest->sha256(), newest->o().indicator}];
            if (!w.example) w.example = newest;
            ++w.count;
            w.published = w.published || newest->sequence() <= scope.published_sequence;
            continue;
        }
        for (auto& [partner, winner] : latest) {
            // A revision is news once: in the first report that knows the revising file.
            if (winner->sequence() <= scope.published_sequence) continue;
            // Compared with the value it replaces: this partner's previous one.
            const Candidate* previous = nullptr;
            for (const Candidate* older : facts) {
                if (older->partner() == *partner && older->sequence() < winner->sequence() &&
                    (!previous || older->sequence() > previous->sequence()))
                    previous = older;
            }
            if (!previous || previous->o().value == winner->o().value) continue;
            auto& rev = revisions[{winner->sha256(), winner->o().indicator}];
            if (!rev.example_new) {
                rev.example_new = winner;
                rev.example_old = previous;
            }
            ++rev.count;
            rev.old_sources.insert(previous->sha256());
            if (previous->sequence() <= scope.published_sequence) {
                rev.published = true;
                winner->revised = true;
            }
        }
        // Across partners: the rules' ranking, then the latest.
        const std::string& indicator = facts.front()->o().indicator;
        const Candidate* chosen = nullptr;
        for (auto& [partner, c] : latest) {
            if (!chosen) {
                chosen = c;
                continue;
            }
            const size_t a = rules.rank(indicator, c->partner()),
                         b = rules.rank(indicator, chosen->partner());
            if (a < b || (a == b && c->sequence() > chosen->sequence())) chosen = c;
        }
        for (auto& [partner, c] : latest) {
            if (c == chosen) continue;
            const double diff = std::fabs(c->o().value - chosen->o().value);
            if (diff <= rules.tolerance_for(indicator)) continue;
            Finding finding = finding_about("source_conflict", Severity::kWarning, chosen->o());
            finding.expected = chosen->o().value;
            finding.actual = c->o().value;
            finding.sources = {chosen->sha256(), c->sha256()};
            finding.message = describe_fact(chosen->o()) + ": " + chosen->partner() + " gives " +
                              number(chosen->o().value) + " [" + chosen->located() + "], " +
                              c->partner() + " gives " + number(c->o().value) + " [" +
                              c->located() + "]; the report uses " + chosen->partner() +
                              "'s figure (precedence rule for " + indicator + ", tolerance " +
                              number(rules.tolerance_for(indicator)) + ")";
            out.findings.push_back(std::move(finding));
        }
        chosen_facts.push_back(chosen);
    }
    for (const auto& f : out.not_reported) {
        Finding finding = finding_about("not_reported", Severity::kInfo, f.o);
        finding.sources = {f.sha256()};
        finding.message = describe_fact(f.o) + ": left empty by " + f.partner() +
                          " (not reported, which is not zero) [" + located(f) + "]";
        out.findings.push_back(std::move(finding));
    }
    for (const auto& [key, w] : withdrawals) {
        const Candidate& e = *w.example;
        Finding finding =
            finding_about("revision", w.published ? Severity::kWarning : Severity::kInfo, e.o());
        finding.actual = e.o().value;
        finding.sources = {e.sha256()};
        finding.message = e.src->s->file + " was replaced by a revision without " +
                          std::to_string(w.count) + " of its " + e.o().indicator + " figure" +
                          (w.count > 1 ? "s" : "") + (w.published ? " already published" : "") +
                          ", e.g. " + describe_fact(e.o()) + " = " + number(e.o().value) + " [" +
                          e.located() + "]; the report no longer shows them";
        out.findings.push_back(std::move(finding));
    }
    for (const auto& [key, rev] : revisions) {
        const Candidate &now = *rev.example_new, &then = *rev.example_old;
        Finding finding = finding_about(
            "revision", rev.published ? Severity::kWarning : Severity::kInfo, now.o());
        finding.expected = now.o().value;
        finding.actual = then.o().value;
        finding.sources.assign(rev.old_sources.begin(), rev.old_sources.end());
        finding.sources.insert(finding.sources.begin(), now.sha256());
        finding.message = now.src->s->file + " revises " + std::to_string(rev.count) + " " +
                          now.o().indicator + " figure" + (rev.count > 1 ? "s" : "") +
                          (rev.published ? " already published" : "") + ", e.g. " +
                          describe_fact(now.o()) + ": " + number(then.o().value) + " [" +
                          then.located() + "] becomes " + number(now.o().value) + " [" +
                          now.located() + "]";
        out.findings.push_back(std::move(finding));
    }
    // Moved only now: the findings above quote some of them. With room for the derived totals
    // added next (a few per set of complete parts, far fewer than a quarter of the facts):
    // growing a year's facts to add them moved all ten thousand, 4 % of a year-end run.
    out.facts.reserve(chosen_facts.size() + chosen_facts.size() / 4 + 16);
    for (const Candidate* c : chosen_facts) c->take(out.facts);
    return out;
}

void add_derived_totals(std::vector<Fact>& facts) {
    using Group = std::tuple<std::string, std::string, std::string, int32_t, int32_t, int>;
    std::map<Group, std::map<std::string, const Fact*>> groups;
    for (const auto& f : facts) {
        if (f.kind != Kind::kStock || !f.o.breakdown.empty()) continue;
        groups[{f.sha256(), f.o.indicator, breakdown_key(f.o.breakdown), f.o.from.days(),
                f.o.to.days(), static_cast<int>(f.o.unit)}][f.o.area] = &f;
    }
    std::deque<Fact> added;  // stable addresses: by_area points into it
    for (auto& [group, by_area] : groups) {
        if (std::get<5>(group) != static_cast<int>(Unit::kCount)) continue;
        // Regions before the nation, so that a derived region can complete the nation.
        for (const char* parent : {"BE1", "BE2", "BE3", "BE"}) {
            if (by_area.count(parent)) continue;
            const auto children = children_of(parent);
            double sum = 0;
            bool complete = true;
            std::string lines;
            const Fact* any = nullptr;
            for (const auto& child : children) {
                auto it = by_area.find(child);
                if (it == by_area.end()) {
                    complete = false;
                    break;
                }
                sum += it->second->o.value;
                any = it->second;
                lines += (lines.empty() ? "" : ", ") + it->second->o.location;
            }
            if (!complete || any == nullptr) continue;
            Fact f = *any;
            f.o.area = parent;
            f.o.value = sum;
            f.o.location = "sum of " + lines;
            f.derived = true;
            added.push_back(f);
            by_area[parent] = &added.back();
        }
    }
    for (auto& f : added) facts.push_back(std::move(f));
}

}  // namespace sitrep
