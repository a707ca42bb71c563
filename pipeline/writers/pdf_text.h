#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace sitrep {

/// The code points of UTF-8 `text`; each invalid byte becomes U+FFFD.
std::u32string decode_utf8(std::string_view text);

/// `text` made safe to draw: invalid UTF-8 and characters outside the Basic Multilingual Plane
/// (emoji) become U+FFFD, control characters become spaces, and characters for which
/// `has_glyph` is false become U+FFFD (or `?` when the font lacks U+FFFD too). libharu would
/// otherwise drop or garble them without a word.
std::string clean_text(std::string_view text, const std::function<bool(char32_t)>& has_glyph);

/// The first `max_code_points` characters of UTF-8 `text` (never cuts a character in half).
std::string truncate_code_points(std::string_view text, size_t max_code_points);

/// The number of characters of UTF-8 `text`.
size_t count_code_points(std::string_view text);

/// Splits UTF-8 `text` into its characters, each as its own UTF-8 string.
std::vector<std::string> split_code_points(std::string_view text);

}  // namespace sitrep
