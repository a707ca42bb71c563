#include "pipeline/writers/annex_words.h"

#include "pipeline/reference/areas.h"
#include "pipeline/report/finding_words.h"

namespace sitrep {

AnnexWords::AnnexWords(const Templates* templates, std::string lang)
    : templates_(templates), lang_(std::move(lang)) {}

const std::map<std::string, std::string>& AnnexWords::english() {
    static const std::map<std::string, std::string> words = {
        {"annex.title", "Situation report {number} \xE2\x80\x94 annex"},
        {"annex.subject", "Figures, findings and sources of situation report {number} as of {date}"},
        {"annex.chart.by_month", "{indicator}, {area}, by month"},
        {"annex.chart.by_region", "{indicator} by region"},
        {"annex.chart.by_province", "{indicator} by province"},
        {"annex.chart.by_region_and_month", "{indicator} by region, by month"},
        {"annex.chart.by_province_and_month", "{indicator} by province, by month"},
        {"annex.chart.by_area_and_month", "{indicator} by area, by month"},
        {"annex.sheet.report", "Report"},
        {"annex.sheet.summary", "Summary"},
        {"annex.sheet.findings", "Findings"},
        {"annex.sheet.cleared", "Cleared"},
        {"annex.sheet.sources", "Sources"},
        {"annex.sheet.partners", "Partners"},
        {"annex.sheet.notes", "Notes"},
        {"annex.sheet.chart_data", "Chart data"},
        {"annex.sheet.series", "Monthly series"},
        {"annex.domain.tp", "Temporary protection"},
        {"annex.domain.reception", "Reception"},
        {"annex.domain.employment", "Employment"},
        {"annex.domain.education", "Education"},
        {"annex.column.number", "Report number"},
        {"annex.column.report_kind", "Report kind"},
        {"annex.column.reason", "Reason"},
        {"annex.column.issued_at", "Issued at"},
        {"annex.column.classification", "Classification"},
        {"annex.column.next_report", "Next report"},
        {"annex.column.indicator", "Indicator"},
        {"annex.column.indicator_name", "Indicator name"},
        {"annex.column.area", "Area"},
        {"annex.column.area_name", "Area name"},
        {"annex.column.breakdown", "Breakdown"},
        {"annex.column.kind", "Kind"},
        {"annex.column.value", "Value"},
        {"annex.column.unit", "Unit"},
        {"annex.column.from", "From"},
        {"annex.column.to", "To"},
        {"annex.column.as_of", "As of"},
        {"annex.column.status", "Status"},
        {"annex.column.previous", "Previous"},
        {"annex.column.change", "Change"},
        {"annex.column.sources", "Sources"},
        {"annex.column.locations", "Locations"},
        {"annex.column.severity", "Severity"},
        {"annex.column.period", "Period"},
        {"annex.column.message", "Message"},
        {"annex.column.details", "Details"},
        {"annex.column.expected", "Expected"},
        {"annex.column.actual", "Actual"},
        {"annex.column.files", "Files"},
        {"annex.column.feed", "Feed"},
        {"annex.column.news", "News"},
        {"annex.column.since", "Since report"},
        {"annex.column.partner", "Partner"},
        {"annex.column.file", "File"},
        {"annex.column.sha256", "SHA-256"},
        {"annex.column.bytes", "Bytes"},
        {"annex.column.received_at", "Received at"},
        {"annex.column.reference_date", "Reference date"},
        {"annex.column.error", "Error"},
        {"annex.column.new", "New"},
        {"annex.column.every_days", "Every days"},
        {"annex.column.last_as_of", "Last as of"},
        {"annex.column.last_file", "Last file"},
        {"annex.column.state", "State"},
        {"annex.column.domain", "Domain"},
        {"annex.column.lang", "Lang"},
        {"annex.column.source", "Source"},
        {"annex.column.date", "Date"},
        {"annex.column.title", "Title"},
        {"annex.column.chart", "Chart"},
        {"annex.column.month", "Month"},
    };
    return words;
}

std::string AnnexWords::word(const std::string& key) const {
    if (templates_)
        if (const std::string* s = templates_->find_label(lang_, key); s && !s->empty()) return *s;
    const auto it = english().find(key);
    return it == english().end() ? key : it->second;
}

std::string AnnexWords::format(const std::string& key, const LabelVars& vars) const {
    return fill_placeholders(word(key), vars);
}

std::string AnnexWords::indicator(const std::string& code) const {
    if (templates_)
        if (const std::string* s = templates_->find_label(lang_, "indicator." + code);
            s && !s->empty())
            return *s;
    return code;
}

std::string AnnexWords::area(const std::string& nuts) const {
    if (nuts == "unknown" && templates_)
        if (const std::string* s = templates_->find_label(lang_, "area.unknown")) return *s;
    return area_name(nuts, lang_);
}

std::string AnnexWords::domain(const std::string& domain) const {
    const std::string key = "annex.domain." + domain;
    const std::string w = word(key);
    return w == key ? domain : w;
}

std::string AnnexWords::finding(const Finding& f) const {
    return templates_ ? finding_message(*templates_, lang_, f) : f.message;
}

std::string AnnexWords::month_format() const {
    // Excel and LibreOffice name the months in the language the code's locale ID gives:
    // 0x813 Dutch (Belgium), 0x80C French (Belgium); English keeps the reader's own.
    if (lang_ == "nl") return "[$-813]mmm yyyy";
    if (lang_ == "fr") return "[$-80C]mmm yyyy";
    return "mmm yyyy";
}

}  // namespace sitrep
