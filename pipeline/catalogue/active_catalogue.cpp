#include "pipeline/catalogue/active_catalogue.h"

#include <mutex>
#include <vector>

namespace sitrep {
namespace {

struct Holder {
    std::mutex mutex;
    std::shared_ptr<const Catalogue> current;
    std::vector<std::shared_ptr<const Catalogue>> used;  // kept alive, see the header
};

Holder& holder() {
    static Holder h;
    return h;
}

}  // namespace

std::string default_catalogue_folder() { return std::string(SITREP_SOURCE_DIR) + "/catalogue"; }

std::shared_ptr<const Catalogue> active_catalogue() {
    Holder& h = holder();
    std::lock_guard lock(h.mutex);
    if (!h.current) {
        h.current = std::make_shared<const Catalogue>(Catalogue::load(default_catalogue_folder()));
        h.used.push_back(h.current);
    }
    return h.current;
}

void use_catalogue(std::shared_ptr<const Catalogue> catalogue) {
    Holder& h = holder();
    std::lock_guard lock(h.mutex);
    h.current = std::move(catalogue);
    h.used.push_back(h.current);
}

void use_catalogue_folder(const std::string& folder) {
    use_catalogue(std::make_shared<const Catalogue>(Catalogue::load(folder)));
}

const Indicator* find_indicator(std::string_view code) {
    return active_catalogue()->indicator(code);
}

}  // namespace sitrep
