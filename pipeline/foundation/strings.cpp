#include "pipeline/foundation/strings.h"

#include <cctype>

namespace sitrep {

std::string_view trim(std::string_view s, std::string_view strip) {
    const size_t first = s.find_first_not_of(strip);
    if (first == std::string_view::npos) return {};
    return s.substr(first, s.find_last_not_of(strip) - first + 1);
}

std::vector<std::string> split_list(std::string_view text) {
    std::vector<std::string> out;
    auto flush = [&](std::string_view item) {
        if (auto t = trim(item); !t.empty()) out.emplace_back(t);
    };
    int depth = 0;
    size_t start = 0;
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '{') ++depth;
        if (text[i] == '}' && depth > 0) --depth;
        if (text[i] == ',' && depth == 0) {
            flush(text.substr(start, i - start));
            start = i + 1;
        }
    }
    flush(text.substr(start));
    return out;
}

std::string ascii_lower(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

bool iequal(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(a[i])) !=
            std::tolower(static_cast<unsigned char>(b[i])))
            return false;
    return true;
}

}  // namespace sitrep
