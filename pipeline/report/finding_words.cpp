#include "pipeline/report/finding_words.h"

#include <cmath>

#include "pipeline/model/date.h"
#include "pipeline/reference/areas.h"
#include "pipeline/report/locale_format.h"

namespace sitrep {
namespace {

// Counts are whole; a mean (implausible_jump) is not, and keeps one decimal.
std::string value_text(double v, const std::string& style) {
    if (!std::isfinite(v)) return "n/a";
    return format_number(v, style, std::trunc(v) == v ? 0 : 1);
}

std::string label_or(const Templates& t, const std::string& lang, const std::string& key,
                     const std::string& fallback) {
    const std::string* s = t.find_label(lang, key);
    return s && !s->empty() ? *s : fallback;
}

// A finding's period as the PDF writes it: a day, a month by name, or from–to.
std::string period_words(const Templates& t, const std::string& lang, const std::string& text,
                         const std::string& style) {
    if (const auto d = Date::parse_iso(text)) return format_date(*d, style);
    if (const size_t dots = text.find(".."); dots != std::string::npos) {
        const auto from = Date::parse_iso(text.substr(0, dots));
        const auto to = Date::parse_iso(text.substr(dots + 2));
        if (from && to) return format_period(*from, *to, style);
    }
    if (text.size() == 7 && text[4] == '-')
        if (const auto d = Date::parse_iso(text + "-01"))
            if (const std::string* month = t.find_label(lang, "month." + std::to_string(d->month())))
                return *month + " " + std::to_string(d->year());
    return text;
}

}  // namespace

std::string finding_sentence_key(const Finding& f) {
    if (f.indicator.empty() && !f.feed.empty()) return "finding.feed." + f.kind;
    return "finding." + f.kind;
}

std::string finding_sentence(const Templates& templates, const std::string& lang,
                             const Finding& f) {
    const std::string* pattern = templates.find_label(lang, finding_sentence_key(f));
    if (!pattern || pattern->empty()) return {};
    const std::string style = label_or(templates, lang, "locale.style", lang);
    const bool share = f.kind == "share_mismatch";
    auto value = [&](double v) { return share ? format_percent(v, style) : value_text(v, style); };
    std::string area;
    if (f.area == "unknown") area = label_or(templates, lang, "area.unknown", f.area);
    else if (!f.area.empty()) area = area_name(f.area, lang);
    return fill_placeholders(
        *pattern, {{"indicator", label_or(templates, lang, "indicator." + f.indicator, f.indicator)},
                   {"area", area},
                   {"period", period_words(templates, lang, f.period, style)},
                   {"feed", f.feed},
                   {"expected", value(f.expected)},
                   {"actual", value(f.actual)},
                   {"difference", value(std::fabs(f.expected - f.actual))}});
}

std::string finding_message(const Templates& templates, const std::string& lang,
                            const Finding& f) {
    std::string sentence = finding_sentence(templates, lang, f);
    return sentence.empty() ? f.message : sentence;
}

}  // namespace sitrep
