#include "pipeline/model/problem.h"

namespace sitrep {

std::string describe(const std::string& file, const Problem& p) {
    std::string out = file;
    if (!p.location.empty()) out += ":" + p.location;
    out += ": " + p.message;
    if (!p.raw.empty()) out += " [" + p.raw + "]";
    return out;
}

}  // namespace sitrep
