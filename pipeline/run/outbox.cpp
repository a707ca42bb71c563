#include "pipeline/run/outbox.h"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <regex>

#include "pipeline/foundation/atomic_file.h"
#include "pipeline/foundation/errors.h"
#include "pipeline/foundation/file_names.h"
#include "pipeline/foundation/hidden_entries.h"

namespace fs = std::filesystem;

namespace sitrep {
namespace {

// Moves files into `outbox` in the given order, then makes the renames durable.
std::vector<std::string> move_into(const std::string& outbox,
                                   const std::vector<std::string>& files) {
    std::vector<std::string> out;
    for (const auto& f : files) {
        const std::string target = (fs::path(outbox) / fs::path(f).filename()).string();
        if (std::rename(f.c_str(), target.c_str()) != 0)
            throw OutputError("cannot move " + f + " into the outbox: " + std::strerror(errno));
        out.push_back(target);
    }
    sync_directory(outbox);
    return out;
}

// The manifest last: its presence in the outbox says the report is complete.
std::vector<std::string> publishing_order(const fs::path& dir) {
    std::vector<std::string> files;
    for (const auto& e : fs::directory_iterator(dir))
        if (e.is_regular_file() && e.path().filename().string().front() != '.')
            files.push_back(e.path().string());
    std::sort(files.begin(), files.end(), [](const std::string& a, const std::string& b) {
        const bool ja = a.size() > 5 && a.compare(a.size() - 5, 5, ".json") == 0;
        const bool jb = b.size() > 5 && b.compare(b.size() - 5, 5, ".json") == 0;
        return ja != jb ? jb : a < b;
    });
    return files;
}

}  // namespace

StagedReport::StagedReport(const std::string& outbox, int number)
    : outbox_(outbox),
      dir_((fs::path(outbox) / ("." + report_stem(number) + ".staging")).string()) {
    std::error_code ec;
    fs::create_directories(outbox_, ec);
    fs::remove_all(dir_, ec);
    if (!fs::create_directory(dir_, ec) || ec)
        throw OutputError("cannot create the staging folder " + dir_ + ": " + ec.message());
}

StagedReport::~StagedReport() {
    if (keep_) return;
    std::error_code ec;
    fs::remove_all(dir_, ec);
    if (ec) spdlog::error("cannot remove the staging folder {}: {}", dir_, ec.message());
}

std::vector<std::string> StagedReport::publish(const std::vector<std::string>& files) {
    keep_ = true;
    auto out = move_into(outbox_, files);
    std::error_code ec;
    fs::remove_all(dir_, ec);
    return out;
}

void tidy_outbox(const std::string& outbox, const std::function<bool(int)>& is_recorded) {
    static const std::regex kStaging(R"(\.sitrep-(\d+)\.staging)");
    // Only the hidden entries: the reports issued so far are never looked at.
    std::vector<std::pair<int, fs::path>> staged;
    const auto hidden = hidden_entries(outbox);  // listed once: for staging and temporaries
    for (const auto& e : hidden) {
        std::smatch m;
        if (e.is_directory && std::regex_match(e.name, m, kStaging))
            staged.emplace_back(std::stoi(m[1]), fs::path(outbox) / e.name);
    }
    std::sort(staged.begin(), staged.end());
    for (const auto& [number, path] : staged) {
        std::error_code ec;
        if (is_recorded(number)) {
            move_into(outbox, publishing_order(path));
            fs::remove_all(path, ec);
            spdlog::warn(
                "outbox: report {} was recorded but its files were still staged "
                "(a run interrupted after recording it); moved them into place",
                number);
        } else {
            fs::remove_all(path, ec);
            spdlog::warn(
                "outbox: removed the files of report {} from a run that stopped "
                "before recording it; the number was not issued",
                number);
        }
    }
    for (const auto& name : remove_dead_temporaries(outbox, hidden))
        spdlog::warn("outbox: removed {}, left by a writer that died", name);
}

}  // namespace sitrep
