#pragma once

#include <memory>
#include <string>

#include "pipeline/config/config.h"
#include "pipeline/service/leadership.h"

namespace sitrep {

/// The leadership a service on `config`'s store takes part in: alone on its SQLite state
/// folder, or among the instances on the same PostgreSQL store, as `instance` (unique among
/// them: the host and port it serves on).
std::unique_ptr<Leadership> make_leadership(const Config& config, const std::string& instance);

}  // namespace sitrep
