#include "pipeline/run/inbox_housekeeping.h"

#include <Poco/File.h>
#include <Poco/Path.h>
#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <optional>
#include <set>

#include "pipeline/foundation/atomic_file.h"
#include "pipeline/foundation/errors.h"
#include "pipeline/ingest/kept_bytes.h"

namespace sitrep {
namespace {

// `name~2.ext`, the name of a second file of one name in one day's archive: not `name (1)`,
// which reads as a browser's copy, nor `name_v2`, which reads as a partner's revision.
std::string numbered_name(const std::string& name, int n) {
    if (n == 1) return name;
    const size_t dot = name.rfind('.');
    if (dot == std::string::npos || dot == 0) return name + "~" + std::to_string(n);
    return name.substr(0, dot) + "~" + std::to_string(n) + name.substr(dot);
}

std::string errno_text(int err) { return std::strerror(err); }

// Moves `from` to `to` unless `to` exists; false when it does. A rename on one file system, so
// that a crash leaves the file in one place or the other; across file systems a durable copy
// first, then the removal, so that a crash leaves it in both at worst, never in neither.
bool move_unless_taken(const std::string& from, const std::string& to) {
    if (::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_NOREPLACE) == 0)
        return true;
    int err = errno;
    if (err == EEXIST) return false;
    if (err == EINVAL || err == ENOSYS) {
        // A file system without RENAME_NOREPLACE: a hard link cannot replace a file either.
        if (::link(from.c_str(), to.c_str()) == 0) {
            if (::unlink(from.c_str()) != 0)
                throw OutputError("archived " + from + " as " + to +
                                  " but cannot remove it from the inbox: " + errno_text(errno));
            return true;
        }
        err = errno;
        if (err == EEXIST) return false;
    }
    if (err != EXDEV)
        throw OutputError("cannot move " + from + " to " + to + ": " + errno_text(err));
    // Another file system: nothing else writes into the archive while the state is locked,
    // so a name free now is free when the copy lands.
    if (Poco::File(to).exists()) return false;
    copy_file_atomically(from, to);
    if (::unlink(from.c_str()) != 0)
        throw OutputError("copied " + from + " to " + to +
                          " but cannot remove it from the inbox: " + errno_text(errno));
    return true;
}

// Moves `from` into `dir` under `name`, or the first `name~N` that is free; returns the path.
std::string archive_file(const std::string& from, const std::string& dir, const std::string& name) {
    for (int n = 1; n < 100000; ++n) {
        const std::string to = Poco::Path(dir, numbered_name(name, n)).toString();
        if (move_unless_taken(from, to)) return to;
    }
    throw OutputError("cannot archive " + from + ": every name like " + name + " is taken in " +
                      dir);
}

// Why the file of `o` must stay in the inbox, or nothing when it may go.
std::optional<std::string> reason_to_stay(const Store& store, const IngestPaths& kept,
                                          const IngestOutcome& o, const std::string& key) {
    struct stat st {};
    if (::stat(o.path.c_str(), &st) != 0) return "it is gone: " + errno_text(errno);
    // What ingest remembered after reading it: the same size and time are the same bytes.
    const auto entry = store.inbox_entry(key);
    const int64_t mtime_ns = int64_t{st.st_mtim.tv_sec} * 1'000'000'000 + st.st_mtim.tv_nsec;
    if (!entry || entry->sha256 != o.sha256 || entry->size != static_cast<uint64_t>(st.st_size) ||
        entry->mtime_ns != mtime_ns)
        return std::string("it changed during the run; the next run reads it");
    const auto submission = store.find(o.sha256);
    if (!submission) return "its bytes " + o.sha256 + " are not in the store";
    const std::string copy = kept_bytes_path(kept, *submission);
    struct stat kept_st {};
    if (::stat(copy.c_str(), &kept_st) != 0 || kept_st.st_size != st.st_size)
        return "its bytes are not kept in the state (" + copy + " is missing or differs)";
    return std::nullopt;
}

}  // namespace

HousekeepingResult tidy_inbox(const Config& config, Store& store,
                              const std::vector<IngestOutcome>& outcomes,
                              const HousekeepingRun& run) {
    HousekeepingResult result;
    if (config.after_run == AfterRun::keep) return result;
    const bool archiving = config.after_run == AfterRun::archive;
    const char* verb = archiving ? "archive" : "remove";
    const std::string day_dir =
        archiving ? Poco::Path(config.archive).append(run.local_day.iso()).toString() : "";
    const IngestPaths kept{config.state, config.quarantine(), {}};
    std::set<std::string> changed_dirs;
    for (const auto& o : outcomes) {
        // Unreadable: it was neither identified nor kept, so it waits for the next run.
        if (o.sha256.empty()) continue;
        try {
            const std::string key = Poco::Path(o.path).absolute().toString();
            if (const auto why = reason_to_stay(store, kept, o, key)) {
                spdlog::warn("inbox: {} stays in the inbox: {}", o.path, *why);
                ++result.left;
                continue;
            }
            InboxMove move{o.file, o.sha256, key, "", run.issued_at, run.report};
            if (archiving) {
                Poco::File(day_dir).createDirectories();
                move.to = Poco::Path(archive_file(o.path, day_dir, o.file)).absolute().toString();
                changed_dirs.insert(day_dir);
            } else if (::unlink(o.path.c_str()) != 0) {
                throw OutputError("cannot remove it: " + errno_text(errno));
            }
            changed_dirs.insert(Poco::Path(key).parent().toString());
            // After the move: a crash in between leaves the record out, never the bytes.
            store.record_inbox_move(move);
            ++result.moved;
        } catch (const std::exception& e) {
            spdlog::error("inbox: cannot {} {}: {}; it stays in the inbox", verb, o.path,
                          e.what());
            ++result.left;
        }
    }
    for (const auto& dir : changed_dirs) {
        try {
            sync_directory(dir);
        } catch (const std::exception& e) {
            spdlog::warn("inbox: {}", e.what());
        }
    }
    if (result.moved > 0) {
        if (archiving)
            spdlog::info("inbox: archived {} files read by report {} into {}", result.moved,
                         run.report, day_dir);
        else
            spdlog::info("inbox: removed {} files read by report {}; their bytes are kept in {}",
                         result.moved, run.report, config.state);
    }
    return result;
}

}  // namespace sitrep
