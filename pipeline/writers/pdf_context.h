#pragma once

#include <set>
#include <string>
#include <vector>

#include "pipeline/model/report.h"
#include "pipeline/report/templates.h"
#include "pipeline/writers/pdf_layout.h"

namespace sitrep {

/// What every part of the PDF writer shares: the report, its words and number style in one
/// language, figure look-ups, and the layout being drawn into.
class RenderContext {
public:
    RenderContext(const Report& report, const Templates& templates, std::string lang,
                  Layout& layout);

    const Report& report() const { return report_; }
    const Templates& templates() const { return templates_; }
    const std::string& lang() const { return lang_; }
    Layout& layout() { return layout_; }

    /// The label `key` in the report's language.
    const std::string& label(const std::string& key) const;
    /// The label `key` with its placeholders filled.
    std::string format(const std::string& key, const LabelVars& vars) const;
    /// The label `key`, or `fallback` when the label files have no such key (data-driven keys
    /// such as a note's domain).
    std::string label_or(const std::string& key, const std::string& fallback) const;

    /// A number in the language's style.
    std::string number(double value, int decimals = 0) const;
    /// A share as a percentage in the language's style.
    std::string percent(double share) const;
    /// A date in the language's style.
    std::string date(Date d) const;
    /// An ISO 8601 date-time in the language's style.
    std::string datetime(const std::string& iso) const;
    /// `yyyy-mm-dd`, `from..to` or `yyyy-mm` in the language's style; other text unchanged.
    std::string period_text(const std::string& text) const;
    /// `2023-01` as `januari 2023`.
    std::string month_name(const std::string& iso_month) const;

    /// An area's name in the report's language; `unknown` is the unknown-municipality label.
    std::string area(const std::string& nuts) const;
    /// An indicator's label.
    std::string indicator(const std::string& code) const;
    /// A breakdown value's label: month names for months, labels for the rest when there are.
    std::string breakdown_value(const std::string& dim, const std::string& value) const;

    /// The figure with exactly this indicator, area and breakdown, or nullptr.
    const Figure* find(const std::string& indicator, const std::string& area,
                       const Breakdown& breakdown = {}) const;
    /// The figures of indicator@area broken down by `dim` alone (months in calendar order).
    std::vector<const Figure*> series(const std::string& indicator, const std::string& area,
                                      const std::string& dim) const;

    /// The figure's value as shown, with a dagger when it is carried forward (which also
    /// queues the footnote that explains the dagger).
    std::string value_text(const Figure& f);
    /// The change since the previous report (+1.564 / −56), empty when there is none.
    std::string change_text(const Figure& f) const;
    /// A stock's as-of date, a flow's from–to period.
    std::string when_text(const Figure& f) const;
    /// Like `when_text`, worded for a caption: `stand op 05/02/2023` or the period.
    std::string when_caption(const Figure& f) const;
    /// Draws the footnotes queued by `value_text` since the last call.
    void flush_footnotes();

private:
    const Report& report_;
    const Templates& templates_;
    std::string lang_;
    std::string style_;
    Layout& layout_;
    std::set<Date> carried_;
};

}  // namespace sitrep
