#include "pipeline/readers/xlsx_reader.h"

#include <Poco/DateTime.h>
#include <Poco/Path.h>
#include <Poco/Zip/Compress.h>
#include <doctest/doctest.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "pipeline/foundation/errors.h"

namespace {

using sitrep::Date;
using sitrep::InputError;
using sitrep::XlsxCell;
using sitrep::XlsxReader;
using sitrep::XlsxRow;

// libxlsxwriter 1.1.4 can only write to a file, so each workbook goes through a temporary one.
std::string write_with_libxlsxwriter(const std::function<void(lxw_workbook*)>& build,
                                     bool constant_memory = false) {
    static int counter = 0;
    const auto path =
        std::filesystem::temp_directory_path() / ("xlsx_reader_test_" + std::to_string(::getpid()) +
                                                  "_" + std::to_string(++counter) + ".xlsx");
    lxw_workbook_options options{};
    options.constant_memory = constant_memory ? LXW_TRUE : LXW_FALSE;
    lxw_workbook* workbook = workbook_new_opt(path.c_str(), &options);
    REQUIRE(workbook != nullptr);
    build(workbook);
    REQUIRE(workbook_close(workbook) == LXW_NO_ERROR);
    std::ifstream in(path, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    std::filesystem::remove(path);
    return bytes.str();
}

// Zips parts given as (path, XML) pairs: for the cases libxlsxwriter never writes.
std::string zip_parts(const std::vector<std::pair<std::string, std::string>>& parts) {
    std::ostringstream out;
    Poco::Zip::Compress compress(out, true);
    for (const auto& [path, xml] : parts) {
        std::istringstream in(xml);
        compress.addFile(in, Poco::DateTime(2023, 1, 30), Poco::Path(path, Poco::Path::PATH_UNIX));
    }
    compress.close();
    return out.str();
}

const std::string kMain = R"(xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main")";
const std::string kRelNs =
    R"(xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships")";
const std::string kRelType = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/";

std::string sheet_xml(const std::string& body, const std::string& before_data = "") {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet " + kMain + " " + kRelNs + ">" +
           before_data + "<sheetData>" + body + "</sheetData></worksheet>";
}

struct HandmadeSheet {
    std::string name;
    std::string target;  ///< relationship target as written in workbook.xml.rels
    std::string path;    ///< where the part is stored in the zip
    std::string xml;
    std::string state;
};

// A minimal workbook as Excel lays it out, with the parts under our control.
std::string handmade_book(const std::vector<HandmadeSheet>& sheets, const std::string& shared = "",
                          const std::string& styles = "", const std::string& workbook_pr = "") {
    std::string sheet_list;
    std::string rels;
    std::vector<std::pair<std::string, std::string>> parts;
    for (std::size_t i = 0; i < sheets.size(); ++i) {
        const auto id = "rId" + std::to_string(i + 1);
        sheet_list += "<sheet name=\"" + sheets[i].name + "\" sheetId=\"" + std::to_string(i + 1) +
                      "\" r:id=\"" + id + "\"" +
                      (sheets[i].state.empty() ? "" : " state=\"" + sheets[i].state + "\"") + "/>";
        rels += "<Relationship Id=\"" + id + "\" Type=\"" + kRelType + "worksheet\" Target=\"" +
                sheets[i].target + "\"/>";
        parts.emplace_back(sheets[i].path, sheets[i].xml);
    }
    if (!shared.empty()) {
        rels += "<Relationship Id=\"rIdS\" Type=\"" + kRelType +
                "sharedStrings\" Target=\"sharedStrings.xml\"/>";
        parts.emplace_back("xl/sharedStrings.xml",
                           "<?xml version=\"1.0\"?><sst " + kMain + ">" + shared + "</sst>");
    }
    if (!styles.empty()) {
        rels += "<Relationship Id=\"rIdT\" Type=\"" + kRelType + "styles\" Target=\"styles.xml\"/>";
        parts.emplace_back("xl/styles.xml", "<?xml version=\"1.0\"?><styleSheet " + kMain + ">" +
                                                styles + "</styleSheet>");
    }
    parts.emplace_back(
        "_rels/.rels",
        "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/"
        "package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"" +
            kRelType + "officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>");
    parts.emplace_back("xl/workbook.xml", "<?xml version=\"1.0\"?><workbook " + kMain + " " +
                                              kRelNs + ">" + workbook_pr + "<sheets>" + sheet_list +
                                              "</sheets></workbook>");
    parts.emplace_back(
        "xl/_rels/workbook.xml.rels",
        "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/"
        "package/2006/relationships\">" +
            rels + "</Relationships>");
    return zip_parts(parts);
}

