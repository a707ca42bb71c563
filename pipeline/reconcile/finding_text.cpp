#include "pipeline/reconcile/finding_text.h"

#include <cstdio>

namespace sitrep {

std::string plain_number(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.15g", v);
    return buf;
}

Finding finding_about(const char* kind, Severity severity, const Observation& o) {
    Finding f;
    f.kind = kind;
    f.severity = severity;
    f.indicator = o.indicator;
    f.area = o.area;
    f.breakdown = breakdown_key(o.breakdown);
    f.period = period_text(o);
    return f;
}

std::string period_text(const Observation& o) {
    if (o.from == o.to) return o.from.iso();
    if (o.from == o.from.first_of_month() && o.to == o.from.last_of_month())
        return o.from.iso_month();
    return o.from.iso() + ".." + o.to.iso();
}

}  // namespace sitrep
