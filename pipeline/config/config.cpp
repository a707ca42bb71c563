#include "pipeline/config/config.h"

#include <Poco/File.h>
#include <Poco/Path.h>

#include <charconv>
#include <fstream>
#include <set>
#include <sstream>

#include "pipeline/foundation/errors.h"
#include "pipeline/foundation/ini_file.h"
#include "pipeline/foundation/strings.h"

namespace sitrep {
namespace {

// Reads values by their full key, `report.first_number` or `partner.dvz.token`: the section is
// everything before the last dot.
class Reader {
public:
    explicit Reader(IniFile ini)
        : ini_(std::move(ini)), dir_(Poco::Path(ini_.path()).makeAbsolute().parent()) {}

    [[noreturn]] void fail(const std::string& key, const std::string& why) const {
        const size_t dot = key.rfind('.');
        const IniValue* v = value(key);
        throw ConfigError(ini_.path() + (v ? ":" + std::to_string(v->line) : "") + ": [" +
                          key.substr(0, dot) + "] " + key.substr(dot + 1) + ": " + why);
    }

    // Every section must be one this version reads: a misspelt one would otherwise be ignored.
    void only_known_sections() const {
        for (const auto& [name, line] : ini_.sections()) {
            const size_t dot = name.find('.');
            const std::string kind = name.substr(0, dot);
            const bool named = dot != std::string::npos && dot + 1 < name.size();
            const bool known = (dot == std::string::npos &&
                                (kind == "paths" || kind == "inbox" || kind == "report" ||
                                 kind == "http" || kind == "smtp" || kind == "store")) ||
                               (named && (kind == "partner" || kind == "recipient"));
            if (!known)
                throw ConfigError(ini_.path() + ":" + std::to_string(line) + ": [" + name +
                                  "]: unknown section");
        }
    }

    bool has(const std::string& key) const { return value(key) != nullptr; }

    std::string text(const std::string& key, const std::string& fallback) const {
        return has(key) ? value(key)->text : fallback;
    }

    // Relative paths in the file are relative to the file, so a config works from any folder.
    std::string path(const std::string& key, const std::string& fallback) const {
        if (!has(key)) return fallback;
        const std::string value = text(key, "");
        if (value.empty()) fail(key, "is empty");
        Poco::Path p(value);
        return p.isAbsolute() ? value : Poco::Path(dir_, p).toString();
    }

    int integer(const std::string& key, int fallback, int min, int max) const {
        if (!has(key)) return fallback;
        const std::string value = text(key, "");
        try {
            size_t used = 0;
            const int v = std::stoi(value, &used);
            if (used != value.size()) throw std::invalid_argument(value);
            if (v < min || v > max)
                fail(key, "must be between " + std::to_string(min) + " and " +
                              std::to_string(max) + ", not " + value);
            return v;
        } catch (const std::logic_error&) {
            fail(key, "'" + value + "' is not a whole number");
        }
    }

    bool boolean(const std::string& key, bool fallback) const {
        if (!has(key)) return fallback;
        const std::string v = text(key, "");
        if (v == "true" || v == "yes" || v == "1" || v == "on") return true;
        if (v == "false" || v == "no" || v == "0" || v == "off") return false;
        fail(key, "'" + v + "' is not true or false");
    }

    // A secret from `key` itself or from the file named by `key_file`.
    std::string secret(const std::string& key) const {
        if (has(key + "_file")) {
            const std::string file = path(key + "_file", "");
            std::ifstream in(file);
            if (!in) fail(key + "_file", "cannot read " + file);
            std::stringstream ss;
            ss << in.rdbuf();
            const std::string value(trim(ss.str()));
            if (value.empty()) fail(key + "_file", file + " is empty");
            return value;
        }
        return text(key, "");
    }

    // The names of the `[partner.NAME]` sections for `kind` "partner".
    std::vector<std::string> sections(const std::string& kind) const {
        std::vector<std::string> names;
        for (const auto& [name, line] : ini_.sections())
            if (name.rfind(kind + ".", 0) == 0) names.push_back(name.substr(kind.size() + 1));
        return names;
    }

    void only_known(const std::string& section, const std::set<std::string>& known) const {
        for (const auto& k : ini_.keys(section))
            if (!known.count(k)) fail(section + "." + k, "unknown key");
    }

private:
    const IniValue* value(const std::string& key) const {
        const size_t dot = key.rfind('.');
        return ini_.find(key.substr(0, dot), key.substr(dot + 1));
    }