std::string one_sheet_book(const std::string& body, const std::string& shared = "",
                           const std::string& styles = "", const std::string& workbook_pr = "") {
    return handmade_book(
        {{"Data", "worksheets/sheet1.xml", "xl/worksheets/sheet1.xml", sheet_xml(body), ""}},
        shared, styles, workbook_pr);
}

XlsxReader open(const std::string& bytes) {
    std::istringstream in(bytes);
    return XlsxReader(in);
}

std::vector<XlsxRow> read_all(const XlsxReader& reader, const std::string& sheet) {
    std::vector<XlsxRow> rows;
    reader.read_sheet(sheet, [&](const XlsxRow& row) { rows.push_back(row); });
    return rows;
}

// The cell at a reference such as "B4", failing the test when it is absent.
const XlsxCell& cell(const std::vector<XlsxRow>& rows, uint32_t row, uint32_t column) {
    for (const auto& r : rows) {
        if (r.number != row) continue;
        const XlsxCell* c = r.at(column);
        if (c) return *c;
    }
    throw std::runtime_error("no cell at row " + std::to_string(row) + " column " +
                             std::to_string(column));
}

}  // namespace

TEST_CASE("a workbook written by libxlsxwriter reads back its inline strings, numbers and dates") {
    const auto bytes = write_with_libxlsxwriter(
        [](lxw_workbook* wb) {
            lxw_worksheet* ws = workbook_add_worksheet(wb, "Cases");
            lxw_format* builtin_date = workbook_add_format(wb);
            format_set_num_format_index(builtin_date, 14);
            lxw_format* custom_date = workbook_add_format(wb);
            format_set_num_format(custom_date, "dd/mm/yyyy");
            lxw_format* thousands = workbook_add_format(wb);
            format_set_num_format(thousands, "#,##0");
            worksheet_write_string(ws, 0, 0, "Datum / Date", nullptr);
            worksheet_write_string(ws, 0, 1, "Liège", nullptr);
            worksheet_write_number(ws, 1, 0, 44621, builtin_date);
            worksheet_write_number(ws, 1, 1, 44622, custom_date);
            worksheet_write_number(ws, 1, 2, 16183, thousands);
            worksheet_write_number(ws, 1, 3, -2.5, nullptr);
            worksheet_write_boolean(ws, 2, 0, 1, nullptr);
            worksheet_write_formula_num(ws, 2, 1, "=C2*2", nullptr, 32366);
        },
        /*constant_memory=*/true);
    const auto reader = open(bytes);
    CHECK(reader.sheet_names() == std::vector<std::string>{"Cases"});
    const auto rows = read_all(reader, "Cases");
    REQUIRE(rows.size() == 3);
    CHECK(rows[0].number == 1);

    CHECK(cell(rows, 1, 0).type == XlsxCell::Type::kString);
    CHECK(cell(rows, 1, 0).text == "Datum / Date");
    CHECK(cell(rows, 1, 0).ref == "A1");
    CHECK(cell(rows, 1, 1).text == "Liège");

    const auto& builtin = cell(rows, 2, 0);
    CHECK(builtin.type == XlsxCell::Type::kNumber);
    CHECK(builtin.is_date);
    CHECK(sitrep::excel_serial_to_date(builtin.number) == Date::from_ymd(2022, 3, 1));
    const auto& custom = cell(rows, 2, 1);
    CHECK(custom.is_date);
    CHECK(sitrep::excel_serial_to_date(custom.number) == Date::from_ymd(2022, 3, 2));
    const auto& count = cell(rows, 2, 2);
    CHECK_FALSE(count.is_date);
    CHECK(count.number == 16183);
    CHECK(count.text == "16183");
    CHECK(cell(rows, 2, 3).number == -2.5);

    CHECK(cell(rows, 3, 0).type == XlsxCell::Type::kBool);
    CHECK(cell(rows, 3, 0).number == 1);
    const auto& formula = cell(rows, 3, 1);
    CHECK(formula.has_formula);
    CHECK(formula.has_cached_value);
    CHECK(formula.number == 32366);
}

