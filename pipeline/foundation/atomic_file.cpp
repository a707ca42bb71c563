#include "pipeline/foundation/atomic_file.h"

#include <atomic>

#include <fcntl.h>
#include <signal.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <vector>

#include "pipeline/foundation/errors.h"
#include "pipeline/foundation/hidden_entries.h"

namespace sitrep {
namespace {

std::string parent_of(const std::string& path) {
    std::string dir = std::filesystem::path(path).parent_path().string();
    return dir.empty() ? "." : dir;
}

[[noreturn]] void fail(const std::string& what, const std::string& path) {
    const int cause = errno;
    const std::string text = what + " " + path + ": " + std::strerror(cause);
    if (cause == ENOSPC || cause == EDQUOT)
        throw OutputError(no_space_left(parent_of(path)) + ": " + text);
    throw OutputError(text);
}

[[noreturn]] void fail_copy(const std::string& from, const std::string& to,
                            const std::error_code& ec) {
    const std::string text = "cannot copy " + from + " to " + to + ": " + ec.message();
    if (ec == std::errc::no_space_on_device)
        throw OutputError(no_space_left(parent_of(to)) + ": " + text);
    throw OutputError(text);
}

void sync_path(const std::string& path, int flags) {
    const int fd = ::open(path.c_str(), flags);
    if (fd < 0) fail("cannot open", path);
    if (::fsync(fd) != 0) {
        ::close(fd);
        fail("cannot sync", path);
    }
    ::close(fd);
}

}  // namespace

void sync_directory(const std::string& dir) { sync_path(dir, O_RDONLY | O_DIRECTORY); }

std::string no_space_left(const std::string& dir) {
    return "no space left on the device holding " + dir;
}

bool disk_is_full(const std::string& dir) {
    struct statvfs st {};
    if (::statvfs(dir.c_str(), &st) != 0) return false;
    // Less than one file system block, or 64 KiB: no report file fits.
    const unsigned long long free_bytes =
        static_cast<unsigned long long>(st.f_bavail) * st.f_frsize;
    return free_bytes < std::max<unsigned long long>(st.f_frsize, 64 * 1024);
}

std::string temporary_path_for(const std::string& path) {
    // Numbered within the process too: two threads may write the same file at once (two
    // inbox files with the same bytes, kept under one name, read side by side).
    static std::atomic<unsigned long> made{0};
    const std::filesystem::path p(path);
    return (p.parent_path() / ("." + p.filename().string() + "." + std::to_string(++made) +
                               ".tmp-" + std::to_string(::getpid())))
        .string();
}

std::vector<std::string> remove_dead_temporaries(const std::string& dir) {
    return remove_dead_temporaries(dir, hidden_entries(dir));
}

std::vector<std::string> remove_dead_temporaries(const std::string& dir,
                                                 const std::vector<HiddenEntry>& entries) {
    std::vector<std::string> removed;
    for (const auto& e : entries) {
        const std::string& name = e.name;
        const size_t mark = name.rfind(".tmp-");
        if (!e.is_regular_file || mark == std::string::npos || mark + 5 == name.size() ||
            name.find_first_not_of("0123456789", mark + 5) != std::string::npos)
            continue;
        const long pid = std::strtol(name.c_str() + mark + 5, nullptr, 10);
        const bool alive = pid > 0 && (::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM);
        if (alive) continue;
        std::error_code ec;
        if (std::filesystem::remove(std::filesystem::path(dir) / name, ec)) removed.push_back(name);
    }
    return removed;
}

void commit_file(const std::string& temporary, const std::string& path) {
    sync_path(temporary, O_RDONLY);
    rename_into_place(temporary, path);
    sync_path(parent_of(path), O_RDONLY | O_DIRECTORY);
}

void sync_file(const std::string& path) { sync_path(path, O_RDONLY); }

void rename_into_place(const std::string& temporary, const std::string& path) {
    if (std::rename(temporary.c_str(), path.c_str()) != 0) {
        const int saved = errno;
        std::remove(temporary.c_str());
        errno = saved;
        fail("cannot rename into place", path);
    }
}

void write_new_file(const std::string& path, std::string_view bytes) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) fail("cannot create", path);
    size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0) {
            if (errno == EINTR) continue;
            const int saved = errno;
            ::close(fd);
            std::remove(path.c_str());
            errno = saved;
            fail("cannot write", path);
        }
        done += static_cast<size_t>(n);
    }
    if (::close(fd) != 0) {
        const int saved = errno;
        std::remove(path.c_str());
        errno = saved;
        fail("cannot close", path);
    }
}

void write_file_atomically(const std::string& path, std::string_view bytes) {
    const std::string tmp = temporary_path_for(path);
    write_new_file(tmp, bytes);
    commit_file(tmp, path);
}

void copy_file_unsynced(const std::string& from, const std::string& to) {
    const std::string tmp = temporary_path_for(to);
    std::error_code ec;
    std::filesystem::copy_file(from, tmp, std::filesystem::copy_options::overwrite_existing, ec);
    if (ec) fail_copy(from, tmp, ec);
    if (std::rename(tmp.c_str(), to.c_str()) != 0) {
        const int saved = errno;
        std::remove(tmp.c_str());
        errno = saved;
        fail("cannot rename into place", to);
    }
}

void sync_filesystem(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_DIRECTORY);
    if (fd < 0) fail("cannot open", path);
    if (::syncfs(fd) != 0) {
        ::close(fd);
        fail("cannot sync the file system of", path);
    }
    ::close(fd);
}

void copy_file_atomically(const std::string& from, const std::string& to) {
    const std::string tmp = temporary_path_for(to);
    std::error_code ec;
    std::filesystem::copy_file(from, tmp, std::filesystem::copy_options::overwrite_existing, ec);
    if (ec) fail_copy(from, tmp, ec);
    commit_file(tmp, to);
}

}  // namespace sitrep
