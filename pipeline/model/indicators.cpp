#include "pipeline/model/indicators.h"

namespace sitrep {

std::string domain_of(std::string_view code) {
    return std::string(code.substr(0, code.find('.')));
}

}  // namespace sitrep