TEST_CASE("shared strings written by libxlsxwriter, rich text included, read back whole") {
    const auto bytes = write_with_libxlsxwriter([](lxw_workbook* wb) {
        lxw_worksheet* ws = workbook_add_worksheet(wb, "Texts");
        lxw_format* bold = workbook_add_format(wb);
        format_set_bold(bold);
        worksheet_write_string(ws, 0, 0, "Antwerpen", nullptr);
        worksheet_write_string(ws, 1, 0, "Antwerpen", nullptr);
        char plain[] = "Totaal ";
        char strong[] = "/ Total";
        lxw_rich_string_tuple first{nullptr, plain};
        lxw_rich_string_tuple second{bold, strong};
        lxw_rich_string_tuple* fragments[] = {&first, &second, nullptr};
        worksheet_write_rich_string(ws, 2, 0, fragments, nullptr);
    });
    const auto rows = read_all(open(bytes), "Texts");
    REQUIRE(rows.size() == 3);
    CHECK(cell(rows, 1, 0).text == "Antwerpen");
    CHECK(cell(rows, 2, 0).text == "Antwerpen");
    CHECK(cell(rows, 3, 0).type == XlsxCell::Type::kString);
    CHECK(cell(rows, 3, 0).text == "Totaal / Total");
}

TEST_CASE("rich-text shared strings concatenate their runs and leave out phonetic hints") {
    const std::string shared =
        "<si><t>plain</t></si>"
        "<si><r><rPr><b/></rPr><t>Brussels </t></r><r><t xml:space=\"preserve\">Hoofdstedelijk"
        " </t></r><r><t>Gewest</t></r></si>"
        "<si><t>東京</t><rPh sb=\"0\" eb=\"2\"><t>トウキョウ</t></rPh></si>"
        "<si><t>a &amp; b</t></si>";
    const auto rows =
        read_all(open(one_sheet_book("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>1</v></c><c r=\"B1\" "
                                     "t=\"s\"><v>2</v></c><c r=\"C1\" t=\"s\"><v>3</v></c></row>",
                                     shared)),
                 "Data");
    REQUIRE(rows.size() == 1);
    CHECK(cell(rows, 1, 0).text == "Brussels Hoofdstedelijk Gewest");
    CHECK(cell(rows, 1, 1).text == "東京");
    CHECK(cell(rows, 1, 2).text == "a & b");
}

TEST_CASE("a formula cell gives its cached value, and one without a value says so") {
    const auto rows =
        read_all(open(one_sheet_book("<row r=\"1\">"
                                     "<c r=\"A1\"><f>SUM(C4:C2994)</f><v>16183</v></c>"
                                     "<c r=\"B1\"><f>SUM(C4:C2994)</f></c>"
                                     "<c r=\"C1\" t=\"str\"><f>\"a\"&amp;\"b\"</f><v>ab</v></c>"
                                     "<c r=\"D1\" t=\"e\"><f>1/0</f><v>#DIV/0!</v></c>"
                                     "<c r=\"E1\" t=\"b\"><v>0</v></c>"
                                     "<c r=\"F1\" s=\"0\"/>"
                                     "<c r=\"G1\" t=\"inlineStr\"><is><t>inline</t></is></c>"
                                     "</row>")),
                 "Data");
    REQUIRE(rows.size() == 1);
    const auto& cached = cell(rows, 1, 0);
    CHECK(cached.has_formula);
    CHECK(cached.has_cached_value);
    CHECK(cached.type == XlsxCell::Type::kNumber);
    CHECK(cached.number == 16183);

    const auto& uncached = cell(rows, 1, 1);
    CHECK(uncached.has_formula);
    CHECK_FALSE(uncached.has_cached_value);
    CHECK(uncached.type == XlsxCell::Type::kEmpty);

    CHECK(cell(rows, 1, 2).type == XlsxCell::Type::kString);
    CHECK(cell(rows, 1, 2).text == "ab");
    CHECK(cell(rows, 1, 3).type == XlsxCell::Type::kError);
    CHECK(cell(rows, 1, 3).text == "#DIV/0!");
    CHECK(cell(rows, 1, 4).type == XlsxCell::Type::kBool);
    CHECK(cell(rows, 1, 4).number == 0);
    CHECK(rows[0].at(5) == nullptr);  // a styled blank is not a cell
    CHECK(cell(rows, 1, 6).text == "inline");
}

