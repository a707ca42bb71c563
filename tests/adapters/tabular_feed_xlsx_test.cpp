#include <xlsxwriter.h>

#include <unistd.h>

#include <filesystem>
#include <functional>

#include "adapters/tabular_feed.h"
#include "tests/adapters/adapter_support.h"
#include "tests/catalogue/catalogue_support.h"

using namespace sitrep;
using namespace sitrep::test;

namespace {

// The one feed of a catalogue made of the shipped one and `feed`.
TabularFeed feed_of(const std::string& feed) {
    return TabularFeed(catalogue_with_feed(feed, kSciensanoIndicator, kSciensanoPartner).feeds().at(0));
}

// The bytes of a workbook that `fill` writes, made by libxlsxwriter as Excel would save it.
std::string workbook(const std::string& name, const std::function<void(lxw_workbook*)>& fill) {
    // One file per process and workbook: ctest runs test cases side by side.
    const auto path = std::filesystem::temp_directory_path() /
                      ("sitrep_tabular_" + std::to_string(::getpid()) + "_" + name + ".xlsx");
    lxw_workbook* wb = workbook_new(path.c_str());
    fill(wb);
    REQUIRE(workbook_close(wb) == LXW_NO_ERROR);
    std::string bytes = read_bytes(path.string());
    std::filesystem::remove(path);
    return bytes;
}

ParseResult read_with(const TabularFeed& feed, const std::string& name, const std::string& bytes) {
    std::istringstream in(bytes);
    return read_submission(feed, name, in);
}

// Persons in the register per province and day, on a sheet among others.
const std::string kRegisterFeed =
    "[feed]\nname = t\npartner = dvz\nfiles = register_*.xlsx\nformat = xlsx\n"
    "sheet = per PROVINCIE\nheader = search\n"
    "[date]\ncolumn = Datum, Date\nkind = day\n"
    "[area]\ncolumn = Provincie\ntotal = Totaal*\ntotal_area = BE\n"
    "[values]\ntp.register.persons = Personen\n";

// A sheet titled, with a header on row 3, real Excel dates, a hidden row and a hidden column,
// and the partner's own total row.
void register_sheet(lxw_workbook* wb, lxw_worksheet* ws, const char* liege = "Luik",
                    double brussels = 40) {
    lxw_format* date = workbook_add_format(wb);
    format_set_num_format(date, "dd/mm/yyyy");
    worksheet_write_string(ws, 0, 0, "Personen in het register", nullptr);
    worksheet_write_string(ws, 2, 0, "Datum", nullptr);
    worksheet_write_string(ws, 2, 1, "Provincie", nullptr);
    // A helper column the partner hid, headed like the real one beside it: not read.
    worksheet_write_string(ws, 2, 2, "Personen", nullptr);
    worksheet_write_string(ws, 2, 3, "Personen", nullptr);
    lxw_row_col_options hidden = {1, 0, 0};
    worksheet_set_column_opt(ws, 2, 2, 10, nullptr, &hidden);
    lxw_datetime day = {2023, 2, 8, 0, 0, 0};
    const char* provinces[] = {"Antwerpen", liege, "Brussel"};
    const double persons[] = {100, 7, brussels};
    for (int i = 0; i < 3; ++i) {
        worksheet_write_datetime(ws, 3 + i, 0, &day, date);
        worksheet_write_string(ws, 3 + i, 1, provinces[i], nullptr);
        worksheet_write_number(ws, 3 + i, 2, 999, nullptr);
        worksheet_write_number(ws, 3 + i, 3, persons[i], nullptr);
    }
    // A row filtered out of view is not part of what the partner reports.
    worksheet_write_datetime(ws, 6, 0, &day, date);
    worksheet_write_string(ws, 6, 1, "Namen", nullptr);
    worksheet_write_number(ws, 6, 3, 500, nullptr);
    worksheet_set_row_opt(ws, 6, LXW_DEF_ROW_HEIGHT, nullptr, &hidden);
    worksheet_write_datetime(ws, 7, 0, &day, date);
    worksheet_write_string(ws, 7, 1, "Totaal België", nullptr);
    worksheet_write_formula_num(ws, 7, 3, "=SUM(D4:D6)", nullptr, 147);
}

}  // namespace

TEST_CASE("a workbook sheet defined as data gives its provinces' figures, with real Excel dates") {
    const TabularFeed feed = feed_of(kRegisterFeed);
    const auto r = read_with(feed, "register_2023-02-08.xlsx", workbook("dates", [](lxw_workbook* wb) {
        worksheet_write_string(workbook_add_worksheet(wb, "Toelichting"), 0, 0, "Zie blad 2", nullptr);
        register_sheet(wb, workbook_add_worksheet(wb, "Per provincie"));
    }));
    CHECK(problems(r) == "");
    CHECK(r.rows == 4);
    CHECK(total(r, "tp.register.persons", "BE21") == 100);
    CHECK(total(r, "tp.register.persons", "BE33") == 7);
    CHECK(total(r, "tp.register.persons", "BE1") == 40);
    CHECK(total(r, "tp.register.persons", "BE") == 147);
    CHECK(total(r, "tp.register.persons", "BE35") == 0);
    REQUIRE(r.observations.size() == 4);
    CHECK(r.observations[1].location == "Per provincie!D5");
    CHECK(r.observations[0].from.iso() == "2023-02-08");
    CHECK(r.reference_date->iso() == "2023-02-08");
}

