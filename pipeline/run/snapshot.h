#pragma once

#include <string>
#include <utility>
#include <vector>

namespace sitrep {

/// Copies a folder (the templates) into `STATE/snapshots/NAME-<hash of its content>/` unless
/// that exact content is already there, and returns the path relative to the state folder.
/// Reports record it, so that `render N` uses the words and layout N was issued with.
std::string snapshot_folder(const std::string& folder, const std::string& state,
                            const std::string& name);

/// The same for files given as (relative path, text), e.g. the catalogue in use, whose folder
/// may have changed since it was read: `STATE/snapshots/NAME-<hash>/`.
std::string snapshot_texts(std::vector<std::pair<std::string, std::string>> files,
                           const std::string& state, const std::string& name);

/// The same for one file (the reconciliation rules): `STATE/snapshots/NAME-<hash>.ext`.
std::string snapshot_file(const std::string& file, const std::string& state,
                          const std::string& name);

}  // namespace sitrep
