#pragma once

#include <string>

namespace sitrep {

/// Where a store lives: `url` empty means SQLite in `state_dir/sitrep.db`; a
/// `postgresql://…` URL means that server, logged in with `password` when set. The
/// state folder holds what stays on this machine either way (locks, quarantine).
struct StoreLocation {
    std::string state_dir = "state";
    std::string url;
    std::string password;  ///< the server's password ([store] password or password_file)
};

}  // namespace sitrep
