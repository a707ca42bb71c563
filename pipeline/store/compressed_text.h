#pragma once

#include <string>
#include <string_view>

namespace sitrep {

/// `text` deflated (zlib) at `level` (1 fastest .. 9 smallest): a report's manifest repeats the
/// same hashes and keys, and shrinks tenfold or more.
std::string deflate_text(std::string_view text, int level = 6);

/// The text `deflate_text` was given; throws Error when `bytes` are not a zlib stream.
std::string inflate_text(std::string_view bytes);

}  // namespace sitrep