TEST_CASE("date styles come from cellXfs, built-in ids and custom format codes") {
    const std::string styles =
        "<numFmts count=\"6\">"
        "<numFmt numFmtId=\"164\" formatCode=\"dd/mm/yyyy\"/>"
        "<numFmt numFmtId=\"165\" formatCode=\"#,##0\"/>"
        "<numFmt numFmtId=\"166\" formatCode=\"[$-413]d\\ mmmm\\ yyyy;@\"/>"
        "<numFmt numFmtId=\"167\" formatCode=\"&quot;day &quot;0\"/>"
        "<numFmt numFmtId=\"168\" formatCode=\"[Red]0.00\"/>"
        "<numFmt numFmtId=\"169\" formatCode=\"0\\d\"/>"
        "</numFmts>"
        "<cellStyleXfs count=\"1\"><xf numFmtId=\"14\"/></cellStyleXfs>"
        "<cellXfs count=\"9\"><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/><xf numFmtId=\"164\"/>"
        "<xf numFmtId=\"165\"/><xf numFmtId=\"166\"/><xf numFmtId=\"167\"/><xf numFmtId=\"168\"/>"
        "<xf numFmtId=\"169\"/><xf numFmtId=\"3\"/></cellXfs>";
    std::string row = "<row r=\"1\">";
    for (int s = 0; s <= 9; ++s) {
        row += "<c s=\"" + std::to_string(s) + "\"><v>44621</v></c>";
    }
    row += "</row>";
    const auto rows = read_all(open(one_sheet_book(row, "", styles)), "Data");
    REQUIRE(rows.size() == 1);
    REQUIRE(rows[0].cells.size() == 10);
    const std::vector<bool> expected = {false, true,  true,  false, true, false,
                                        false, false, false, false /* style 9 does not exist */};
    for (uint32_t c = 0; c < expected.size(); ++c) {
        CAPTURE(c);
        CHECK(rows[0].cells[c].is_date == expected[c]);
    }
    CHECK(rows[0].cells[1].ref == "B1");
}

TEST_CASE("sheets are found by name whatever their order and however their targets are written") {
    const auto bytes = handmade_book(
        {{"Registratie", "/xl/worksheets/sheet2.xml", "xl/worksheets/sheet2.xml",
          sheet_xml("<row r=\"4\"><c r=\"B4\"><v>258</v></c></row>"), ""},
         {"Doorverwijzingen", "worksheets/../worksheets/./sheet1.xml", "xl/worksheets/sheet1.xml",
          sheet_xml("<row r=\"4\"><c r=\"C4\"><v>4</v></c></row>"), ""}});
    const auto reader = open(bytes);
    CHECK(reader.sheet_names() == std::vector<std::string>{"Registratie", "Doorverwijzingen"});
    CHECK(cell(read_all(reader, "Doorverwijzingen"), 4, 2).number == 4);
    CHECK(cell(read_all(reader, "Registratie"), 4, 1).number == 258);

    const auto written = write_with_libxlsxwriter([](lxw_workbook* wb) {
        lxw_worksheet* zeta = workbook_add_worksheet(wb, "Zeta");
        lxw_worksheet* alpha = workbook_add_worksheet(wb, "Alpha");
        worksheet_write_string(zeta, 0, 0, "in zeta", nullptr);
        worksheet_write_string(alpha, 0, 0, "in alpha", nullptr);
    });
    const auto by_libxlsxwriter = open(written);
    CHECK(cell(read_all(by_libxlsxwriter, "Alpha"), 1, 0).text == "in alpha");
    CHECK(cell(read_all(by_libxlsxwriter, "Zeta"), 1, 0).text == "in zeta");
}

