#include "pipeline/model/finding.h"

namespace sitrep {

const char* to_string(Severity s) {
    switch (s) {
        case Severity::kInfo: return "info";
        case Severity::kWarning: return "warning";
        case Severity::kError: return "error";
    }
    return "warning";
}

std::string finding_key(const Finding& f) {
    const bool timeliness = f.kind == "late_partner" || f.kind == "missing_partner";
    return f.kind + "|" + f.feed + "|" + f.indicator + "|" + f.area + "|" + f.breakdown + "|" +
           (timeliness ? std::string() : f.period);
}

}  // namespace sitrep
