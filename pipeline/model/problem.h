#pragma once

#include <string>

namespace sitrep {

/// Something wrong in a partner's file, precise enough for the partner to fix it.
struct Problem {
    std::string location;  ///< `line 12`, `line 12, column 'aantal'`, `Registratie!B7`, or empty
    std::string message;   ///< what is wrong, in words
    std::string raw;       ///< the offending text as read (truncated), may be empty
};

/// `file:location: message (raw)`: the one way problems are printed.
std::string describe(const std::string& file, const Problem& p);

}  // namespace sitrep