TEST_CASE("hidden sheets, hidden columns and hidden rows are reported") {
    const auto bytes = write_with_libxlsxwriter([](lxw_workbook* wb) {
        lxw_worksheet* shown = workbook_add_worksheet(wb, "Shown");
        lxw_worksheet* secret = workbook_add_worksheet(wb, "Secret");
        worksheet_activate(shown);
        worksheet_hide(secret);
        lxw_row_col_options hide{};
        hide.hidden = LXW_TRUE;
        worksheet_set_column_opt(shown, 1, 1, 10, nullptr, &hide);
        worksheet_set_column_opt(shown, 4, 6, 10, nullptr, &hide);
        worksheet_set_row_opt(shown, 1, 15, nullptr, &hide);
        worksheet_write_number(shown, 0, 0, 1, nullptr);
        worksheet_write_number(shown, 1, 0, 2, nullptr);
        worksheet_write_number(secret, 0, 0, 3, nullptr);
    });
    const auto reader = open(bytes);
    CHECK_FALSE(reader.is_hidden("Shown"));
    CHECK(reader.is_hidden("Secret"));
    CHECK(reader.hidden_columns("Shown") == std::vector<uint32_t>{1, 4, 5, 6});
    CHECK(reader.hidden_columns("Secret").empty());
    const auto rows = read_all(reader, "Shown");
    REQUIRE(rows.size() == 2);
    CHECK_FALSE(rows[0].hidden);
    CHECK(rows[1].hidden);

    const auto very_hidden = handmade_book(
        {{"Visible", "worksheets/sheet1.xml", "xl/worksheets/sheet1.xml", sheet_xml(""), ""},
         {"Lookup", "worksheets/sheet2.xml", "xl/worksheets/sheet2.xml", sheet_xml(""),
          "veryHidden"}});
    CHECK(open(very_hidden).is_hidden("Lookup"));
}

TEST_CASE("rows and cells without references take the next number, and 1904 dates are shifted") {
    const std::string styles =
        "<cellXfs count=\"2\"><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/></cellXfs>";
    const auto reader =
        open(one_sheet_book("<row><c><v>1</v></c><c s=\"1\"><v>43159</v></c></row>"
                            "<row><c r=\"C2\"><v>3</v></c><c r=\"A2\"><v>2</v></c>"
                            "</row>",
                            "", styles, "<workbookPr date1904=\"1\"/>"));
    CHECK(reader.uses_1904_dates());
    const auto rows = read_all(reader, "Data");
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].number == 1);
    CHECK(rows[0].cells[1].ref == "B1");
    // 43159 days after 1904-01-01 is 2022-03-01.
    CHECK(sitrep::excel_serial_to_date(rows[0].cells[1].number) == Date::from_ymd(2022, 3, 1));
    CHECK(rows[1].number == 2);
    REQUIRE(rows[1].cells.size() == 2);
    CHECK(rows[1].cells[0].ref == "A2");  // put back in column order
    CHECK(rows[1].at(2)->number == 3);
}

TEST_CASE("an input that is not a zip gives an InputError saying so") {
    CHECK_THROWS_WITH_AS(open("Datum;Provincie;Aantal\n2022-03-01;Antwerpen;5\n"),
                         doctest::Contains("not an .xlsx workbook (zip)"), InputError);
    CHECK_THROWS_WITH_AS(
        open(""), doctest::Contains("not an .xlsx workbook (zip): the input is empty"), InputError);
    CHECK_THROWS_WITH_AS(open(std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) + "rest"),
                         doctest::Contains("legacy .xls"), InputError);
    CHECK_THROWS_WITH_AS(open(zip_parts({{"word/document.xml", "<document/>"}})),
                         doctest::Contains("has no xl/workbook.xml (it holds word/document.xml)"),
                         InputError);
    const auto good = one_sheet_book("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>");
    CHECK_THROWS_AS(open(good.substr(0, good.size() / 2)), InputError);
}