TEST_CASE("a bad cell in a workbook feed names the sheet and the cell") {
    const TabularFeed feed = feed_of(kRegisterFeed);
    const auto r = read_with(feed, "register_2023-02-08.xlsx", workbook("bad", [](lxw_workbook* wb) {
        lxw_worksheet* ws = workbook_add_worksheet(wb, "Per provincie");
        register_sheet(wb, ws, "Atlantis", -3);
        worksheet_write_string(ws, 8, 0, "31/02/2023", nullptr);
        worksheet_write_string(ws, 8, 1, "Namen", nullptr);
        worksheet_write_string(ws, 8, 3, "12 personen", nullptr);
    }));
    const std::string p = problems(r);
    CHECK(p.find("f:Per provincie!B5: unknown area 'Atlantis'") != std::string::npos);
    CHECK(p.find("f:Per provincie!D6: '-3' is not a whole non-negative count") != std::string::npos);
    CHECK(p.find("f:Per provincie!A9: '31/02/2023' is not a date (dd/mm/yyyy)") != std::string::npos);
    CHECK(p.find("f:Per provincie!D9: ") != std::string::npos);
    CHECK(r.problems.size() == 4);
    CHECK(total(r, "tp.register.persons", "BE21") == 100);
}

TEST_CASE("a workbook feed finds its sheet by name whatever the order of the sheets") {
    const TabularFeed feed = feed_of(kRegisterFeed);
    const auto first = read_with(feed, "register_2023-02-08.xlsx", workbook("first", [](lxw_workbook* wb) {
        register_sheet(wb, workbook_add_worksheet(wb, "Per provincie"));
        worksheet_write_string(workbook_add_worksheet(wb, "Per gewest"), 0, 0, "Provincie", nullptr);
    }));
    const auto last = read_with(feed, "register_2023-02-08.xlsx", workbook("last", [](lxw_workbook* wb) {
        worksheet_write_string(workbook_add_worksheet(wb, "Per gewest"), 0, 0, "Provincie", nullptr);
        register_sheet(wb, workbook_add_worksheet(wb, "PER PROVINCIE"));
    }));
    CHECK(problems(first) == "");
    CHECK(problems(last) == "");
    CHECK(total(first, "tp.register.persons", "BE33") == 7);
    CHECK(total(last, "tp.register.persons", "BE33") == 7);
    CHECK(last.observations[1].location == "PER PROVINCIE!D5");
}

TEST_CASE("a workbook feed names a missing sheet with the sheets the workbook has") {
    const TabularFeed feed = feed_of(kRegisterFeed);
    const auto r = read_with(feed, "register_2023-02-08.xlsx", workbook("missing", [](lxw_workbook* wb) {
        worksheet_write_string(workbook_add_worksheet(wb, "Per gewest"), 0, 0, "x", nullptr);
        worksheet_write_string(workbook_add_worksheet(wb, "Toelichting"), 0, 0, "x", nullptr);
    }));
    CHECK(problems(r).find("no sheet 'per PROVINCIE' (the workbook has 'Per gewest', 'Toelichting')") !=
          std::string::npos);
    CHECK(r.observations.empty());
}

TEST_CASE("a workbook feed without a sheet reads the first visible one, with dates and numbers as text") {
    std::string def = kRegisterFeed;
    def.erase(def.find("sheet = per PROVINCIE\n"), 22);
    const TabularFeed feed = feed_of(def);
    const auto r = read_with(feed, "register_2023-02-08.xlsx", workbook("visible", [](lxw_workbook* wb) {
        lxw_worksheet* hidden = workbook_add_worksheet(wb, "Berekening");
        lxw_worksheet* ws = workbook_add_worksheet(wb, "Gegevens");
        worksheet_write_string(hidden, 0, 0, "Datum", nullptr);
        worksheet_activate(ws);
        worksheet_hide(hidden);
        worksheet_write_string(ws, 0, 0, "Date", nullptr);
        worksheet_write_string(ws, 0, 1, "provincie", nullptr);
        worksheet_write_string(ws, 0, 2, "PERSONEN", nullptr);
        worksheet_write_string(ws, 1, 0, "09/02/2023", nullptr);
        worksheet_write_string(ws, 1, 1, "Henegouwen", nullptr);
        worksheet_write_string(ws, 1, 2, "1.234", nullptr);
    }));
    CHECK(problems(r) == "");
    CHECK(total(r, "tp.register.persons", "BE32") == 1234);
    CHECK(r.reference_date->iso() == "2023-02-09");
    REQUIRE(r.observations.size() == 1);
    CHECK(r.observations[0].location == "Gegevens!C2");
}

