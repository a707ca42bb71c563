#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "pipeline/catalogue/catalogue.h"

namespace sitrep {

/// The project's catalogue/ folder, used when the configuration names none.
std::string default_catalogue_folder();

/// The catalogue the process uses now: the project's folder until `use_catalogue_folder`.
/// A catalogue once used stays alive until the process ends, so that what a reader found in it
/// stays valid while `serve` switches to a newer one.
std::shared_ptr<const Catalogue> active_catalogue();

/// Loads `folder` and uses it; throws ConfigError `FILE:LINE: what` and keeps the previous
/// catalogue when it has a mistake. From then on `active_catalogue` reads the folder again
/// when its files change (checked at most once a second), so that a running service takes an
/// operator's edit without a restart; an edit with a mistake is logged and the catalogue in
/// use stays.
void use_catalogue_folder(const std::string& folder);

/// Reads the watched folder again now, changed or not (`serve` on SIGHUP); a mistake is
/// logged and the catalogue in use stays.
void reload_catalogue();

/// Keeps the catalogue in use from being read again while it lives: a report run reads it
/// many times (feeds, kinds, labels) and must see one catalogue throughout.
class CatalogueHold {
public:
    CatalogueHold();
    ~CatalogueHold();
    CatalogueHold(const CatalogueHold&) = delete;
    CatalogueHold& operator=(const CatalogueHold&) = delete;
};

/// Makes `catalogue` the one in use while it lives (`render N` with the catalogue N was issued
/// with), then puts back the one before, still watching its folder.
class CatalogueSwap {
public:
    explicit CatalogueSwap(std::shared_ptr<const Catalogue> catalogue);
    ~CatalogueSwap();
    CatalogueSwap(const CatalogueSwap&) = delete;
    CatalogueSwap& operator=(const CatalogueSwap&) = delete;

private:
    std::shared_ptr<const Catalogue> before_;
    std::string folder_;
};

/// The indicator with this code in the active catalogue, or nullptr.
const Indicator* find_indicator(std::string_view code);

}  // namespace sitrep
