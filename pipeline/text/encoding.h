#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace sitrep {

/// The text without a leading UTF-8 byte-order mark.
std::string_view strip_bom(std::string_view text);

/// Decodes the code point at byte `i` and moves `i` past it; for an ill-formed sequence
/// (overlong, surrogate, truncated) returns nullopt and moves `i` one byte on.
std::optional<char32_t> decode_utf8_at(std::string_view bytes, size_t& i);

/// Appends `cp` to `out` as UTF-8.
void append_utf8(std::string& out, char32_t cp);

/// Whether the bytes are well-formed UTF-8 (no overlongs, no surrogates).
bool is_valid_utf8(std::string_view bytes);

/// The 1-based line of the first byte that is not valid UTF-8, or 0 when all is valid.
size_t first_invalid_utf8_line(std::string_view bytes);

/// Converts Windows-1252 bytes to UTF-8 (Forem's exports); undefined bytes become U+FFFD.
std::string windows1252_to_utf8(std::string_view bytes);

}  // namespace sitrep
