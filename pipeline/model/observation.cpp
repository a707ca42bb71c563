#include "pipeline/model/observation.h"

namespace sitrep {

std::string breakdown_key(const Breakdown& b) {
    std::string out;
    for (const auto& [k, v] : b) {
        if (!out.empty()) out += ',';
        out += k;
        out += '=';
        out += v;
    }
    return out;
}

Breakdown parse_breakdown_key(const std::string& key) {
    Breakdown b;
    size_t pos = 0;
    while (pos < key.size()) {
        size_t end = key.find(',', pos);
        if (end == std::string::npos) end = key.size();
        const std::string part = key.substr(pos, end - pos);
        const size_t eq = part.find('=');
        if (eq != std::string::npos) b.emplace_back(part.substr(0, eq), part.substr(eq + 1));
        pos = end + 1;
    }
    return b;
}

}  // namespace sitrep
