#include "pipeline/foundation/ini_file.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "pipeline/foundation/errors.h"
#include "pipeline/foundation/strings.h"

namespace sitrep {
namespace {

bool blank(char c) { return c == ' ' || c == '\t'; }

bool comment_mark(char c) { return c == ';' || c == '#'; }

// Where a comment starts in `value` (already left-trimmed): at a ';' or '#' that opens the
// value or follows a blank, so that `abc;def` and URLs with `#` stay whole.
size_t comment_start(std::string_view value) {
    for (size_t i = 0; i < value.size(); ++i)
        if (comment_mark(value[i]) && (i == 0 || blank(value[i - 1]))) return i;
    return value.size();
}

// True when nothing but a comment follows.
bool only_comment(std::string_view rest) {
    rest = trim(rest);
    return rest.empty() || comment_mark(rest.front());
}

}  // namespace

IniFile IniFile::read(const std::string& path, const IniOptions& options) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw ConfigError(path + ": cannot read " + options.what);
    std::stringstream ss;
    ss << in.rdbuf();
    return parse(ss.str(), path, options);
}

IniFile IniFile::parse(std::string_view text, const std::string& path, const IniOptions& options) {
    IniFile ini;
    ini.path_ = path;
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // a BOM from Notepad
    std::string section;
    int number = 0;
    const auto fail = [&](const std::string& why) {
        throw ConfigError(path + ":" + std::to_string(number) + ": " + why);
    };
    while (!text.empty()) {
        const size_t end = text.find('\n');
        std::string_view line = text.substr(0, end);
        text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
        ++number;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        line = trim(line);
        if (line.empty() || comment_mark(line.front())) continue;
        if (line.front() == '[') {
            const size_t close = line.find(']');
            if (close == std::string_view::npos || !only_comment(line.substr(close + 1)))
                fail("a section header is '[name]', optionally followed by a comment");
            section = std::string(trim(line.substr(1, close - 1)));
            if (section.empty()) fail("a section header names no section");
            ini.sections_.emplace(section, number);
            continue;
        }
        const size_t eq = line.find('=');
        const std::string key(trim(line.substr(0, eq == std::string_view::npos ? 0 : eq)));
        if (key.empty()) fail("expected 'key = value', a [section] or a comment");
        if (section.empty()) fail(key + ": a key before any [section]");
        const std::string where = "[" + section + "] " + key + ": ";
        std::string_view value = trim(line.substr(eq + 1));
        std::string parsed;
        if (!value.empty() && value.front() == '"') {
            const size_t close = value.find('"', 1);
            if (close == std::string_view::npos) fail(where + "the quoted value has no closing '\"'");
            if (!only_comment(value.substr(close + 1)))
                fail(where + "only a comment may follow the closing '\"'");
            parsed = std::string(value.substr(1, close - 1));
        } else {
            parsed = std::string(trim(value.substr(0, comment_start(value))));
        }
        auto& keys = ini.values_[section];
        if (!options.repeated_keys)
            for (const auto& [k, v] : keys)
                if (k == key)
                    fail(where + "given twice (first on line " + std::to_string(v.line) + ")");
        keys.emplace_back(key, IniValue{std::move(parsed), number});
    }
    return ini;
}

const IniValue* IniFile::find(const std::string& section, const std::string& key) const {
    auto it = values_.find(section);
    if (it == values_.end()) return nullptr;
    for (const auto& [k, v] : it->second)
        if (k == key) return &v;
    return nullptr;
}

std::vector<IniEntry> IniFile::entries() const {
    std::vector<IniEntry> out;
    for (const auto& [section, keys] : values_)
        for (const auto& [k, v] : keys) out.push_back({section, k, v});
    std::stable_sort(out.begin(), out.end(),
                     [](const IniEntry& a, const IniEntry& b) { return a.value.line < b.value.line; });
    return out;
}

std::vector<std::string> IniFile::keys(const std::string& section) const {
    std::vector<std::string> out;
    auto it = values_.find(section);
    if (it != values_.end())
        for (const auto& kv : it->second) out.push_back(kv.first);
    return out;
}

}  // namespace sitrep
