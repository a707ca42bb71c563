#include "pipeline/foundation/hidden_entries.h"

#include <dirent.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>

#include "pipeline/foundation/errors.h"

namespace sitrep {

std::vector<HiddenEntry> hidden_entries(const std::string& dir) {
    std::vector<HiddenEntry> out;
    DIR* d = ::opendir(dir.c_str());
    if (d == nullptr) {
        if (errno == ENOENT || errno == ENOTDIR) return out;
        throw OutputError("cannot read the folder " + dir + ": " + std::strerror(errno));
    }
    errno = 0;
    while (const dirent* e = ::readdir(d)) {
        const char* name = e->d_name;
        if (name[0] != '.' || std::strcmp(name, ".") == 0 || std::strcmp(name, "..") == 0)
            continue;
        HiddenEntry entry{name};
        unsigned char type = e->d_type;
        if (type == DT_UNKNOWN || type == DT_LNK) {
            // Some file systems do not say; symbolic links count as what they point to.
            struct stat st {};
            if (::fstatat(::dirfd(d), name, &st, 0) == 0)
                type = S_ISDIR(st.st_mode) ? DT_DIR : S_ISREG(st.st_mode) ? DT_REG : DT_UNKNOWN;
        }
        entry.is_directory = type == DT_DIR;
        entry.is_regular_file = type == DT_REG;
        out.push_back(std::move(entry));
        errno = 0;
    }
    const int failed = errno;
    ::closedir(d);
    if (failed != 0)
        throw OutputError("cannot read the folder " + dir + ": " + std::strerror(failed));
    return out;
}

}  // namespace sitrep
