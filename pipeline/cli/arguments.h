#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace sitrep {

/// A command line: `sitrep COMMAND [--option value | --flag]... [POSITIONAL]...`.
struct Arguments {
    std::string command;
    std::map<std::string, std::string> options;  ///< `--inbox DIR` -> {"inbox", "DIR"}
    std::set<std::string> flags;                 ///< `--urgent` -> "urgent"
    std::vector<std::string> positional;

    /// The option's value, if given.
    std::optional<std::string> get(const std::string& name) const;
    /// Whether the flag was given.
    bool has(const std::string& name) const { return flags.count(name) > 0; }
};

/// Parses argv; `flag_names` take no value. Throws UsageError for an unknown option.
Arguments parse_arguments(int argc, char** argv, const std::set<std::string>& option_names,
                          const std::set<std::string>& flag_names);

}  // namespace sitrep
