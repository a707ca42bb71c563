#include "pipeline/foundation/file_names.h"

#include <cstdio>
#include <regex>

#include "pipeline/foundation/strings.h"

namespace sitrep {
namespace {

std::string stem_of(const std::string& file) {
    const size_t dot = file.find('.');
    return dot == std::string::npos ? file : file.substr(0, dot);
}

std::string without_copy_suffix(std::string stem) {
    // "name (1)" or "name(2)": what a browser or mail client makes of a second download.
    static const std::regex kCopy(R"(\s*\(\d+\)$)");
    return std::regex_replace(stem, kCopy, "");
}

}  // namespace

std::string revision_base(const std::string& file) {
    static const std::regex kRevision(R"(_v\d+$)", std::regex::icase);
    return std::regex_replace(without_copy_suffix(stem_of(file)), kRevision, "");
}

int revision_number(const std::string& file) {
    static const std::regex kRevision(R"(_v(\d+)$)", std::regex::icase);
    std::smatch m;
    const std::string stem = without_copy_suffix(stem_of(file));
    if (std::regex_search(stem, m, kRevision)) return std::stoi(m[1]);
    return 1;
}

std::string revision_name(const std::string& name, int version) {
    const size_t dot = name.find('.');
    std::string stem = name.substr(0, dot);
    const std::string ext = dot == std::string::npos ? "" : name.substr(dot);
    const size_t v = stem.rfind("_v");
    if (v != std::string::npos && v + 2 < stem.size() &&
        stem.find_first_not_of("0123456789", v + 2) == std::string::npos)
        stem.resize(v);
    return stem + "_v" + std::to_string(version) + ext;
}

std::pair<std::string, std::string> copy_order_key(const std::string& name) {
    static const std::regex kCopy(R"(\s*\(\d+\)(\.[^.]*)?$)");
    std::smatch m;
    if (std::regex_search(name, m, kCopy))
        return std::make_pair(name.substr(0, m.position(0)) + m.str(1), name);
    return std::make_pair(name, std::string());
}

bool has_prefix_and_extension(std::string_view name, std::string_view prefix,
                              std::string_view extension) {
    return name.size() >= prefix.size() + extension.size() &&
           iequal(name.substr(0, prefix.size()), prefix) &&
           iequal(name.substr(name.size() - extension.size()), extension);
}

std::string report_stem(int number) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "sitrep-%04d", number);
    return buf;
}

}  // namespace sitrep