TEST_CASE("workbook rows that add up to one fact name the cells they came from") {
    std::string def = kSciensanoFeed;
    def.replace(def.find("files = sciensano_COVID19BE_MORT*.csv"), 37,
                "files = sciensano_*.xlsx\nformat = xlsx\nsheet = Deaths");
    const TabularFeed feed = feed_of(def);
    const auto r = read_with(feed, "sciensano_mort.xlsx", workbook("aggregate", [](lxw_workbook* wb) {
        lxw_worksheet* ws = workbook_add_worksheet(wb, "Deaths");
        const char* header[] = {"DATE", "REGION", "AGEGROUP", "SEX", "DEATHS"};
        for (int c = 0; c < 5; ++c) worksheet_write_string(ws, 0, c, header[c], nullptr);
        for (int row = 1; row <= 3; ++row) {
            worksheet_write_string(ws, row, 0, "2020-03-10", nullptr);
            worksheet_write_string(ws, row, 1, "Brussels", nullptr);
            worksheet_write_string(ws, row, 2, "85+", nullptr);
            worksheet_write_string(ws, row, 3, row == 1 ? "F" : row == 2 ? "M" : "NA", nullptr);
            worksheet_write_number(ws, row, 4, row, nullptr);
        }
    }));
    CHECK(problems(r) == "");
    CHECK(total(r, "health.covid.deaths", "BE1") == 6);
    CHECK(total(r, "health.covid.deaths", "BE1", "sex=unknown") == 3);
    CHECK(total(r, "health.covid.deaths", "BE") == 6);
    int headlines = 0;
    for (const auto& o : r.observations)
        if (o.area == "BE1" && o.breakdown.empty()) {
            CHECK(o.location == "Deaths!E2:E4");
            ++headlines;
        }
    CHECK(headlines == 1);
}

TEST_CASE("a csv file given to a workbook feed is refused as not a workbook") {
    const TabularFeed feed = feed_of(kRegisterFeed);
    const auto r = read_with(feed, "register_2023-02-08.xlsx", "Datum;Provincie;Personen\n");
    CHECK(problems(r).find("not an .xlsx workbook") != std::string::npos);
}

TEST_CASE("a workbook feed that takes its first row as header says which columns a title row lacks") {
    std::string def = kRegisterFeed;
    def.replace(def.find("header = search"), 15, "header = first");
    const TabularFeed feed = feed_of(def);
    const auto r = read_with(feed, "register_2023-02-08.xlsx", workbook("first_row", [](lxw_workbook* wb) {
        register_sheet(wb, workbook_add_worksheet(wb, "Per provincie"));
    }));
    CHECK(problems(r) ==
          "f:Per provincie!row 1: header lacks column 'Datum', 'Provincie', 'Personen'; "
          "expected 'Datum, Provincie, Personen'\n");
    CHECK(r.observations.empty());
}

TEST_CASE("a workbook's municipality codes as numbers and months as real dates read as in CSV") {
    const std::string def =
        "[feed]\nname = t\npartner = dvz\nfiles = register_*.xlsx\nformat = xlsx\naggregate = yes\n"
        "[date]\ncolumn = Maand\nkind = month\n[area]\ncolumn = NIS\nmunicipalities = yes\n"
        "[values]\ntp.register.persons = Personen\n";
    const TabularFeed feed = feed_of(def);
    const auto r = read_with(feed, "register_2023-02.xlsx", workbook("months", [](lxw_workbook* wb) {
        lxw_worksheet* ws = workbook_add_worksheet(wb, "Gemeenten");
        lxw_format* month = workbook_add_format(wb);
        format_set_num_format(month, "mmm yyyy");
        worksheet_write_string(ws, 0, 0, "Maand", nullptr);
        worksheet_write_string(ws, 0, 1, "NIS", nullptr);
        worksheet_write_string(ws, 0, 2, "Personen", nullptr);
        lxw_datetime february = {2023, 2, 1, 0, 0, 0};
        const double nis[] = {11002, 11005, 62063};
        for (int i = 0; i < 3; ++i) {
            worksheet_write_datetime(ws, 1 + i, 0, &february, month);
            worksheet_write_number(ws, 1 + i, 1, nis[i], nullptr);
            worksheet_write_number(ws, 1 + i, 2, 10 * (i + 1), nullptr);
        }
        worksheet_write_string(ws, 4, 0, "2023-03", nullptr);
        worksheet_write_string(ws, 4, 1, "11002", nullptr);
        worksheet_write_string(ws, 4, 2, "5", nullptr);
    }));
    CHECK(problems(r) == "");
    CHECK(total(r, "tp.register.persons", "BE21") == 35);
    CHECK(total(r, "tp.register.persons", "BE33") == 30);
    int february = 0;
    for (const auto& o : r.observations) {
        if (o.area == "BE21" && o.from.iso() == "2023-02-01") {
            CHECK(o.to.iso() == "2023-02-28");
            CHECK(o.value == 30);
            CHECK(o.location == "Gemeenten!C2:C3");
            ++february;
        }
    }
    CHECK(february == 1);
    CHECK(r.reference_date->iso() == "2023-03-01");
}
