#include "pipeline/report/report_model.h"

namespace sitrep {

const Figure* Report::headline(const std::string& indicator, const std::string& area) const {
    for (const auto& f : figures)
        if (f.breakdown.empty() && f.indicator == indicator && f.area == area) return &f;
    return nullptr;
}

}  // namespace sitrep