    IniFile ini_;
    Poco::Path dir_;
};

}  // namespace

std::optional<std::pair<int, int>> parse_hh_mm(const std::string& text) {
    if (text.size() != 5 || text[2] != ':') return std::nullopt;
    for (size_t i : {0u, 1u, 3u, 4u})
        if (!std::isdigit(static_cast<unsigned char>(text[i]))) return std::nullopt;
    const int h = std::stoi(text.substr(0, 2)), m = std::stoi(text.substr(3));
    if (h > 23 || m > 59) return std::nullopt;
    return std::make_pair(h, m);
}

std::string Config::quarantine() const { return Poco::Path(state).append("quarantine").toString(); }

Config default_config() {
    Config c;
    c.templates = std::string(SITREP_SOURCE_DIR) + "/templates";
    c.rules = std::string(SITREP_SOURCE_DIR) + "/rules/reconcile.ini";
    c.catalogue = std::string(SITREP_SOURCE_DIR) + "/catalogue";
    return c;
}

Config load_config(const std::string& path) {
    if (!Poco::File(path).exists()) throw ConfigError(path + ": configuration file not found");
    Reader r(IniFile::read(path));
    r.only_known_sections();
    Config c = default_config();
    r.only_known("paths", {"inbox", "outbox", "state", "archive", "templates", "rules", "catalogue"});
    c.inbox = r.path("paths.inbox", c.inbox);
    c.outbox = r.path("paths.outbox", c.outbox);
    c.state = r.path("paths.state", c.state);
    c.archive = r.path("paths.archive", c.archive);
    c.templates = r.path("paths.templates", c.templates);
    c.rules = r.path("paths.rules", c.rules);
    c.catalogue = r.path("paths.catalogue", c.catalogue);
    r.only_known("store", {"url", "password", "password_file"});
    c.store_url = r.text("store.url", "");
    c.store_password = r.secret("store.password");
    if (!c.store_url.empty() && c.store_url.rfind("postgresql://", 0) != 0 &&
        c.store_url.rfind("postgres://", 0) != 0)
        r.fail("store.url", "is not a postgresql:// URL (leave it out for the SQLite file)");

    r.only_known("inbox", {"after_run"});
    const std::string after_run = r.text("inbox.after_run", "keep");
    if (after_run == "keep") c.after_run = AfterRun::keep;
    else if (after_run == "archive") c.after_run = AfterRun::archive;
    else if (after_run == "remove") c.after_run = AfterRun::remove;
    else r.fail("inbox.after_run", "'" + after_run + "' is not keep, archive or remove");
    // No default folder: files moved somewhere nobody chose would look lost.
    if (c.after_run == AfterRun::archive && c.archive.empty())
        r.fail("inbox.after_run", "archive needs [paths] archive = FOLDER");
    // The inbox's sub-folders are its partners' channels: an archive there would be read again.
    if (!c.archive.empty()) {
        const std::string inbox = Poco::Path(c.inbox).absolute().makeDirectory().toString();
        const std::string archive = Poco::Path(c.archive).absolute().makeDirectory().toString();
        if (archive.rfind(inbox, 0) == 0)
            r.fail("paths.archive", "is inside the inbox " + c.inbox +
                                        ", whose folders are partners' channels");
    }

    r.only_known("report", {"first_number", "languages", "daily_at", "timezone",
                            "classification", "catch_up"});
    c.first_number = r.integer("report.first_number", c.first_number, 1, 999999);
    if (r.has("report.languages")) {
        c.languages = split_list(r.text("report.languages", ""));
        if (c.languages.empty()) r.fail("report.languages", "names no language");
    }
    c.daily_at = r.text("report.daily_at", c.daily_at);
    if (!parse_hh_mm(c.daily_at))
        r.fail("report.daily_at", "'" + c.daily_at + "' is not a time hh:mm");
    c.timezone = r.text("report.timezone", c.timezone);
    c.catch_up = r.boolean("report.catch_up", c.catch_up);
    c.classification = r.text("report.classification", "");
    static const std::set<std::string> kTlp = {"TLP:CLEAR", "TLP:GREEN", "TLP:AMBER",
                                               "TLP:AMBER+STRICT", "TLP:RED"};
    if (!c.classification.empty() && !kTlp.count(c.classification))
        r.fail("report.classification",
               "'" + c.classification +
                   "' is not a TLP 2.0 marking (TLP:CLEAR, TLP:GREEN, TLP:AMBER, "
                   "TLP:AMBER+STRICT, TLP:RED)");

    r.only_known("http", {"bind", "port", "operator_token", "operator_token_file",
                          "max_upload_mb", "metrics_public"});
    c.http_bind = r.text("http.bind", c.http_bind);
    c.http_port = r.integer("http.port", c.http_port, 0, 65535);
    c.operator_token = r.secret("http.operator_token");
    c.max_upload_mb = r.integer("http.max_upload_mb", c.max_upload_mb, 1, 4096);
    c.metrics_public = r.boolean("http.metrics_public", c.metrics_public);

    r.only_known("smtp", {"host", "port", "from", "from_name", "helo", "starttls", "user", "password",
                          "password_file"});
    c.smtp_host = r.text("smtp.host", "");
    c.smtp_port = r.integer("smtp.port", c.smtp_port, 1, 65535);
    c.smtp_from = r.text("smtp.from", "");
    c.smtp_from_name = r.text("smtp.from_name", c.smtp_from_name);
    c.smtp_helo = r.text("smtp.helo", "");
    if (c.smtp_helo.find_first_of(" \t\r\n") != std::string::npos)
        r.fail("smtp.helo", "'" + c.smtp_helo + "' is not a host name");
    c.smtp_starttls = r.boolean("smtp.starttls", false);
    c.smtp_user = r.text("smtp.user", "");
    c.smtp_password = r.secret("smtp.password");
    if (!c.smtp_host.empty() && c.smtp_from.empty()) r.fail("smtp.from", "is required with a host");

    for (const auto& name : r.sections("partner")) {
        const std::string s = "partner." + name;
        r.only_known(s, {"token", "token_file", "pull_url", "pull_token", "pull_token_file",
                         "pull_every", "expect", "late_after_days"});
        PartnerConfig p;
        p.name = name;
        p.token = r.secret(s + ".token");
        p.pull_url = r.text(s + ".pull_url", "");
        p.pull_token = r.secret(s + ".pull_token");
        const std::string every = r.text(s + ".pull_every", "");
        if (!every.empty()) {
            // Whole digits and one unit, nothing else: `1.5h` or `30 m` are mistakes to name,
            // not durations to guess; at most 30 days.
            const char unit = every.back();
            const std::string digits = every.substr(0, every.size() - 1);
            const long long scale = unit == 's'   ? 1
                                    : unit == 'm' ? 60
                                    : unit == 'h' ? 3600
                                    : unit == 'd' ? 86400
                                                  : 0;
            long long n = 0;
            const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
            if (scale == 0 || digits.empty() || ec != std::errc() ||
                end != digits.data() + digits.size() || n <= 0 || n * scale > 30LL * 86400)
                r.fail(s + ".pull_every",
                       "'" + every + "' is not a duration like 30m or 1h (whole s, m, h or d, "
                       "at most 30d)");
            p.pull_every_seconds = static_cast<int>(n * scale);
        }
        const std::string expect = r.text(s + ".expect", "");
        if (expect == "daily") p.expect_every_days = 1;
        else if (expect == "weekly") p.expect_every_days = 7;
        else if (expect == "monthly") p.expect_every_days = 31;
        else if (!expect.empty())
            r.fail(s + ".expect", "'" + expect + "' is not daily, weekly or monthly");
        p.late_after_days = r.integer(s + ".late_after_days", 0, 0, 3650);
        c.partners[name] = p;
    }
    for (const auto& name : r.sections("recipient")) {
        const std::string s = "recipient." + name;
        r.only_known(s, {"email", "lang", "partner", "attach"});
        RecipientConfig rc;
        rc.name = name;
        rc.email = r.text(s + ".email", "");
        if (rc.email.find('@') == std::string::npos) r.fail(s + ".email", "is not an e-mail address");
        rc.lang = r.text(s + ".lang", "nl");
        rc.partner = r.text(s + ".partner", "");
        const auto attach = split_list(r.text(s + ".attach", "pdf"));
        rc.attach_pdf = rc.attach_annex = false;
        for (const auto& a : attach) {
            if (a == "pdf") rc.attach_pdf = true;
            else if (a == "annex") rc.attach_annex = true;
            else r.fail(s + ".attach", "'" + a + "' is not pdf or annex");
        }
        c.recipients.push_back(rc);
    }
    return c;
}

}  // namespace sitrep
