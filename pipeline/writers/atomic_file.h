#pragma once

#include <string>
#include <string_view>

namespace sitrep {

/// Writes `bytes` to `path` so that readers see the old file or the whole new one, never a
/// part: a temporary file in the same folder, fsync, rename, fsync of the folder.
void write_file_atomically(const std::string& path, std::string_view bytes);

/// Copies `from` to `to` with the same guarantee.
void copy_file_atomically(const std::string& from, const std::string& to);

/// Moves a finished temporary file into place (fsync, rename, fsync of the folder).
void commit_file(const std::string& temporary, const std::string& path);

/// A temporary path beside `path`, for libraries that insist on writing to a file name.
std::string temporary_path_for(const std::string& path);

}  // namespace sitrep
