#include <xlsxwriter.h>

#include <unistd.h>

#include <filesystem>

#include "tests/adapters/adapter_support.h"

using namespace sitrep::test;

TEST_CASE("the Fedasil workbook gives referrals per province, its own total, and registrations") {
    const auto r = parse_file(sample("fedasil_crisisopvang_2023-01-30.xlsx"));
    CHECK(problems(r) == "");
    CHECK(total(r, "reception.crisis.referred", "BE") == 16183);
    CHECK(total(r, "reception.crisis.referred", "BE10") == 2938);
    CHECK(total(r, "reception.crisis.referred", "BE33") == 1315);
    CHECK(total(r, "reception.registration.visitors", "BE") == 78800);
    CHECK(total(r, "reception.registration.housing_requests", "BE") == 19809);
    CHECK(r.reference_date->iso() == "2023-01-30");
}

namespace {

// A Fedasil workbook as partners vary it: sheets in the other order, text dates, a hidden
// formula column, and a bad cell when asked.
std::string write_variant(bool bad_cell, double housing_requests = 20) {
    // One file per process and variant: ctest runs test cases side by side.
    const auto path = std::filesystem::temp_directory_path() /
                      ("sitrep_fedasil_variant_" + std::to_string(::getpid()) +
                       (bad_cell ? "_bad" : "_good") + ".xlsx");
    lxw_workbook* wb = workbook_new(path.c_str());
    lxw_worksheet* reg = workbook_add_worksheet(wb, "Registratie - Enregistrement");
    lxw_worksheet* ref = workbook_add_worksheet(wb, "Doorverwijzingen - Orientations");
    worksheet_write_string(ref, 0, 0, "Fedasil – toestand op 02/03/2022", nullptr);
    worksheet_write_string(ref, 2, 0, "Datum / Date", nullptr);
    worksheet_write_string(ref, 2, 1, "Provincie / Province", nullptr);
    worksheet_write_string(ref, 2, 2, "Doorverwezen / Orientés", nullptr);
    worksheet_write_string(ref, 2, 3, "Hidden", nullptr);
    lxw_row_col_options hidden = {1, 0, 0};
    worksheet_set_column_opt(ref, 3, 3, 10, nullptr, &hidden);
    worksheet_write_string(ref, 3, 0, "01/03/2022", nullptr);
    worksheet_write_string(ref, 3, 1, "Luik", nullptr);
    worksheet_write_number(ref, 3, 2, 5, nullptr);
    worksheet_write_formula_num(ref, 3, 3, "=C4*2", nullptr, 10);
    worksheet_write_string(ref, 4, 0, "02/03/2022", nullptr);
    worksheet_write_string(ref, 4, 1, bad_cell ? "Atlantis" : "Henegouwen", nullptr);
    worksheet_write_number(ref, 4, 2, 7, nullptr);
    worksheet_write_string(ref, 5, 0, "Totaal / Total", nullptr);
    worksheet_write_formula_num(ref, 5, 2, "=SUM(C4:C5)", nullptr, 12);
    worksheet_write_string(reg, 0, 0, "Datum / Date", nullptr);
    worksheet_write_string(reg, 0, 1, "Bezoekers / Visiteurs", nullptr);
    worksheet_write_string(reg, 0, 2, "Huisvestingsvraag / Demande de logement", nullptr);
    worksheet_write_string(reg, 1, 0, "01/03/2022", nullptr);
    worksheet_write_number(reg, 1, 1, 100, nullptr);
    worksheet_write_number(reg, 1, 2, bad_cell ? -1 : housing_requests, nullptr);
    REQUIRE(workbook_close(wb) == LXW_NO_ERROR);
    return path.string();
}

// Reads the variant and removes its file.
std::string variant_bytes(bool bad_cell, double housing_requests = 20) {
    const std::string path = write_variant(bad_cell, housing_requests);
    std::string bytes = read_bytes(path);
    std::filesystem::remove(path);
    return bytes;
}

}  // namespace

TEST_CASE("a Fedasil workbook with sheets reordered, text dates and a hidden column reads the same") {
    const auto r = parse_text("fedasil_crisisopvang_2022-03-02.xlsx", variant_bytes(false));
    CHECK(problems(r) == "");
    CHECK(total(r, "reception.crisis.referred", "BE33") == 5);
    CHECK(total(r, "reception.crisis.referred", "BE32") == 7);
    CHECK(total(r, "reception.crisis.referred", "BE") == 12);
    CHECK(total(r, "reception.registration.housing_requests", "BE") == 20);
}

TEST_CASE("a bad Fedasil cell is reported with its sheet and cell") {
    const auto r = parse_text("fedasil_crisisopvang_2022-03-02.xlsx", variant_bytes(true));
    CHECK(problems(r).find("Doorverwijzingen - Orientations!B5: unknown province 'Atlantis'") !=
          std::string::npos);
    CHECK(problems(r).find("Registratie - Enregistrement!C2") != std::string::npos);
}

TEST_CASE("a file that is not a workbook is rejected, not crashed on") {
    const auto r = parse_text("fedasil_crisisopvang_2023-01-30.xlsx", "Datum;Provincie\n");
    CHECK(r.problem_count == 1);
    CHECK(problems(r).find("not an .xlsx workbook") != std::string::npos);
}

// Found by fuzz/ (fuzz/corpus/fedasil/): 1e300 reached a cast to long long, which is undefined.
TEST_CASE("a Fedasil count too large to be a head count is rejected as such") {
    const auto r = parse_text("fedasil_crisisopvang_2022-03-02.xlsx", variant_bytes(false, 1e300));
    CHECK(problems(r).find("Registratie - Enregistrement!C2: '1E+300' is too large to be a "
                           "plausible figure") != std::string::npos);
}
