#include "pipeline/distribute/mail_texts.h"

#include <Poco/AutoPtr.h>
#include <Poco/File.h>
#include <Poco/Util/PropertyFileConfiguration.h>

#include <algorithm>
#include <array>

#include "pipeline/foundation/errors.h"
#include "pipeline/report/locale_format.h"
#include "pipeline/report/templates.h"
#include "pipeline/text/encoding.h"

namespace sitrep {
namespace {

constexpr std::array<const char*, 4> kPlaceholders = {"number", "date", "time", "reason"};

/// Rejects `{name}` placeholders that would stay unfilled, so that a typo fails at start-up
/// and never reaches a recipient.
void check_placeholders(const std::string& file, const std::string& key, const std::string& text) {
    size_t pos = 0;
    while ((pos = text.find('{', pos)) != std::string::npos) {
        const size_t close = text.find('}', pos);
        if (close == std::string::npos) break;
        const std::string name = text.substr(pos + 1, close - pos - 1);
        if (std::find(kPlaceholders.begin(), kPlaceholders.end(), name) == kPlaceholders.end())
            throw ConfigError(file + ": key '" + key + "': unknown placeholder {" + name +
                              "} (known: {number}, {date}, {time}, {reason})");
        pos = close + 1;
    }
}

std::string read_key(const Poco::Util::PropertyFileConfiguration& cfg, const std::string& file,
                     const std::string& key) {
    if (!cfg.hasProperty(key)) throw ConfigError(file + ": missing key '" + key + "'");
    std::string value = cfg.getRawString(key);
    if (value.empty()) throw ConfigError(file + ": key '" + key + "' is empty");
    if (!is_valid_utf8(value)) throw ConfigError(file + ": key '" + key + "': not valid UTF-8");
    check_placeholders(file, key, value);
    return value;
}

/// A `\n` in a subject would end the header and start another one.
void check_one_line(const std::string& file, const std::string& key, const std::string& text) {
    if (text.find_first_of("\r\n") != std::string::npos)
        throw ConfigError(file + ": key '" + key + "': a subject must be one line");
}

/// `07:00` from `2023-02-08T07:00:00+01:00`, in Brussels time; empty when not ISO 8601.
std::string issue_time(const std::string& issued_at, const std::string& lang) {
    const std::string local = format_datetime(issued_at, lang);  // 08/02/2023 07:00
    const size_t space = local.rfind(' ');
    if (local == issued_at || space == std::string::npos) return "";
    return local.substr(space + 1);
}

}  // namespace

std::string MailTexts::file_for(const std::string& templates_dir, const std::string& lang) {
    return templates_dir + "/mail/" + lang + ".properties";
}

MailTexts MailTexts::load(const std::string& templates_dir, const std::string& lang) {
    const std::string file = file_for(templates_dir, lang);
    if (!Poco::File(file).exists())
        throw ConfigError(file + ": no mail texts for language '" + lang + "'");
    Poco::AutoPtr<Poco::Util::PropertyFileConfiguration> cfg;
    try {
        cfg = new Poco::Util::PropertyFileConfiguration(file);
    } catch (const Poco::Exception& e) {
        throw ConfigError(file + ": cannot read: " + e.displayText());
    }
    MailTexts t;
    t.lang_ = lang;
    t.subject_ = read_key(*cfg, file, "subject");
    t.subject_urgent_ = read_key(*cfg, file, "subject_urgent");
    t.body_ = read_key(*cfg, file, "body");
    t.body_urgent_ = read_key(*cfg, file, "body_urgent");
    check_one_line(file, "subject", t.subject_);
    check_one_line(file, "subject_urgent", t.subject_urgent_);
    return t;
}

std::string MailTexts::fill(const std::string& pattern, const ReportFacts& report) const {
    return fill_placeholders(pattern, {{"number", std::to_string(report.number)},
                                       {"date", format_date(report.as_of, lang_)},
                                       {"time", issue_time(report.issued_at, lang_)},
                                       {"reason", report.reason}});
}

std::string MailTexts::subject(const ReportFacts& report) const {
    std::string s = fill(report.kind == "urgent" ? subject_urgent_ : subject_, report);
    // The reason is typed by an operator: a line break in it must not start a new header.
    std::replace_if(
        s.begin(), s.end(), [](char c) { return c == '\r' || c == '\n'; }, ' ');
    return report.classification.empty() ? s : "[" + report.classification + "] " + s;
}

std::string MailTexts::body(const ReportFacts& report) const {
    std::string b = fill(report.kind == "urgent" ? body_urgent_ : body_, report);
    if (b.empty() || b.back() != '\n') b += '\n';
    // TLP 2.0: the label goes right before the information it applies to.
    return report.classification.empty() ? b : report.classification + "\n\n" + b;
}

}  // namespace sitrep
