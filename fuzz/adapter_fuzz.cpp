// libFuzzer harness for one partner feed, chosen at build time by SITREP_FUZZ_FILE_NAME: the
// adapter takes any bytes under that name and returns facts and problems, never a crash.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>

#include "adapters/adapter.h"

#ifndef SITREP_FUZZ_FILE_NAME
#error "build with -DSITREP_FUZZ_FILE_NAME=\"<a file name the feed accepts>\""
#endif

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static const sitrep::Adapter* const adapter = [] {
        const sitrep::Adapter* a = sitrep::adapter_for(SITREP_FUZZ_FILE_NAME);
        if (a == nullptr) {
            std::fprintf(stderr, "no adapter accepts %s\n", SITREP_FUZZ_FILE_NAME);
            std::abort();
        }
        return a;
    }();
    std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
    const sitrep::ParseResult r = sitrep::read_submission(*adapter, SITREP_FUZZ_FILE_NAME, in);
    // A fact the report would print must be a number: NaN or infinity is a parser fault.
    for (const auto& o : r.observations)
        if (!std::isfinite(o.value)) {
            std::fprintf(stderr, "%s: %s %s is not finite\n", o.location.c_str(),
                         o.indicator.c_str(), o.area.c_str());
            std::abort();
        }
    if (r.problem_count < r.problems.size()) std::abort();
    return 0;
}