TEST_CASE("a missing sheet gives an InputError that lists the sheets the workbook has") {
    const auto bytes = handmade_book(
        {{"A", "worksheets/sheet1.xml", "xl/worksheets/sheet1.xml", sheet_xml(""), ""},
         {"B", "worksheets/sheet2.xml", "xl/worksheets/sheet2.xml", sheet_xml(""), ""}});
    const auto reader = open(bytes);
    CHECK_THROWS_WITH_AS(reader.read_sheet("X", [](const XlsxRow&) {}),
                         "sheet 'X' not found; the workbook has 'A', 'B'", InputError);
    CHECK_THROWS_AS(reader.is_hidden("X"), InputError);
    CHECK_THROWS_AS(reader.hidden_columns("X"), InputError);
    CHECK_NOTHROW(reader.read_sheet("b", [](const XlsxRow&) {}));  // as Excel: case-insensitive
}

TEST_CASE("bad cell contents give an InputError naming the sheet and the cell") {
    CHECK_THROWS_WITH_AS(
        read_all(open(one_sheet_book("<row r=\"4\"><c r=\"C4\"><v>vier</v></c></row>")), "Data"),
        "sheet 'Data' cell C4: value 'vier' is not a number", InputError);
    CHECK_THROWS_WITH_AS(
        read_all(open(one_sheet_book("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>7</v></c></row>",
                                     "<si><t>only</t></si>")),
                 "Data"),
        "sheet 'Data' cell A1 refers to shared string 7 but the workbook has 1", InputError);
    CHECK_THROWS_WITH_AS(
        read_all(open(one_sheet_book("<row r=\"1\"><c r=\"A1\"><v>1</v></row>")), "Data"),
        doctest::Contains("sheet 'Data': cannot read part xl/worksheets/sheet1.xml"), InputError);
}

// Found by fuzz/ (fuzz/corpus/xlsx/crash-f7affe…): reading only the <cols> called a null row
// callback when a row stood outside <sheetData>.
TEST_CASE("the hidden columns of a sheet with a row outside <sheetData> are read, not crashed on") {
    const std::string xml = "<?xml version=\"1.0\"?><worksheet " + kMain + " " + kRelNs +
                            "><cols><col min=\"2\" max=\"2\" hidden=\"1\"/></cols>"
                            "<sheetDatX><row r=\"1\"><c r=\"A1\"><v>1</v></c></row></sheetDatX>"
                            "</worksheet>";
    const auto reader = open(handmade_book(
        {{"Data", "worksheets/sheet1.xml", "xl/worksheets/sheet1.xml", xml, ""}}));
    CHECK(reader.hidden_columns("Data") == std::vector<uint32_t>{1});
}

// Found by fuzz_fedasil (fuzz/corpus/fedasil/crash-b4d152…): Poco's isDirectory() read before
// an empty entry name; only a sanitizer build sees that read, this checks the entry is skipped.
TEST_CASE("a zip entry without a name is skipped and the workbook around it reads") {
    std::ifstream in(std::string(SITREP_FIXTURES_DIR) + "/xlsx/empty_entry_name.xlsx",
                     std::ios::binary);
    REQUIRE(in.good());
    const XlsxReader reader(in);
    const auto rows = read_all(reader, "Data");
    REQUIRE(rows.size() == 1);
    REQUIRE(rows[0].cells.size() == 1);
    CHECK(rows[0].cells[0].number == 42);
}

// Found by fuzz/ (fuzz/corpus/xlsx/): from_chars reads `nan` and `inf`, which no spreadsheet
// writes and which no count can be.
TEST_CASE("a cell value of nan or inf is not a number") {
    for (const char* v : {"nan", "inf", "-INF", "infinity"}) {
        CAPTURE(v);
        CHECK_THROWS_WITH_AS(
            read_all(open(one_sheet_book(std::string("<row r=\"2\"><c r=\"B2\"><v>") + v +
                                         "</v></c></row>")),
                     "Data"),
            (std::string("sheet 'Data' cell B2: value '") + v + "' is not a number").c_str(),
            InputError);
    }
}

