// libFuzzer harness: the CSV reader takes any bytes and returns rows and problems, never more.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "pipeline/readers/csv.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const sitrep::CsvDocument doc = sitrep::parse_csv(text);
    // Every record starts on a line that exists and after the one before it.
    size_t last_line = 0;
    for (const auto& row : doc.rows) {
        if (row.line <= last_line) std::abort();
        last_line = row.line;
        (void)row.blank();
        (void)sitrep::excerpt(row.raw);
        if (!row.fields.empty()) (void)sitrep::fold_header(row.fields.front());
    }
    return 0;
}
