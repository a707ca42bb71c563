#include "pipeline/catalogue/catalogue.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "pipeline/foundation/ini_file.h"
#include "pipeline/foundation/errors.h"
#include "pipeline/foundation/strings.h"

namespace sitrep {
namespace {

namespace fs = std::filesystem;

std::string read_text(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    if (!in) throw ConfigError(p.string() + ": cannot read the catalogue file");
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

[[noreturn]] void fail(const std::string& path, int line, const std::string& why) {
    throw ConfigError(path + ":" + std::to_string(line) + ": " + why);
}

bool valid_code(std::string_view code) {
    if (code.empty() || code.front() == '.' || code.back() == '.') return false;
    return std::all_of(code.begin(), code.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_';
    });
}

// The sections of `ini` as (line, name), in the order the file gives them.
std::vector<std::pair<int, std::string>> sections_in_order(const IniFile& ini) {
    std::vector<std::pair<int, std::string>> ordered;
    for (const auto& [section, line] : ini.sections()) ordered.emplace_back(line, section);
    std::sort(ordered.begin(), ordered.end());
    return ordered;
}

// Whether an authority rule (`tp.register.persons`, or a prefix `tp.*`) covers `code`.
bool covers(const std::string& rule, std::string_view code) {
    const bool prefix = rule.size() > 2 && rule.compare(rule.size() - 2, 2, ".*") == 0;
    return prefix ? code.rfind(rule.substr(0, rule.size() - 1), 0) == 0 : code == rule;
}

// The feed definition files of a catalogue folder, in name order.
std::vector<fs::path> feed_files(const fs::path& root) {
    std::vector<fs::path> files;
    if (fs::is_directory(root / "feeds"))
        for (const auto& e : fs::directory_iterator(root / "feeds"))
            if (e.is_regular_file() && e.path().extension() == ".ini") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    return files;
}

std::vector<Indicator> parse_indicators(const IniFile& ini) {
    std::vector<Indicator> out;
    for (const auto& [line, code] : sections_in_order(ini)) {
        if (!valid_code(code))
            fail(ini.path(), line, "'" + code + "' is not an indicator code (lower case, digits, '_' and '.')");
        Indicator ind;
        ind.code = code;
        ind.where = ini.path() + ":" + std::to_string(line);
        for (const auto& key : ini.keys(code)) {
            const IniValue& v = *ini.find(code, key);
            const auto bad = [&](const std::string& allowed) {
                fail(ini.path(), v.line, "[" + code + "] " + key + " is " + allowed + ", not '" + v.text + "'");
            };
            if (key == "kind") {
                if (v.text == "flow") ind.kind = Kind::kFlow;
                else if (v.text == "stock") ind.kind = Kind::kStock;
                else bad("flow or stock");
            } else if (key == "unit") {
                if (v.text == "count") ind.unit = Unit::kCount;
                else if (v.text == "share") ind.unit = Unit::kShare;
                else bad("count or share");
            } else if (key == "cumulative") {
                if (v.text != "yes" && v.text != "no") bad("yes or no");
                ind.cumulative = v.text == "yes";
            } else if (key == "breakdowns") {
                ind.breakdowns = split_list(v.text);
            } else if (key.rfind("label.", 0) == 0 && key.size() > 6) {
                ind.labels[key.substr(6)] = v.text;
            } else {
                fail(ini.path(), v.line, "[" + code + "] has no key '" + key +
                                             "' (known: kind, unit, cumulative, breakdowns, label.LANG)");
            }
        }
        if (!ini.find(code, "kind")) fail(ini.path(), line, "[" + code + "] needs 'kind = flow' or 'kind = stock'");
        out.push_back(std::move(ind));
    }
    return out;
}

std::vector<PartnerEntry> parse_partners(const IniFile& ini, const std::vector<Indicator>& indicators) {
    std::vector<PartnerEntry> out;
    for (const auto& [line, code] : sections_in_order(ini)) {
        if (!valid_code(code) || code.find('.') != std::string::npos)
            fail(ini.path(), line, "'" + code + "' is not a partner code (lower case, digits and '_')");
        PartnerEntry p;
        p.code = code;
        p.where = ini.path() + ":" + std::to_string(line);
        for (const auto& key : ini.keys(code)) {
            const IniValue& v = *ini.find(code, key);
            if (key == "indicators") {
                p.indicators = split_list(v.text);
                p.where = ini.path() + ":" + std::to_string(v.line);
                for (const auto& i : p.indicators) {
                    const bool known = std::any_of(indicators.begin(), indicators.end(),
                                                   [&](const Indicator& x) { return covers(i, x.code); });
                    if (!known) fail(ini.path(), v.line, "[" + code + "] indicators: no indicator '" + i + "' in the catalogue");
                }
            } else if (key == "feeds") {
                p.feeds = split_list(v.text);
            } else if (key.rfind("cadence.", 0) == 0 && key.size() > 8) {
                const auto parts = split_list(v.text);
                int every = 0, late = 0;
                const auto whole = [](const std::string& t, int& out) {
                    const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), out);
                    return ec == std::errc() && end == t.data() + t.size() && out >= 0;
                };
                if (parts.size() != 2 || !whole(parts[0], every) || !whole(parts[1], late) || every < 1)
                    fail(ini.path(), v.line, "[" + code + "] " + key + " is 'every, late after' in whole days, "
                                             "every at least 1, like '31, 45', not '" + v.text + "'");
                p.cadences.push_back({code + "." + key.substr(8), every, late,
                                      ini.path() + ":" + std::to_string(v.line)});
            } else if (key.rfind("name.", 0) == 0 && key.size() > 5) {
                p.names[key.substr(5)] = v.text;
            } else {
                fail(ini.path(), v.line, "[" + code + "] has no key '" + key + "' (known: name.LANG, indicators, feeds, cadence.FEED)");
            }
        }
        if (!ini.find(code, "indicators"))
            fail(ini.path(), line, "[" + code + "] needs 'indicators = …' (what it may report; empty for none)");
        out.push_back(std::move(p));
    }
    return out;
}

