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

}  // namespace sitrep
