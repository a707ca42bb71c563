#include "pipeline/reconcile/reconcile.h"

#include <algorithm>
#include <array>
#include <future>
#include <limits>
#include <map>
#include <set>
#include <tuple>

#include "pipeline/reconcile/checks.h"
#include "pipeline/reconcile/facts.h"
#include "pipeline/reconcile/finding_news.h"
#include "pipeline/reconcile/figures.h"
#include "pipeline/reconcile/inputs.h"
#include "pipeline/reconcile/series_checks.h"

namespace sitrep {
namespace {

// A partner's total above the sum of its parts leaves a remainder no part accounts for; it is
// shown as its own figure rather than silently spread.
void add_unallocated(ReconciledView& view) {
    std::vector<Figure> extra;
    for (const auto& f : view.findings) {
        if ((f.kind != "parts_vs_total" && f.kind != "regions_vs_national") ||
            f.actual >= f.expected)
            continue;
        const Figure* total = find_headline(view.figures, f.indicator, f.area);
        // Only the remainder of the very total the report shows.
        if (!total || f.sources.empty() ||
            std::find(total->sources.begin(), total->sources.end(), f.sources.front()) ==
                total->sources.end())
            continue;
        Figure u = *total;
        u.breakdown = {{"area", "unallocated"}};
        u.value = f.expected - f.actual;
        u.status = "derived";
        u.previous.reset();
        u.locations = {"total minus its parts: " +
                       f.message.substr(f.message.rfind('[') + 1, std::string::npos)};
        if (!u.locations.front().empty() && u.locations.front().back() == ']')
            u.locations.front().pop_back();
        extra.push_back(std::move(u));
    }
    view.figures.insert(view.figures.end(), extra.begin(), extra.end());
}

// Late and missing feeds: a finding each, and the figures only they gave marked as carried
// forward.
void apply_timeliness(ReconciledView& view, Date as_of,
                      const std::vector<StoredSubmission>& submissions) {
    std::map<std::string, std::string> feed_of;
    for (const auto& s : submissions) feed_of[s.sha256] = feed_id(s.partner, s.feed);
    std::set<std::string> late;
    for (const auto& p : view.partners) {
        if (p.state != "late" && p.state != "missing") continue;
        const std::string who = p.feed.empty() ? p.partner : p.feed;
        Finding f;
        f.kind = p.state == "late" ? "late_partner" : "missing_partner";
        f.severity = Severity::kWarning;
        f.feed = p.feed.empty() ? p.partner : p.feed;
        if (p.state == "late") {
            late.insert(p.feed);
            f.period = p.last_as_of->iso();
            f.actual = as_of - *p.last_as_of;
            f.message = who + ": the newest data covers up to " + p.last_as_of->iso() + " (" +
                        p.last_file + "), " + std::to_string(as_of - *p.last_as_of) +
                        " days ago; expected every " + std::to_string(p.every_days) +
                        " days; its figures are carried forward, not current";
        } else {
            f.message = who + ": nothing received (expected every " +
                        std::to_string(p.every_days) + " days)";
        }
        view.findings.push_back(std::move(f));
    }
    for (auto& fig : view.figures) {
        if (fig.sources.empty() || fig.status == "derived") continue;
        bool all_late = true;
        for (const auto& sha : fig.sources) all_late = all_late && late.count(feed_of[sha]);
        if (all_late) fig.status = "carried_forward";
    }
}

}  // namespace

ReconciledView reconcile(const Store& store, const ReconcileRequest& request) {
    ReconciledView view;

    const auto submissions = store.submissions(request.max_sequence);
    const auto ledger = classify_inputs(submissions, store.receipts(request.max_receipt),
                                        request.previous.max_receipt);
    view.inputs = ledger.inputs;
    const std::vector<std::string> used(ledger.used.begin(), ledger.used.end());

    FactScope scope;
    scope.used = ledger.used;
    for (const auto& in : ledger.inputs)
        if (in.status == "superseded") scope.superseded.insert(in.sha256);
    scope.superseded_at = ledger.superseded_at;
    scope.as_of = request.as_of;
    scope.published_sequence = request.previous.max_sequence;
    std::vector<std::string> wanted = used;
    wanted.insert(wanted.end(), scope.superseded.begin(), scope.superseded.end());
    // A fact that repeats, unchanged, the one its feed gave before decides nothing while that
    // one is in use: the earlier is the same value, and the one a revision is compared with.
    RepeatFilter repeats;
    repeats.skip_repeats = true;
    for (const auto& sub : submissions)
        if (!sub.rejected && !ledger.used.count(sub.sha256)) repeats.not_in_use.push_back(sub.sequence);
    repeats.keep_feeds.assign(request.rules.additive_feeds.begin(),
                              request.rules.additive_feeds.end());
    EffectiveFacts effective =
        effective_facts(store.observations(wanted, repeats), submissions, scope, request.rules);
    std::vector<Fact>& facts = effective.facts;
    add_derived_totals(facts);
    // The checks read the same facts as the figures and write nothing they share: in threads
    // of their own, while this one makes the figures (a year's facts: a fifth of a run). The
    // series and shares start at once; the totals' check, on the facts the figures are made
    // of, once those are chosen, here, for both.
    auto series = std::async(std::launch::async, [&] {
        return std::array{check_series(facts, request.rules, request.as_of, request.whole_months),
                          check_shares(facts, request.rules)};
    });
    std::future<std::vector<Finding>> totals;
    try {
        const FactGroups groups = group_facts(facts);
        totals = std::async(std::launch::async, [&] {
            return check_totals(feeding_facts(groups), request.rules);
        });
        view.figures = compute_figures(groups);
        totals.wait();  // before `groups` goes
    } catch (...) {
        // They read `facts` and `groups`: not freed under them.
        if (totals.valid()) totals.wait();
        series.wait();
        throw;
    }
    auto series_checks = series.get();
    std::array checks{totals.get(), std::move(series_checks[0]), std::move(series_checks[1])};
    view.findings = std::move(checks[0]);
    view.findings.insert(view.findings.end(), effective.findings.begin(), effective.findings.end());
    for (auto* more : {&checks[1], &checks[2]})
        view.findings.insert(view.findings.end(), more->begin(), more->end());

    // A figure that only exists as "not reported" is listed as null, never as zero.
    for (const auto& f : effective.not_reported) {
        bool known = false;
        for (const auto& fig : view.figures)
            known = known || (fig.indicator == f.o.indicator && fig.area == f.o.area &&
                              fig.breakdown == f.o.breakdown);
        if (known) continue;
        Figure fig;
        fig.indicator = f.o.indicator;
        fig.area = f.o.area;
        fig.breakdown = f.o.breakdown;
        fig.kind = f.kind;
        fig.as_of = f.o.to;
        fig.value = std::numeric_limits<double>::quiet_NaN();
        fig.status = "not_reported";
        fig.sources = {f.sha256()};
        fig.locations = {located(f)};
        view.figures.push_back(std::move(fig));
    }

    const auto& before = request.previous.values;
    for (auto& f : view.figures)
        if (auto it = before.find(figure_key(f)); it != before.end()) f.previous = it->second;
    add_unallocated(view);

    // Notes: those received since the previous report are new.
    std::vector<std::string> old_notes, new_notes;
    for (const auto& s : submissions)
        if (s.partner == "notes" && ledger.used.count(s.sha256))
            (s.sequence > request.previous.max_sequence ? new_notes : old_notes).push_back(s.sha256);
    for (auto* group : {&old_notes, &new_notes})
        for (auto& note : store.notes(*group))
            if (auto d = Date::parse_iso(note.date); d && *d <= request.as_of) {
                note.is_new = group == &new_notes;
                view.notes.push_back(std::move(note));
            }
    std::stable_sort(view.notes.begin(), view.notes.end(),
                     [](const SituationNote& a, const SituationNote& b) {
                         return std::tie(a.date, a.source) < std::tie(b.date, b.source);
                     });
    view.partners = partner_statuses(submissions, ledger, request.as_of, request.cadences,
                                     request.watched_since);
    apply_timeliness(view, request.as_of, submissions);
    view.cleared =
        mark_news(view.findings, request.previous.findings, request.number, request.news);
    view.previous_number = request.previous.number;
    return view;
}

}  // namespace sitrep