std::vector<HxlRule> parse_hxl(const IniFile& ini) {
    std::vector<HxlRule> out;
    // Written without the `#`, which starts a comment in these files.
    const auto pattern = [&](const std::string& p, int line) {
        if (p.empty() || !std::isalpha(static_cast<unsigned char>(p.front())))
            fail(ini.path(), line, "'" + p + "' is not an HXL tag pattern written without its # (affected+num)");
        return "#" + p;
    };
    for (const auto& [line, section] : sections_in_order(ini)) {
        if (section == "roles") {
            for (const auto& key : ini.keys(section)) {
                const IniValue& v = *ini.find(section, key);
                static const std::vector<std::string> kRoles = {"date", "area", "indicator", "value", "org"};
                if (std::find(kRoles.begin(), kRoles.end(), key) == kRoles.end())
                    fail(ini.path(), v.line, "[roles] has no role '" + key + "' (known: date, area, indicator, value, org)");
                for (const auto& p : split_list(v.text)) out.push_back({pattern(p, v.line), key, "", {}});
            }
        } else if (section.rfind("breakdown.", 0) == 0 && section.size() > 10) {
            const IniValue* tags = ini.find(section, "tags");
            if (!tags) fail(ini.path(), line, "[" + section + "] needs 'tags = hashtag+attribute' (without the #)");
            for (const auto& key : ini.keys(section))
                if (key != "tags" && key != "values")
                    fail(ini.path(), ini.find(section, key)->line, "[" + section + "] has no key '" + key + "' (known: tags, values)");
            const IniValue* values = ini.find(section, "values");
            for (const auto& p : split_list(tags->text))
                out.push_back({pattern(p, tags->line), "breakdown", section.substr(10),
                               values ? split_list(values->text) : std::vector<std::string>{}});
        } else {
            fail(ini.path(), line, "unknown section [" + section + "] (known: [roles], [breakdown.NAME])");
        }
    }
    for (const char* role : {"date", "area", "indicator", "value"})
        if (std::none_of(out.begin(), out.end(), [&](const HxlRule& r) { return r.role == role; }))
            fail(ini.path(), 1, std::string("[roles] needs '") + role + " = hashtag…' (without the #)");
    return out;
}

}  // namespace