TEST_CASE(
    "an exception thrown by the row callback reaches the caller unchanged and stops reading") {
    const auto reader =
        open(one_sheet_book("<row r=\"1\"><c><v>1</v></c></row>"
                            "<row r=\"2\"><c><v>2</v></c></row>"
                            "<row r=\"3\"><c><v>3</v></c></row>"));
    int seen = 0;
    CHECK_THROWS_WITH_AS(reader.read_sheet("Data",
                                           [&](const XlsxRow& row) {
                                               ++seen;
                                               if (row.number == 2)
                                                   throw std::logic_error("enough");
                                           }),
                         "enough", std::logic_error);
    CHECK(seen == 2);
    CHECK(read_all(reader, "Data").size() == 3);  // the reader is still usable
}

TEST_CASE("excel_serial_to_date follows Excel's 1900 date system and its phantom leap day") {
    CHECK(sitrep::excel_serial_to_date(25569) == Date(0));
    CHECK(sitrep::excel_serial_to_date(44621) == Date::from_ymd(2022, 3, 1));
    CHECK(sitrep::excel_serial_to_date(44621.75) == Date::from_ymd(2022, 3, 1));
    CHECK(sitrep::excel_serial_to_date(1) == Date::from_ymd(1900, 1, 1));
    CHECK(sitrep::excel_serial_to_date(59) == Date::from_ymd(1900, 2, 28));
    CHECK(sitrep::excel_serial_to_date(61) == Date::from_ymd(1900, 3, 1));
    CHECK_THROWS_AS(sitrep::excel_serial_to_date(-1), InputError);
}

TEST_CASE("the Fedasil sample reads with its dates, provinces, counts and total formula") {
    std::ifstream in(
        std::string(SITREP_FIXTURES_DIR) + "/sample/inbox/fedasil_crisisopvang_2023-01-30.xlsx",
        std::ios::binary);
    REQUIRE(in);
    const XlsxReader reader(in);
    const std::string referrals = "Doorverwijzingen - Orientations";
    const std::string registrations = "Registratie - Enregistrement";
    CHECK(reader.sheet_names() == std::vector<std::string>{referrals, registrations});
    CHECK_FALSE(reader.is_hidden(referrals));
    CHECK(reader.hidden_columns(referrals).empty());

    std::map<uint32_t, XlsxRow> kept;
    uint32_t first = 0, last = 0;
    std::size_t count = 0;
    double sum = 0;
    reader.read_sheet(referrals, [&](const XlsxRow& row) {
        if (first == 0) first = row.number;
        last = row.number;
        ++count;
        if (row.number == 3 || row.number == 4 || row.number == 2995) kept[row.number] = row;
        const XlsxCell* c = row.at(2);
        if (row.number >= 4 && row.number < 2995 && c) sum += c->number;
    });
    CHECK(first == 1);
    CHECK(last == 2995);
    CHECK(count == 2994);  // row 2 is blank and absent
    CHECK(kept[3].at(0)->text == "Datum / Date");
    const XlsxCell* date = kept[4].at(0);
    REQUIRE(date);
    CHECK(date->is_date);
    CHECK(sitrep::excel_serial_to_date(date->number) == Date::from_ymd(2022, 3, 1));
    CHECK(kept[4].at(1)->text == "Brussels Hoofdstedelijk Gewest");
    CHECK(kept[4].at(2)->number == 4);
    CHECK_FALSE(kept[4].at(2)->is_date);
    CHECK(kept[2995].at(0)->text == "Totaal / Total");
    CHECK(kept[2995].at(1) == nullptr);
    const XlsxCell* total = kept[2995].at(2);
    REQUIRE(total);
    CHECK(total->ref == "C2995");
    CHECK(total->has_formula);
    CHECK(total->has_cached_value);
    CHECK(total->number == 16183);
    CHECK(sum == 16183);

    uint32_t first_data = 0, last_data = 0;
    reader.read_sheet(registrations, [&](const XlsxRow& row) {
        const XlsxCell* a = row.at(0);
        if (a && a->is_date) {
            if (first_data == 0) first_data = row.number;
            last_data = row.number;
        }
    });
    CHECK(first_data == 4);
    CHECK(last_data == 339);
}
