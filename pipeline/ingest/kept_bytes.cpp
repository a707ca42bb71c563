#include "pipeline/ingest/kept_bytes.h"

#include <Poco/File.h>
#include <Poco/Path.h>

namespace sitrep {

std::string submission_copy_path(const std::string& state, const std::string& sha256) {
    Poco::Path dir = Poco::Path::forDirectory(state);
    dir.pushDirectory("submissions");
    return Poco::Path(dir, sha256).toString();
}

namespace {

// Before this was fixed, `STATE` without a trailing slash was read as a file name and the bytes
// went to `STATE/../submissions/NAME-OF-STATE/SHA256`, beside the state instead of inside it.
std::string legacy_submission_copy_path(const std::string& state, const std::string& sha256) {
    Poco::Path dir(state);
    dir.pushDirectory("submissions");
    return Poco::Path(dir, sha256).toString();
}

}  // namespace

std::string quarantine_copy_path(const std::string& quarantine, const std::string& sha256,
                                 const std::string& name) {
    // The SHA prefix keeps two different files of the same name apart; the name is shortened
    // so that prefix, name and suffixes stay within the file system's 255 bytes.
    std::string short_name = name;
    if (short_name.size() > 150) {
        size_t cut = 150;
        while (cut > 0 && (static_cast<unsigned char>(short_name[cut]) & 0xC0) == 0x80) --cut;
        short_name = short_name.substr(0, cut);
    }
    return Poco::Path(quarantine, sha256.substr(0, 12) + "_" + short_name).toString();
}

std::string kept_bytes_path(const IngestPaths& paths, const StoredSubmission& s) {
    // A rejected file is quarantined under the name it first came with, never under
    // submissions/: its bytes are evidence, not input.
    if (s.rejected) return quarantine_copy_path(paths.quarantine, s.sha256, s.file);
    const std::string copy = submission_copy_path(paths.state, s.sha256);
    const std::string legacy = legacy_submission_copy_path(paths.state, s.sha256);
    return !Poco::File(copy).exists() && Poco::File(legacy).exists() ? legacy : copy;
}

}  // namespace sitrep