Catalogue Catalogue::parse(std::string_view indicators_ini, const std::string& indicators_path,
                           std::string_view partners_ini, const std::string& partners_path,
                           const std::vector<std::pair<std::string, std::string>>& feed_files,
                           std::string_view hxl_ini, const std::string& hxl_path) {
    Catalogue c;
    if (!hxl_path.empty()) c.hxl_rules_ = parse_hxl(IniFile::parse(hxl_ini, hxl_path));
    c.partners_path_ = partners_path;
    c.indicators_ = parse_indicators(IniFile::parse(indicators_ini, indicators_path));
    c.partners_ = parse_partners(IniFile::parse(partners_ini, partners_path), c.indicators_);
    std::map<std::string, std::string> names;  // feed name -> file that defines it
    for (const auto& [path, text] : feed_files) {
        const IniFile ini = IniFile::parse(text, path);
        FeedDefinition d = parse_feed_definition(ini, c.indicators_);
        const int feed_line = ini.find("feed", "partner")->line;
        if (!c.partner(d.partner))
            fail(path, feed_line, "partner '" + d.partner + "' is not in " + partners_path);
        for (const auto& v : d.values) {
            const AuthorityVerdict verdict = c.may_report(d.partner, v.indicator);
            if (!verdict.allowed) fail(path, v.column.line, "partner '" + d.partner + "' may not report '" + v.indicator + "' (" + verdict.rule + ")");
        }
        if (auto [it, fresh] = names.emplace(d.name, path); !fresh)
            fail(path, ini.find("feed", "name")->line, "feed '" + d.name + "' is also defined in " + it->second);
        c.feeds_.push_back(std::move(d));
    }
    return c;
}

Catalogue Catalogue::load(const std::string& folder) {
    const fs::path root(folder);
    if (!fs::is_directory(root)) throw ConfigError(folder + ": the catalogue folder does not exist");
    std::vector<std::pair<std::string, std::string>> feeds, sources;
    for (const auto& f : feed_files(root)) {
        feeds.emplace_back(f.string(), read_text(f));
        sources.emplace_back("feeds/" + f.filename().string(), feeds.back().second);
    }
    const fs::path ind = root / "indicators.ini", par = root / "partners.ini", hxl = root / "hxl.ini";
    const bool has_hxl = fs::is_regular_file(hxl);
    const std::string indicators = read_text(ind), partners = read_text(par);
    const std::string hxl_text = has_hxl ? read_text(hxl) : "";
    Catalogue c = parse(indicators, ind.string(), partners, par.string(), feeds, hxl_text,
                        has_hxl ? hxl.string() : "");
    c.folder_ = folder;
    sources.emplace_back("indicators.ini", indicators);
    sources.emplace_back("partners.ini", partners);
    if (has_hxl) sources.emplace_back("hxl.ini", hxl_text);
    c.sources_ = std::move(sources);
    return c;
}

std::vector<std::string> Catalogue::check(const std::string& folder) {
    // Each feed file is checked on its own, so that one mistake does not hide the next file's.
    std::vector<std::string> mistakes;
    const fs::path root(folder);
    const fs::path ind = root / "indicators.ini", par = root / "partners.ini", hxl = root / "hxl.ini";
    Catalogue base;
    try {
        const bool has_hxl = fs::is_regular_file(hxl);
        base = parse(read_text(ind), ind.string(), read_text(par), par.string(), {},
                     has_hxl ? read_text(hxl) : "", has_hxl ? hxl.string() : "");
    } catch (const Error& e) {
        return {e.what()};
    }
    std::vector<std::pair<std::string, std::string>> all;
    for (const auto& f : feed_files(root)) {
        try {
            const std::string text = read_text(f);
            parse(read_text(ind), ind.string(), read_text(par), par.string(), {{f.string(), text}});
            all.emplace_back(f.string(), text);
        } catch (const Error& e) {
            mistakes.push_back(e.what());
        }
    }
    if (mistakes.empty()) {
        try {
            parse(read_text(ind), ind.string(), read_text(par), par.string(), all);
        } catch (const Error& e) {
            mistakes.push_back(e.what());
        }
    }
    return mistakes;
}

const Indicator* Catalogue::indicator(std::string_view code) const {
    for (const auto& i : indicators_)
        if (i.code == code) return &i;
    return nullptr;
}

const PartnerEntry* Catalogue::partner(std::string_view code) const {
    for (const auto& p : partners_)
        if (p.code == code) return &p;
    return nullptr;
}

AuthorityVerdict Catalogue::may_report(std::string_view partner, std::string_view indicator) const {
    const PartnerEntry* p = this->partner(partner);
    if (!p) return {false, "'" + std::string(partner) + "' is no partner of " + partners_path_};
    for (const auto& allowed : p->indicators)
        if (covers(allowed, indicator)) return {};
    std::string list;
    for (const auto& i : p->indicators) list += (list.empty() ? "" : ", ") + i;
    return {false, p->where + ": " + p->code + " may report " + (list.empty() ? "no indicator" : list)};
}

}  // namespace sitrep
