#include "pipeline/sources/inbox.h"

#include <Poco/DirectoryIterator.h>
#include <Poco/Exception.h>
#include <Poco/File.h>
#include <Poco/Path.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "pipeline/foundation/errors.h"
#include "pipeline/foundation/file_names.h"
#include "pipeline/catalogue/active_catalogue.h"

namespace sitrep {
namespace {

bool is_submission_name(const std::string& name) {
    if (name.empty() || name[0] == '.' || name[0] == '~') return false;
    for (const char* suffix : {".tmp", ".part", ".partial", ".crdownload", ".swp"})
        if (name.size() > std::strlen(suffix) &&
            name.compare(name.size() - std::strlen(suffix), std::string::npos, suffix) == 0)
            return false;
    return true;
}

}  // namespace

namespace {

// The submissions of one folder; with `partners`, also those of its sub-folders one level down.
void list_folder(const std::string& folder, bool partners, std::vector<std::string>& out) {
    for (Poco::DirectoryIterator it(folder), end; it != end; ++it) {
        try {
            if (!is_submission_name(it.name())) continue;
            // One look at each entry, links followed: a year's inbox holds hundreds of files.
            struct stat st {};
            if (::stat(it->path().c_str(), &st) != 0) {
                spdlog::warn("inbox: skipping {}: {}", it.name(), std::strerror(errno));
                continue;
            }
            if (partners && S_ISDIR(st.st_mode)) {
                // A partner's folder is its channel; other folders are the operator's own.
                if (active_catalogue()->partner(it.name()))
                    list_folder(it->path(), false, out);
                else
                    spdlog::warn("inbox: {}/ is no partner's folder (catalogue/partners.ini, names in "
                                 "lower case): its files are left alone, unread", it.name());
                continue;
            }
            if (!S_ISREG(st.st_mode)) continue;
        } catch (const Poco::Exception& e) {
            // A dangling link or a file gone since listing: nothing to read, nothing to keep.
            spdlog::warn("inbox: skipping {}: {}", it.name(), e.displayText());
            continue;
        }
        out.push_back(it->path());
    }
}

}  // namespace

std::vector<std::string> inbox_files(const std::string& inbox) {
    std::vector<std::string> out;
    if (!Poco::File(inbox).exists()) throw ConfigError("inbox folder " + inbox + " does not exist");
    list_folder(inbox, true, out);
    // Name order, but a browser's copy `x (1).csv` after its original `x.csv`, so that the copy
    // is the one reported as the duplicate.
    // Keys made once, not per comparison; the path breaks ties between partners' folders.
    std::vector<std::pair<std::pair<std::string, std::string>, std::string>> keyed;
    keyed.reserve(out.size());
    for (auto& path : out) {
        const size_t slash = path.find_last_of('/');
        auto key = copy_order_key(slash == std::string::npos ? path : path.substr(slash + 1));
        keyed.emplace_back(std::move(key), std::move(path));
    }
    std::sort(keyed.begin(), keyed.end());
    out.clear();
    for (auto& [key, path] : keyed) out.push_back(std::move(path));
    return out;
}

}  // namespace sitrep
