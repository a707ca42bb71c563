#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace sitrep {

/// A value of an INI file and the line it was given on.
struct IniValue {
    std::string text;
    int line = 0;
};

/// An INI file read by sitrep's rules, which every line number survives:
/// - `[section]` opens a section; a section may appear twice, its keys add up;
/// - `key = value`; a key given twice in a section is an error;
/// - a line starting with `;` or `#` is a comment, and so is the rest of a line from a `;` or
///   `#` that starts the value or follows a space or tab (`abc;def` and `a#b` keep theirs);
/// - a value in double quotes is taken as written, `;` and `#` included, without the quotes.
/// Errors throw ConfigError as `FILE:LINE: what`.
class IniFile {
public:
    /// Reads the file at `path`.
    static IniFile read(const std::string& path);
    /// Parses `text`, naming `path` in errors.
    static IniFile parse(std::string_view text, const std::string& path);

    /// The value of `key` in `section`, or null.
    const IniValue* find(const std::string& section, const std::string& key) const;
    /// The keys of `section`, in file order.
    std::vector<std::string> keys(const std::string& section) const;
    /// Every section, with the line of its first header.
    const std::map<std::string, int>& sections() const { return sections_; }
    /// The path errors name.
    const std::string& path() const { return path_; }

private:
    std::string path_;
    std::map<std::string, int> sections_;
    std::map<std::string, std::vector<std::pair<std::string, IniValue>>> values_;
};

}  // namespace sitrep
