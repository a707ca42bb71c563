#include "pipeline/model/indicators.h"

namespace sitrep {

const std::vector<Indicator>& all_indicators() {
    static const std::vector<Indicator> kAll = {
        {"tp.certificates.issued", Kind::kFlow, "dvz"},
        {"tp.certificates.refused", Kind::kFlow, "dvz"},
        {"tp.register.persons", Kind::kStock, "dvz"},
        {"reception.crisis.referred", Kind::kFlow, "fedasil"},
        {"reception.registration.visitors", Kind::kFlow, "fedasil"},
        {"reception.registration.housing_requests", Kind::kFlow, "fedasil"},
        {"employment.jobseekers.registered", Kind::kStock, "vdab,forem,actiris"},
        {"employment.jobseekers.new", Kind::kFlow, "forem"},
        {"employment.jobseekers.women", Kind::kStock, "forem,actiris"},
        {"employment.jobseekers.worked", Kind::kStock, "vdab,forem,actiris"},
        {"employment.jobseekers.working", Kind::kStock, "vdab"},
        {"employment.jobseekers.in_training", Kind::kStock, "actiris"},
        {"employment.vacancies.launched", Kind::kStock, "vdab"},
        {"employment.vacancies.open", Kind::kStock, "vdab"},
        {"education.pupils.enrolled", Kind::kStock, "education"},
        {"reception.redcross.welcomed", Kind::kStock, "redcross"},
    };
    return kAll;
}

const Indicator* find_indicator(std::string_view code) {
    for (const auto& i : all_indicators())
        if (i.code == code) return &i;
    return nullptr;
}

std::string domain_of(std::string_view code) {
    return std::string(code.substr(0, code.find('.')));
}

}  // namespace sitrep
