#include "pipeline/sources/inbox.h"

#include <Poco/DirectoryIterator.h>
#include <Poco/Exception.h>
#include <Poco/File.h>
#include <Poco/Path.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstring>

#include "pipeline/foundation/errors.h"
#include "pipeline/foundation/file_names.h"

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

std::vector<std::string> inbox_files(const std::string& inbox) {
    std::vector<std::string> out;
    if (!Poco::File(inbox).exists()) throw ConfigError("inbox folder " + inbox + " does not exist");
    for (Poco::DirectoryIterator it(inbox), end; it != end; ++it) {
        try {
            if (!is_submission_name(it.name()) || !it->isFile()) continue;
        } catch (const Poco::Exception& e) {
            // A dangling link or a file gone since listing: nothing to read, nothing to keep.
            spdlog::warn("inbox: skipping {}: {}", it.name(), e.displayText());
            continue;
        }
        out.push_back(it->path());
    }
    // Name order, but a browser's copy `x (1).csv` after its original `x.csv`, so that the copy
    // is the one reported as the duplicate.
    auto key = [](const std::string& path) {
        return copy_order_key(Poco::Path(path).getFileName());
    };
    std::sort(out.begin(), out.end(),
              [&](const std::string& a, const std::string& b) { return key(a) < key(b); });
    return out;
}

}  // namespace sitrep
