#include "pipeline/model/report.h"

namespace sitrep {

std::string figure_key(const Figure& f) {
    return f.indicator + "|" + f.area + "|" + breakdown_key(f.breakdown) + "|" +
           (f.unit == Unit::kShare ? "share" : "count");
}

const Figure* find_headline(const std::vector<Figure>& figures, const std::string& indicator,
                            const std::string& area) {
    for (const auto& f : figures)
        if (f.breakdown.empty() && f.indicator == indicator && f.area == area) return &f;
    return nullptr;
}

const Figure* Report::headline(const std::string& indicator, const std::string& area) const {
    return find_headline(figures, indicator, area);
}

}  // namespace sitrep
