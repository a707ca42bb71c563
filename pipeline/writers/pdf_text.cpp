#include "pipeline/writers/pdf_text.h"

#include "pipeline/text/encoding.h"

namespace sitrep {
namespace {

constexpr char32_t kReplacement = 0xFFFD;

// Decodes one character at `i`, advancing `i`; invalid input yields U+FFFD and one byte.
char32_t next_code_point(std::string_view s, size_t& i) {
    return decode_utf8_at(s, i).value_or(kReplacement);
}

}  // namespace

std::u32string decode_utf8(std::string_view text) {
    std::u32string out;
    out.reserve(text.size());
    size_t i = 0;
    while (i < text.size()) out += next_code_point(text, i);
    return out;
}

std::string clean_text(std::string_view text, const std::function<bool(char32_t)>& has_glyph) {
    std::string out;
    out.reserve(text.size());
    const bool have_replacement = has_glyph(kReplacement);
    for (char32_t cp : decode_utf8(text)) {
        if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0)) cp = ' ';
        if (cp > 0xFFFF || (cp != ' ' && !has_glyph(cp))) cp = kReplacement;
        if (cp == kReplacement && !have_replacement) cp = '?';
        append_utf8(out, cp);
    }
    return out;
}

std::string truncate_code_points(std::string_view text, size_t max_code_points) {
    size_t i = 0, n = 0;
    while (i < text.size() && n < max_code_points) {
        next_code_point(text, i);
        ++n;
    }
    return std::string(text.substr(0, i));
}

size_t count_code_points(std::string_view text) {
    size_t i = 0, n = 0;
    while (i < text.size()) {
        next_code_point(text, i);
        ++n;
    }
    return n;
}

std::vector<std::string> split_code_points(std::string_view text) {
    std::vector<std::string> out;
    size_t i = 0;
    while (i < text.size()) {
        const size_t start = i;
        next_code_point(text, i);
        out.emplace_back(text.substr(start, i - start));
    }
    return out;
}

}  // namespace sitrep
