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

Severity severity_named(std::string_view name) {
    if (name == "info") return Severity::kInfo;
    if (name == "error") return Severity::kError;
    return Severity::kWarning;
}

std::string finding_key(const Finding& f) {
    const bool timeliness = f.kind == "late_partner" || f.kind == "missing_partner";
    return f.kind + "|" + f.feed + "|" + f.indicator + "|" + f.area + "|" + f.breakdown + "|" +
           (timeliness ? std::string() : f.period);
}

}  // namespace sitrep
