#pragma once

// What the tests that put files into an inbox share: a register file and a way to write it.

#include <fstream>
#include <string>

namespace sitrep::test {

/// A DVZ register as a partner sends it (regions 10 below the nation).
inline const char* kRegister =
    "peildatum;gebied;aantal\n05/02/2023;België;53.450\n05/02/2023;Vlaams Gewest;31.748\n"
    "05/02/2023;Waals Gewest;10.876\n05/02/2023;Brussels Hoofdstedelijk Gewest;10.824\n";

/// Writes `bytes` to `path`, replacing what was there.
inline void write(const std::string& path, const std::string& bytes) {
    std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
}

}  // namespace sitrep::test
