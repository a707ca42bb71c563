#include "pipeline/run/snapshot.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "pipeline/foundation/errors.h"
#include "pipeline/foundation/sha256.h"
#include "pipeline/foundation/atomic_file.h"

namespace sitrep {
namespace {

namespace fs = std::filesystem;

std::string read_all(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    if (!in) throw ConfigError("cannot read " + p.string());
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

}  // namespace

std::string snapshot_folder(const std::string& folder, const std::string& state,
                            const std::string& name) {
    std::vector<std::pair<std::string, std::string>> files;
    for (const auto& e : fs::recursive_directory_iterator(folder))
        if (e.is_regular_file())
            files.emplace_back(fs::relative(e.path(), folder).string(), read_all(e.path()));
    return snapshot_texts(std::move(files), state, name);
}

std::string snapshot_texts(std::vector<std::pair<std::string, std::string>> files,
                           const std::string& state, const std::string& name) {
    std::sort(files.begin(), files.end());
    Sha256 hash;
    for (const auto& [rel, content] : files) {
        hash.update(rel);
        hash.update(std::string(1, '\0'));
        hash.update(std::to_string(content.size()));
        hash.update(std::string(1, '\0'));
        hash.update(content);
    }
    const std::string relative = "snapshots/" + name + "-" + hash.hex().substr(0, 16);
    const fs::path target = fs::path(state) / relative;
    if (fs::exists(target)) return relative;
    // Built beside, then renamed: a snapshot is there whole or not at all.
    const fs::path building = fs::path(state) / ("snapshots/." + name + "-building");
    fs::remove_all(building);
    for (const auto& [rel, content] : files) {
        fs::create_directories((building / rel).parent_path());
        std::ofstream out(building / rel, std::ios::binary);
        out << content;
        if (!out) throw OutputError("cannot keep the " + name + " snapshot: cannot write " + rel);
    }
    fs::create_directories(target.parent_path());
    std::error_code ec;
    fs::rename(building, target, ec);
    if (ec && !fs::exists(target))
        throw OutputError("cannot keep the " + name + " snapshot: " + ec.message());
    fs::remove_all(building);
    return relative;
}

std::string snapshot_file(const std::string& file, const std::string& state,
                          const std::string& name) {
    const std::string content = read_all(file);
    const std::string ext = fs::path(file).extension().string();
    const std::string relative =
        "snapshots/" + name + "-" + sha256_hex(content).substr(0, 16) + ext;
    const fs::path target = fs::path(state) / relative;
    if (!fs::exists(target)) {
        fs::create_directories(target.parent_path());
        write_file_atomically(target.string(), content);
    }
    return relative;
}

}  // namespace sitrep
