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

/// One `key = value` line of an INI file, with its section.
struct IniEntry {
    std::string section;
    std::string key;
    IniValue value;
};

/// How an INI file is read where its readers differ.
struct IniOptions {
    /// What the file is, for the error when it cannot be read.
    std::string what = "the configuration file";
    /// Whether a key may be given twice in a section. A reader that allows it judges the
    /// repeats itself, through `entries()`, with its own words.
    bool repeated_keys = false;
};

/// An INI file read by sitrep's configuration, rules and templates, which every line number
/// survives:
/// - `[section]` opens a section; a section may appear twice, its keys add up;
/// - `key = value`; a key given twice in a section is an error (unless the options allow it);
///   keys and sections are case-sensitive and may hold dots (`tp.register.persons`);
/// - a line starting with `;` or `#` is a comment, and so is the rest of a line from a `;` or
///   `#` that starts the value or follows a space or tab (`abc;def` and `a#b` keep theirs);
/// - a value in double quotes is taken as written, `;` and `#` included, without the quotes.
/// Errors throw ConfigError as `FILE:LINE: what`.
class IniFile {
public:
    /// Reads the file at `path`.
    static IniFile read(const std::string& path, const IniOptions& options = {});
    /// Parses `text`, naming `path` in errors.
    static IniFile parse(std::string_view text, const std::string& path,
                         const IniOptions& options = {});

    /// The value of `key` in `section`, or null (the first one where a key is repeated).
    const IniValue* find(const std::string& section, const std::string& key) const;
    /// The keys of `section`, in file order.
    std::vector<std::string> keys(const std::string& section) const;
    /// Every section, with the line of its first header.
    const std::map<std::string, int>& sections() const { return sections_; }
    /// Every `key = value` of the file, in file order.
    std::vector<IniEntry> entries() const;
    /// The path errors name.
    const std::string& path() const { return path_; }

private:
    std::string path_;
    std::map<std::string, int> sections_;
    std::map<std::string, std::vector<std::pair<std::string, IniValue>>> values_;
};

}  // namespace sitrep
