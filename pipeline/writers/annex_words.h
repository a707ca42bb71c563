#pragma once

#include <map>
#include <string>

#include "pipeline/model/finding.h"
#include "pipeline/report/templates.h"

namespace sitrep {

/// The words of one annex language: its `annex.*` labels, indicator and area names, and
/// finding sentences. Labels come from the report's templates; a key they lack (templates
/// snapshotted before the annex had words, or no templates at all) falls back to the
/// built-in English of `labels/en.properties`, so a past report still renders.
class AnnexWords {
public:
    /// Words of `lang` from `templates`; without templates, the built-in English.
    AnnexWords(const Templates* templates, std::string lang);

    /// The language's code: nl, fr, en.
    const std::string& lang() const { return lang_; }
    /// An `annex.*` label: the templates' own, else the built-in English, else the key.
    std::string word(const std::string& key) const;
    /// `word(key)` with its `{placeholders}` filled.
    std::string format(const std::string& key, const LabelVars& vars) const;
    /// A column header, `annex.column.<name>`.
    std::string column(const std::string& name) const { return word("annex.column." + name); }
    /// The name of an indicator (`indicator.<code>`), else the code.
    std::string indicator(const std::string& code) const;
    /// The name of an area (NUTS code) in the language.
    std::string area(const std::string& nuts) const;
    /// The sheet name of an indicator domain (`annex.domain.<d>`), else the domain itself.
    std::string domain(const std::string& domain) const;
    /// The finding in the language's words, else its English message.
    std::string finding(const Finding& f) const;
    /// An Excel number format for month axes and cells that names months in the language.
    std::string month_format() const;

    /// The built-in English words (those of `labels/en.properties`' `# annex` block).
    static const std::map<std::string, std::string>& english();

private:
    const Templates* templates_;
    std::string lang_;
};

}  // namespace sitrep
