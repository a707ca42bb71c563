#include "pipeline/writers/report_digest.h"

#include <algorithm>
#include <map>

namespace sitrep {

bool has_news_words(const Templates& t, const std::string& lang) {
    static const char* const kKeys[] = {
        "column.feed",       "column.cadence",   "column.news",         "column.used",
        "column.superseded", "column.duplicate", "column.rejected",     "column.newest_reference",
        "cadence.every",     "cadence.daily",    "cadence.none",        "news.new",
        "news.changed",      "findings.no_news", "findings.persisting", "findings.since",
        "findings.cleared",  "findings.group",   "sources.complete",    "sources.new",
        "sources.no_new",    "sources.earlier",  "notes.older"};
    for (const char* key : kKeys)
        if (!t.has_label(lang, key)) return false;
    return true;
}

bool listed_in_full(const Report& r, const InputStatus& in) {
    return r.previous_number == 0 || in.is_new;
}

std::vector<PartnerFiles> earlier_files_by_partner(const Report& r) {
    std::map<std::string, PartnerFiles> by_partner;  // ordered: the same layout every time
    for (const auto& in : r.inputs) {
        if (listed_in_full(r, in)) continue;
        PartnerFiles& p = by_partner[in.partner];
        p.partner = in.partner;
        if (in.status == "used")
            ++p.used;
        else if (in.status == "superseded")
            ++p.superseded;
        else if (in.status == "duplicate")
            ++p.duplicate;
        else
            ++p.rejected;
        if (in.reference_date && (!p.newest_reference || *p.newest_reference < *in.reference_date))
            p.newest_reference = in.reference_date;
    }
    std::vector<PartnerFiles> out;
    for (auto& [name, p] : by_partner) out.push_back(std::move(p));
    return out;
}

std::vector<const SituationNote*> current_notes(const Report& r, int current_days) {
    std::vector<const SituationNote*> out;
    for (const auto& n : r.notes) {
        const auto date = Date::parse_iso(n.date);
        // A note with no readable date cannot age; it is shown only while it is new.
        const bool current = date && r.as_of - *date <= current_days;
        if (r.previous_number == 0 || n.is_new || current) out.push_back(&n);
    }
    return out;
}

std::vector<const SituationNote*> notes_to_show(const Report& r, const Templates& t,
                                                const std::string& lang, int current_days) {
    if (has_news_words(t, lang)) return current_notes(r, current_days);
    std::vector<const SituationNote*> all;
    for (const auto& n : r.notes) all.push_back(&n);
    return all;
}

int notes_current_days(const Templates& t) {
    for (const auto& s : t.sections())
        for (const auto& b : s.blocks)
            if (b.kind == "notes") return b.current_days;
    return BlockSpec{}.current_days;
}

std::vector<FindingGroup> group_by_kind(const std::vector<const Finding*>& findings) {
    std::vector<FindingGroup> out;
    for (const Finding* f : findings) {
        auto it = std::find_if(out.begin(), out.end(),
                               [&](const FindingGroup& g) { return g.kind == f->kind; });
        if (it == out.end()) it = out.insert(out.end(), FindingGroup{f->kind, {}});
        it->findings.push_back(f);
    }
    return out;
}

FindingCounts count_findings(const Report& r) {
    FindingCounts c;
    for (const auto& f : r.findings) {
        if (f.news == "persisting")
            ++c.persisting;
        else if (f.news == "changed")
            ++c.changed;
        else
            ++c.fresh;
    }
    return c;
}

}  // namespace sitrep
