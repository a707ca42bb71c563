#include "pipeline/writers/pdf_context.h"

#include <cmath>

#include <algorithm>

#include "pipeline/reference/areas.h"
#include "pipeline/report/locale_format.h"

namespace sitrep {

RenderContext::RenderContext(const Report& report, const Templates& templates, std::string lang,
                             Layout& layout)
    : report_(report), templates_(templates), lang_(std::move(lang)), layout_(layout) {
    style_ = templates_.label(lang_, "locale.style");
}

const std::string& RenderContext::label(const std::string& key) const {
    return templates_.label(lang_, key);
}

std::string RenderContext::format(const std::string& key, const LabelVars& vars) const {
    return templates_.format(lang_, key, vars);
}

std::string RenderContext::label_or(const std::string& key, const std::string& fallback) const {
    const std::string* v = templates_.find_label(lang_, key);
    return v ? *v : fallback;
}

std::string RenderContext::number(double value, int decimals) const {
    return format_number(value, style_, decimals);
}

std::string RenderContext::percent(double share) const { return format_percent(share, style_); }

std::string RenderContext::date(Date d) const { return format_date(d, style_); }

std::string RenderContext::datetime(const std::string& iso) const {
    return format_datetime(iso, style_);
}

std::string RenderContext::period_text(const std::string& text) const {
    if (const auto d = Date::parse_iso(text)) return date(*d);
    if (const size_t dots = text.find(".."); dots != std::string::npos) {
        const auto from = Date::parse_iso(text.substr(0, dots));
        const auto to = Date::parse_iso(text.substr(dots + 2));
        if (from && to) return format_period(*from, *to, style_);
    }
    if (text.size() == 7 && text[4] == '-') return month_name(text);
    return text;
}

std::string RenderContext::month_name(const std::string& iso_month) const {
    if (iso_month.size() != 7 || iso_month[4] != '-') return iso_month;
    const auto d = Date::parse_iso(iso_month + "-01");
    if (!d) return iso_month;
    return label("month." + std::to_string(d->month())) + " " + std::to_string(d->year());
}

std::string RenderContext::area(const std::string& nuts) const {
    if (nuts == "unknown") return label("area.unknown");
    return area_name(nuts, lang_);
}

std::string RenderContext::indicator(const std::string& code) const {
    return label_or("indicator." + code, code);
}

std::string RenderContext::breakdown_value(const std::string& dim, const std::string& value) const {
    if (dim == "month") return month_name(value);
    if (dim == "area") return area(value);
    return label_or("breakdown." + dim + "." + value, value);
}

const Figure* RenderContext::find(const std::string& indicator, const std::string& area,
                                  const Breakdown& breakdown) const {
    for (const auto& f : report_.figures)
        if (f.indicator == indicator && f.area == area && f.breakdown == breakdown) return &f;
    return nullptr;
}

std::vector<const Figure*> RenderContext::series(const std::string& indicator,
                                                 const std::string& area,
                                                 const std::string& dim) const {
    std::vector<const Figure*> out;
    for (const auto& f : report_.figures)
        if (f.indicator == indicator && f.area == area && f.breakdown.size() == 1 &&
            f.breakdown.front().first == dim)
            out.push_back(&f);
    if (dim == "month")
        std::stable_sort(out.begin(), out.end(), [](const Figure* a, const Figure* b) {
            return a->breakdown.front().second < b->breakdown.front().second;
        });
    return out;
}

std::string RenderContext::value_text(const Figure& f) {
    if (!std::isfinite(f.value)) return "\u2013";  // not reported: a dash, never a zero
    std::string text = f.unit == Unit::kShare ? percent(f.value) : number(f.value);
    if (f.status == "carried_forward") {
        carried_.insert(f.as_of);
        text += "\u2020";
    }
    return text;
}

std::string RenderContext::change_text(const Figure& f) const {
    if (!f.previous) return "";
    if (f.unit == Unit::kShare)
        return format("unit.percentage_points",
                      {{"change", format_share_change(f.value - *f.previous, style_)}});
    return format_change(f.value - *f.previous, style_);
}

namespace {

// A monthly stock (VDAB's "2023-02") is the state during that month, not on its last day,
// which may lie after the report itself.
bool whole_month(const Figure& f) {
    return f.kind == Kind::kStock && f.from && f.to && *f.from == f.from->first_of_month() &&
           *f.to == f.from->last_of_month();
}

}  // namespace

std::string RenderContext::when_text(const Figure& f) const {
    if (f.kind == Kind::kFlow && f.from && f.to) return format_period(*f.from, *f.to, style_);
    if (whole_month(f)) return format_month_numeric(f.from->iso_month(), style_);
    return date(f.as_of);
}

std::string RenderContext::when_caption(const Figure& f) const {
    if (f.kind == Kind::kFlow && f.from && f.to)
        return format("figure.period", {{"period", when_text(f)}});
    return format("figure.as_of", {{"date", when_text(f)}});
}

void RenderContext::flush_footnotes() {
    for (const Date& d : carried_)
        layout_.paragraph(format("carried_forward", {{"date", date(d)}}), FontStyle::kRegular, 7.5,
                          palette::kMuted);
    carried_.clear();
}

}  // namespace sitrep
