#include "pipeline/foundation/file_names.h"

#include <cstdio>
#include <cctype>
#include <stdexcept>
#include <string_view>

#include "pipeline/foundation/strings.h"

namespace sitrep {
namespace {

constexpr std::string_view kHxlUnderscore = "_hxl.csv";

// Where a name's extension starts: at its first dot, or at the `_hxl` of `x_hxl.csv`, which is
// one extension like `.hxl.csv`, so that its revision is `x_v2_hxl.csv`.
size_t extension_start(std::string_view file) {
    const size_t dot = file.find('.');
    if (dot == std::string_view::npos) return file.size();
    if (dot >= 4 && iequal(file.substr(dot - 4), kHxlUnderscore)) return dot - 4;
    return dot;
}

std::string stem_of(const std::string& file) { return file.substr(0, extension_start(file)); }

// Where a trailing ` (1)` (spaces, a number in brackets) begins in `s`, or npos: what a browser
// or mail client makes of a second download. By hand, not std::regex: every run sorts and
// classifies the whole inbox with it.
size_t copy_suffix_start(std::string_view s) {
    if (s.size() < 3 || s.back() != ')') return std::string_view::npos;
    size_t i = s.size() - 1;
    const size_t last_digit = i;
    while (i > 0 && std::isdigit(static_cast<unsigned char>(s[i - 1]))) --i;
    if (i == last_digit || i == 0 || s[i - 1] != '(') return std::string_view::npos;
    --i;
    while (i > 0 && std::isspace(static_cast<unsigned char>(s[i - 1]))) --i;
    return i;
}

std::string without_copy_suffix(std::string stem) {
    if (const size_t at = copy_suffix_start(stem); at != std::string::npos) stem.resize(at);
    return stem;
}

// Where a trailing `_v2` (any case, any number) begins in `stem`, or npos.
size_t revision_suffix_start(std::string_view stem) {
    size_t i = stem.size();
    while (i > 0 && std::isdigit(static_cast<unsigned char>(stem[i - 1]))) --i;
    if (i == stem.size() || i < 2 || (stem[i - 1] != 'v' && stem[i - 1] != 'V') ||
        stem[i - 2] != '_')
        return std::string_view::npos;
    return i - 2;
}

}  // namespace

std::string revision_base(const std::string& file) {
    std::string stem = without_copy_suffix(stem_of(file));
    if (const size_t at = revision_suffix_start(stem); at != std::string::npos) stem.resize(at);
    return stem;
}

int revision_number(const std::string& file) {
    const std::string stem = without_copy_suffix(stem_of(file));
    const size_t at = revision_suffix_start(stem);
    if (at == std::string::npos) return 1;
    try {
        return std::stoi(stem.substr(at + 2));
    } catch (const std::out_of_range&) {
        return 1;
    }
}

std::string revision_name(const std::string& name, int version) {
    const size_t dot = extension_start(name);
    std::string stem = name.substr(0, dot);
    const std::string ext = name.substr(dot);
    const size_t v = stem.rfind("_v");
    if (v != std::string::npos && v + 2 < stem.size() &&
        stem.find_first_not_of("0123456789", v + 2) == std::string::npos)
        stem.resize(v);
    return stem + "_v" + std::to_string(version) + ext;
}

std::pair<std::string, std::string> copy_order_key(const std::string& name) {
    // The copy suffix at the end, or right before the last extension.
    const size_t dot = name.rfind('.');
    for (const size_t end : {name.size(), dot}) {
        if (end == std::string::npos) continue;
        const size_t at = copy_suffix_start(std::string_view(name).substr(0, end));
        if (at != std::string::npos) return std::make_pair(name.substr(0, at) + name.substr(end), name);
    }
    return std::make_pair(name, std::string());
}

bool has_prefix_and_extension(std::string_view name, std::string_view prefix,
                              std::string_view extension) {
    return name.size() >= prefix.size() + extension.size() &&
           iequal(name.substr(0, prefix.size()), prefix) &&
           iequal(name.substr(name.size() - extension.size()), extension);
}

bool is_hxl_csv_name(std::string_view name) {
    for (const std::string_view extension : {std::string_view(".hxl.csv"), kHxlUnderscore})
        if (name.size() > extension.size() && has_prefix_and_extension(name, "", extension))
            return true;
    return false;
}

std::string report_stem(int number) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "sitrep-%04d", number);
    return buf;
}

}  // namespace sitrep
