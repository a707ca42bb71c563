// An annex's parts are deflated fast (zlib level 1) in the reports issued since that choice,
// and as libxlsxwriter's zip library did before for the reports issued earlier, so that
// `render N` gives every report's annex back byte for byte. Its parts are written in memory.
#include <doctest/doctest.h>

#include <cstdint>
#include <thread>
#include <string>
#include <vector>

#include <xlsxwriter.h>

#include "pipeline/store/database.h"
#include "pipeline/writers/annex_book.h"
#include "tests/e2e/e2e_support.h"
#include "tests/support/postgres_server.h"

using namespace sitrep;
using namespace sitrep::test;

namespace {

uint32_t little_endian(const std::string& bytes, size_t at, int width) {
    REQUIRE(at + static_cast<size_t>(width) <= bytes.size());
    uint32_t v = 0;
    for (int i = width - 1; i >= 0; --i)
        v = (v << 8) | static_cast<unsigned char>(bytes[at + static_cast<size_t>(i)]);
    return v;
}

// The general-purpose flags of every entry in the zip's central directory. Minizip sets bits
// 1 and 2 for level 1 ("super fast") and leaves them clear for the default level.
std::vector<uint32_t> entry_flags(const std::string& zip) {
    // The end of central directory record, the file having no comment.
    REQUIRE(zip.size() >= 22);
    const size_t end = zip.size() - 22;
    REQUIRE(little_endian(zip, end, 4) == 0x06054b50u);
    const uint32_t entries = little_endian(zip, end + 10, 2);
    size_t at = little_endian(zip, end + 16, 4);
    std::vector<uint32_t> flags;
    for (uint32_t i = 0; i < entries; ++i) {
        REQUIRE(little_endian(zip, at, 4) == 0x02014b50u);
        flags.push_back(little_endian(zip, at + 8, 2));
        at += 46 + little_endian(zip, at + 28, 2) + little_endian(zip, at + 30, 2) +
              little_endian(zip, at + 32, 2);
    }
    return flags;
}

bool every_entry(const std::vector<uint32_t>& flags, uint32_t compression_bits) {
    if (flags.empty()) return false;
    for (uint32_t f : flags)
        if ((f & 6u) != compression_bits) return false;
    return true;
}

constexpr uint32_t kSuperFast = 6;
constexpr uint32_t kDefault = 0;

// A workbook of one sheet of repetitive text, deflated as `deflate` says.
std::string small_book(const TempDir& t, const std::string& name, AnnexDeflate deflate) {
    const std::string path = t / name;
    AnnexBook book(path, "mmm yyyy", deflate);
    AnnexSheet& sheet = book.add_sheet("Sheet");
    for (int row = 0; row < 2000; ++row)
        sheet.text(static_cast<lxw_row_t>(row), 0, "Liège, province " + std::to_string(row % 11));
    book.close();
    return slurp(path);
}

}  // namespace

TEST_CASE("an annex book deflates its parts at zlib level 1 when fast, and at the zip "
          "library's default level otherwise") {
    TempDir t;
    const std::string fast = small_book(t, "fast.xlsx", AnnexDeflate::fast);
    const std::string old = small_book(t, "default.xlsx", AnnexDeflate::library_default);
    CHECK(every_entry(entry_flags(fast), kSuperFast));
    CHECK(every_entry(entry_flags(old), kDefault));
    // Level 1 is what makes the file bigger: the same parts deflated less.
    CHECK(fast.size() > old.size());
}

TEST_CASE("a plain libxlsxwriter workbook written on another thread keeps the zip library's "
          "default level while an annex is deflated fast on this one") {
    TempDir t;
    const AnnexDeflateScope fast_here(AnnexDeflate::fast);
    const std::string path = t / "other.xlsx";
    // Checked on this thread: a failed REQUIRE on another would end the process.
    bool written = false;
    std::thread other([&] {
        lxw_workbook* book = workbook_new(path.c_str());
        if (book == nullptr) return;
        worksheet_write_string(workbook_add_worksheet(book, nullptr), 0, 0, "Namur", nullptr);
        written = workbook_close(book) == LXW_NO_ERROR;
    });
    other.join();
    REQUIRE(written);
    CHECK(every_entry(entry_flags(slurp(path)), kDefault));
    // The same workbook on this thread, inside the scope, is deflated fast.
    lxw_workbook* here = workbook_new((t / "here.xlsx").c_str());
    REQUIRE(here != nullptr);
    worksheet_write_string(workbook_add_worksheet(here, nullptr), 0, 0, "Namur", nullptr);
    REQUIRE(workbook_close(here) == LXW_NO_ERROR);
    CHECK(every_entry(entry_flags(slurp(t / "here.xlsx")), kSuperFast));
}

TEST_CASE("a report issued now has fast-deflated annexes, and one whose rendering record "
          "predates the choice renders its annexes at the default level") {
    TempDir t;
    issue_demo_237(t);
    for (const char* lang : {"nl", "fr", "en"}) {
        CAPTURE(lang);
        CHECK(every_entry(entry_flags(slurp(t / ("outbox/sitrep-0237.annex." +
                                                  std::string(lang) + ".xlsx"))),
                          kSuperFast));
    }
    // As an older sitrep recorded it: no word on the annex's deflate.
    {
        auto db = Database::open(StoreLocation{t / "state", e2e_store_url(t / "state"), ""});
        auto forget = db->prepare("UPDATE reports SET rendering = replace(rendering, ?, '')");
        forget->bind(1, std::string_view("annex_deflate=fast\n"));
        forget->execute();
        auto check = db->prepare("SELECT rendering FROM reports");
        REQUIRE(check->next());
        REQUIRE(check->text(0).find("annex_deflate") == std::string::npos);
    }
    const auto rendered =
        run_sitrep("render 237 --state " + (t / "state") + " --out " + (t / "again"));
    REQUIRE_MESSAGE(rendered.exit_code == 0, rendered.output);
    const std::string annex = slurp(t / "again/sitrep-0237.annex.nl.xlsx");
    CHECK(every_entry(entry_flags(annex), kDefault));
    CHECK(annex.size() < slurp(t / "outbox/sitrep-0237.annex.nl.xlsx").size());
    // The PDFs do not depend on it.
    CHECK(slurp(t / "again/sitrep-0237.nl.pdf") == slurp(t / "outbox/sitrep-0237.nl.pdf"));
}

TEST_CASE("libxlsxwriter writes a workbook's parts in memory: a temporary folder that does not "
          "exist does not stop it") {
    TempDir t;
    std::string missing = t / "no/such/folder";
    lxw_workbook_options options{};
    options.tmpdir = missing.data();
    const std::string path = t / "book.xlsx";
    lxw_workbook* book = workbook_new_opt(path.c_str(), &options);
    REQUIRE(book != nullptr);
    lxw_worksheet* sheet = workbook_add_worksheet(book, "Blad");
    for (lxw_row_t row = 0; row < 3000; ++row)
        worksheet_write_string(sheet, row, 0, ("Liège " + std::to_string(row)).c_str(), nullptr);
    CHECK(workbook_close(book) == LXW_NO_ERROR);
    CHECK_FALSE(fs::exists(missing));
    // Read back by a real reader: every row there.
    const auto read = run("/usr/bin/python3 -c \"import openpyxl, sys; ws = openpyxl.load_workbook("
                          "sys.argv[1]).active; print(ws.max_row, ws.cell(3000, 1).value)\" " +
                          path);
    REQUIRE_MESSAGE(read.exit_code == 0, read.output);
    CHECK(read.output == "3000 Liège 2999\n");
}
