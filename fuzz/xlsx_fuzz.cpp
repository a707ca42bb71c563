// libFuzzer harness: the workbook reader takes any bytes; a bad workbook is an InputError (or
// another std::exception, which read_submission turns into a problem), never a crash.
#include <cstddef>
#include <cstdint>
#include <exception>
#include <sstream>
#include <string>

#include "pipeline/readers/xlsx_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
    try {
        sitrep::XlsxReader reader(in);
        (void)reader.uses_1904_dates();
        for (const auto& sheet : reader.sheet_names()) {
            (void)reader.is_hidden(sheet);
            (void)reader.hidden_columns(sheet);
            reader.read_sheet(sheet, [](const sitrep::XlsxRow& row) {
                for (const auto& cell : row.cells) (void)row.at(cell.column);
            });
        }
    } catch (const std::exception&) {
        // A rejected workbook is the expected answer to most inputs.
    }
    return 0;
}
