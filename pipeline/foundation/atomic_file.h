#pragma once

#include <string>
#include <string_view>

namespace sitrep {

/// Writes `bytes` to `path` so that readers see the old file or the whole new one, never a
/// part: a temporary file in the same folder, fsync, rename, fsync of the folder.
void write_file_atomically(const std::string& path, std::string_view bytes);

/// Copies `from` to `to` with the same guarantee.
void copy_file_atomically(const std::string& from, const std::string& to);

/// Copies `from` to `to` through a temporary file and a rename, without waiting for the disk:
/// for many files made durable together by one `sync_filesystem` afterwards.
void copy_file_unsynced(const std::string& from, const std::string& to);

/// Makes everything written so far on the file system holding `path` durable (syncfs).
void sync_filesystem(const std::string& path);

/// Moves a finished temporary file into place (fsync, rename, fsync of the folder).
void commit_file(const std::string& temporary, const std::string& path);

/// A temporary path beside `path`, for libraries that insist on writing to a file name.
std::string temporary_path_for(const std::string& path);

}  // namespace sitrep
