#pragma once

#include <string>

#include "pipeline/model/date.h"

namespace sitrep {

/// The facts of an issued report that a mail about it mentions.
struct ReportFacts {
    int number = 0;
    std::string kind = "daily";  ///< daily | urgent
    std::string reason;          ///< why an urgent report was issued
    Date as_of;
    std::string issued_at;  ///< ISO 8601, as the report was stamped
    std::string classification;  ///< its TLP label, e.g. TLP:AMBER; empty: none
};

/// The words of a report mail in one language, from `templates/mail/<lang>.properties`.
///
/// Keys: `subject`, `subject_urgent`, `body`, `body_urgent` (UTF-8, `\n` for a line break).
/// Placeholders: `{number}` (237), `{date}` (the report's as-of day, 08/02/2023), `{time}`
/// (the Brussels time of issue, 07:00) and `{reason}` (of an urgent report). The report's TLP
/// label leads the subject (`[TLP:AMBER] …`) and the body, as TLP 2.0 asks of e-mail.
class MailTexts {
public:
    /// Loads and checks one language; throws ConfigError naming the file and the key at fault.
    static MailTexts load(const std::string& templates_dir, const std::string& lang);

    /// The language these texts are in.
    const std::string& lang() const { return lang_; }
    /// The subject of a mail about `report` (the urgent variant for an urgent report).
    std::string subject(const ReportFacts& report) const;
    /// The body of a mail about `report`, ending with a line break.
    std::string body(const ReportFacts& report) const;

    /// Where `lang`'s mail texts live under a templates folder.
    static std::string file_for(const std::string& templates_dir, const std::string& lang);

private:
    std::string fill(const std::string& pattern, const ReportFacts& report) const;

    std::string lang_;
    std::string subject_;
    std::string subject_urgent_;
    std::string body_;
    std::string body_urgent_;
};

}  // namespace sitrep
