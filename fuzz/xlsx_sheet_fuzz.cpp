// libFuzzer harness: the workbook reader on worksheet, shared-strings and styles XML as written
// (the input's parts, split at a double NUL), zipped into a fixed workbook. The zip's deflate
// hides the XML from the mutator in fuzz_xlsx; here every mutation reaches the SAX handlers.
#include <Poco/DateTime.h>
#include <Poco/Path.h>
#include <Poco/Zip/Compress.h>

#include <cstddef>
#include <cstdint>
#include <exception>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "pipeline/readers/xlsx_reader.h"

namespace {

constexpr const char* kRelType =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/";

std::string zip_book(const std::string& sheet, const std::string& shared,
                     const std::string& styles) {
    const std::string rels_ns = "http://schemas.openxmlformats.org/package/2006/relationships";
    const std::vector<std::pair<std::string, std::string>> parts = {
        {"_rels/.rels", "<Relationships xmlns=\"" + rels_ns + "\"><Relationship Id=\"rId1\" Type=\"" +
                            kRelType + "officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"},
        {"xl/workbook.xml",
         "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
         "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
         "<sheets><sheet name=\"Data\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"},
        {"xl/_rels/workbook.xml.rels",
         "<Relationships xmlns=\"" + rels_ns + "\"><Relationship Id=\"rId1\" Type=\"" + kRelType +
             "worksheet\" Target=\"worksheets/sheet1.xml\"/><Relationship Id=\"rId2\" Type=\"" +
             kRelType + "sharedStrings\" Target=\"sharedStrings.xml\"/><Relationship Id=\"rId3\" " +
             "Type=\"" + kRelType + "styles\" Target=\"styles.xml\"/></Relationships>"},
        {"xl/worksheets/sheet1.xml", sheet},
        {"xl/sharedStrings.xml", shared},
        {"xl/styles.xml", styles},
    };
    std::ostringstream out;
    Poco::Zip::Compress compress(out, true);
    for (const auto& [path, xml] : parts) {
        std::istringstream in(xml);
        compress.addFile(in, Poco::DateTime(2023, 1, 30), Poco::Path(path, Poco::Path::PATH_UNIX),
                         Poco::Zip::ZipCommon::CM_STORE);
    }
    compress.close();
    return out.str();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view rest(reinterpret_cast<const char*>(data), size);
    std::string parts[3];
    for (auto& part : parts) {
        const size_t cut = rest.find(std::string_view("\0\0", 2));
        part = std::string(rest.substr(0, cut));
        rest = cut == std::string_view::npos ? std::string_view() : rest.substr(cut + 2);
    }
    std::istringstream in(zip_book(parts[0], parts[1], parts[2]));
    try {
        sitrep::XlsxReader reader(in);
        (void)reader.is_hidden("Data");
        (void)reader.hidden_columns("Data");
        reader.read_sheet("Data", [](const sitrep::XlsxRow& row) {
            for (const auto& cell : row.cells) {
                (void)row.at(cell.column);
                if (cell.is_date) {
                    try {
                        (void)sitrep::excel_serial_to_date(cell.number);
                    } catch (const std::exception&) {
                        // An out-of-range serial is an InputError, as the feeds report it.
                    }
                }
            }
        });
    } catch (const std::exception&) {
        // A rejected workbook is the expected answer to most inputs.
    }
    return 0;
}
