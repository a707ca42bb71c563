#include "pipeline/catalogue/active_catalogue.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <mutex>
#include <vector>

#include "pipeline/foundation/errors.h"

namespace sitrep {
namespace {

struct Holder {
    std::mutex mutex;
    std::shared_ptr<const Catalogue> current;
    std::vector<std::shared_ptr<const Catalogue>> used;  // kept alive, see the header
    std::string folder;  // watched for changes; empty when the catalogue was given whole
    std::string fingerprint;
    std::chrono::steady_clock::time_point checked;
    int holds = 0;  // while above 0, the folder is not read again
};

// Names, sizes and times of the folder's files: what changes when an operator edits one.
std::string fingerprint_of(const std::string& folder) {
    namespace fs = std::filesystem;
    std::vector<std::string> lines;
    std::error_code ec;
    for (fs::recursive_directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
        if (!it->is_regular_file(ec)) continue;
        const auto time = fs::last_write_time(it->path(), ec).time_since_epoch().count();
        lines.push_back(it->path().string() + " " + std::to_string(it->file_size(ec)) + " " +
                        std::to_string(time));
    }
    std::sort(lines.begin(), lines.end());
    std::string out;
    for (const auto& l : lines) out += l + "\n";
    return out;
}

// Reads the watched folder again when it changed (or when `force`d); the holder's mutex is held.
void refresh(Holder& h, bool force = false) {
    const auto now = std::chrono::steady_clock::now();
    if (h.folder.empty() || h.holds > 0 || (!force && now - h.checked < std::chrono::seconds(1)))
        return;
    h.checked = now;
    const std::string fingerprint = fingerprint_of(h.folder);
    if (!force && fingerprint == h.fingerprint) return;
    h.fingerprint = fingerprint;
    try {
        h.current = std::make_shared<const Catalogue>(Catalogue::load(h.folder));
        h.used.push_back(h.current);
        spdlog::info("catalogue {} read again: {} indicators, {} partners, {} feeds as data",
                     h.folder, h.current->indicators().size(), h.current->partners().size(),
                     h.current->feeds().size());
    } catch (const Error& e) {
        spdlog::error("catalogue changed but cannot be used, the previous one stays: {}", e.what());
    }
}

Holder& holder() {
    static Holder h;
    return h;
}

}  // namespace

std::string default_catalogue_folder() { return std::string(SITREP_SOURCE_DIR) + "/catalogue"; }

std::shared_ptr<const Catalogue> active_catalogue() {
    Holder& h = holder();
    std::lock_guard lock(h.mutex);
    refresh(h);
    if (!h.current) {
        h.current = std::make_shared<const Catalogue>(Catalogue::load(default_catalogue_folder()));
        h.used.push_back(h.current);
    }
    return h.current;
}

void use_catalogue_folder(const std::string& folder) {
    const std::string fingerprint = fingerprint_of(folder);
    auto loaded = std::make_shared<const Catalogue>(Catalogue::load(folder));
    Holder& h = holder();
    std::lock_guard lock(h.mutex);
    h.current = std::move(loaded);
    h.used.push_back(h.current);
    h.folder = folder;
    h.fingerprint = fingerprint;
    h.checked = std::chrono::steady_clock::now();
}

void reload_catalogue() {
    Holder& h = holder();
    std::lock_guard lock(h.mutex);
    refresh(h, true);
}

CatalogueHold::CatalogueHold() {
    Holder& h = holder();
    std::lock_guard lock(h.mutex);
    ++h.holds;
}

CatalogueHold::~CatalogueHold() {
    Holder& h = holder();
    std::lock_guard lock(h.mutex);
    --h.holds;
}

CatalogueSwap::CatalogueSwap(std::shared_ptr<const Catalogue> catalogue) {
    Holder& h = holder();
    std::lock_guard lock(h.mutex);
    before_ = h.current;
    folder_ = h.folder;
    h.current = std::move(catalogue);
    h.used.push_back(h.current);
    h.folder.clear();
}

CatalogueSwap::~CatalogueSwap() {
    Holder& h = holder();
    std::lock_guard lock(h.mutex);
    h.current = before_;
    h.folder = folder_;
}

const Indicator* find_indicator(std::string_view code) {
    return active_catalogue()->indicator(code);
}

}  // namespace sitrep
