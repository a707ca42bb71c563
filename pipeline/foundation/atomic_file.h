#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "pipeline/foundation/hidden_entries.h"

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

/// Makes the entries of folder `dir` (files created, renamed or removed in it) durable.
void sync_directory(const std::string& dir);

/// Moves a finished temporary file into place (fsync, rename, fsync of the folder).
void commit_file(const std::string& temporary, const std::string& path);

/// Writes `bytes` to a new file at `path` (a temporary one, see temporary_path_for) without
/// waiting for the disk; removed again if the write fails.
void write_new_file(const std::string& path, std::string_view bytes);

/// Waits until the bytes of the file at `path` are on the disk (fsync).
void sync_file(const std::string& path);

/// Renames a finished temporary file into place, without a sync: for files that were synced
/// themselves and whose folder is synced once after them all.
void rename_into_place(const std::string& temporary, const std::string& path);

/// Whether the file system holding `dir` has (next to) no space left for an ordinary user: a
/// write that failed there failed for that reason, whatever the library that wrote it said.
bool disk_is_full(const std::string& dir);

/// `no space left on the device holding DIR`: how every full-disk error begins, whichever
/// library hit it, so that an operator can search the log for one phrase.
std::string no_space_left(const std::string& dir);

/// A temporary path beside `path`, for libraries that insist on writing to a file name:
/// `.NAME.N.tmp-PID`, so that whoever finds it after a crash can tell whether its writer lives;
/// N differs at each call, so that threads writing the same file do not share one.
std::string temporary_path_for(const std::string& path);

/// Removes from folder `dir` every temporary file (`.NAME.tmp-PID`) whose writer is no longer
/// running: what a crash left half-written. Returns the names removed. A folder that is not
/// there has none; one that cannot be read is an OutputError.
std::vector<std::string> remove_dead_temporaries(const std::string& dir);

/// The same among `entries`, the hidden entries of `dir` already listed: an outbox holds every
/// report ever issued, and listing it twice a run cost a run 1.5 ms more at year end.
std::vector<std::string> remove_dead_temporaries(const std::string& dir,
                                                 const std::vector<HiddenEntry>& entries);

}  // namespace sitrep
