#pragma once

#include <cstddef>
#include <istream>

#include "adapters/adapter.h"

namespace sitrep {

/// How many bytes the DVZ decisions parser reads from its stream at a time.
inline constexpr size_t kDvzDecisionsChunkBytes = size_t{1} << 20;

/// The longest line the DVZ decisions feed accepts, in bytes, without its line end.
inline constexpr size_t kDvzDecisionsMaxLineBytes = 4096;

/// Parses a DVZ temporary-protection decisions file (`dvz_tp_beslissingen_*.csv`) into monthly
/// tp.certificates.issued / tp.certificates.refused counts, reading `chunk_bytes` at a time so
/// that memory stays flat whatever the size of the file.
ParseResult parse_dvz_decisions(std::istream& in, size_t chunk_bytes = kDvzDecisionsChunkBytes);

}  // namespace sitrep
