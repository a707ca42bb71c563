// The PDFs as archives and for screen readers: text that extracts exactly, PDF/A-1b as
// Apache PDFBox's validator checks it, the document's language, title and bookmarks, and the
// size of the demo inbox's PDFs.

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "pipeline/foundation/errors.h"
#include "pipeline/writers/pdf_archive.h"
#include "pipeline/writers/pdf_encoding.h"
#include "pipeline/writers/pdf_font_subset.h"
#include "pipeline/writers/pdf_writer.h"
#include "tests/writers/pdf_support.h"

using namespace sitrep;
using namespace sitrep::pdf_test;

namespace {

const std::vector<std::string> kLangs = {"nl", "fr", "en"};

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

// Report 237 of the demo inbox, made once by the real binary.
struct Demo {
    Scratch dir;
    std::map<std::string, std::string> path;
    std::string log;
    Demo() {
        const fs::path inbox = dir.dir / "inbox";
        fs::create_directories(inbox);
        for (const auto& e : fs::directory_iterator(std::string(SITREP_FIXTURES_DIR) +
                                                    "/sample/inbox"))
            fs::copy_file(e.path(), inbox / e.path().filename());
        const std::string d = dir.dir.string();
        log = run(std::string(SITREP_BINARY) + " run --inbox " + d + "/inbox --outbox " + d +
                  "/outbox --state " + d + "/state --first-number 237 --as-of 2023-02-08 " +
                  "--issued-at 2023-02-08T07:00:00+01:00 2>&1");
        for (const auto& lang : kLangs) path[lang] = d + "/outbox/sitrep-0237." + lang + ".pdf";
    }
};

const Demo& demo() {
    static const Demo d;
    return d;
}

// A small report whose note holds the characters Dutch and French text needs.
Report report_with_note(const std::string& body) {
    Report r;
    r.number = 12;
    r.issued_at = "2023-02-08T07:00:00+01:00";
    r.as_of = Date::from_ymd(2023, 2, 8);
    SituationNote n;
    n.domain = "humanitarian";
    n.lang = "fr";
    n.source = "nccn";
    n.date = "2023-02-07";
    n.title = "Note";
    n.body = body;
    n.is_new = true;
    r.notes.push_back(n);
    return r;
}

// The PDF's objects written out uncompressed, so that dictionaries can be searched as text.
std::string uncompressed(const std::string& path) {
    return run("qpdf --qdf --object-streams=disable '" + path + "' - 2>/dev/null");
}

}  // namespace

TEST_CASE("accented letters, the euro sign and Dutch and French quotes extract exactly, without "
          "a pdftotext warning") {
    const std::string words =
        "Zoë, crèche, één, naïef, façade: 1 250 € „geciteerd” “quoted” « cité » l’accueil";
    for (const auto& lang : kLangs) {
        CAPTURE(lang);
        Scratch tmp;
        const std::string path =
            tmp.write("quotes-" + lang + ".pdf", render_pdf(report_with_note(words), templates(), lang));
        CHECK(pdftotext_warnings(path).empty());
        const std::string text = run("pdftotext '" + path + "' - 2>/dev/null");
        for (const char* exact : {"Zoë", "crèche", "één", "naïef", "façade", "€", "„geciteerd”",
                                  "“quoted”", "« cité »", "l’accueil"})
            CHECK_MESSAGE(contains(text, exact), exact);
    }
}

TEST_CASE("a character the fonts' encoding lacks is drawn as a question mark and named") {
    std::vector<char32_t> replaced;
    Scratch tmp;
    const std::string path = tmp.write(
        "cjk.pdf", render_pdf(report_with_note("Kanji \xE4\xB8\xAD and emoji \xF0\x9F\x98\x80."),
                              templates(), "en", &replaced));
    CHECK(contains(flat_text(path), "Kanji ? and emoji ?."));
    CHECK(replaced == std::vector<char32_t>{0x4E2D, 0x1F600});
    CHECK(pdftotext_warnings(path).empty());
}

TEST_CASE("text WinAnsi lacks but has an equivalent for is drawn with it, not replaced") {
    std::vector<char32_t> replaced;
    Scratch tmp;
    // The narrow no-break space of French numbers and the minus sign of a change.
    const std::string path = tmp.write(
        "fr.pdf", render_pdf(report_with_note("53\u202F450 (\u221256)"), templates(), "fr",
                             &replaced));
    CHECK(replaced.empty());
    CHECK(contains(flat_text(path), "53 450 (-56)"));
}

TEST_CASE("the demo inbox's PDFs pass PDFBox's PDF/A-1b preflight in every language") {
    for (const auto& lang : kLangs) {
        CAPTURE(lang);
        const std::string report = preflight(demo().path.at(lang));
        CHECK_MESSAGE(contains(report, "is a valid PDF/A-1b file"), report);
        CHECK(contains(report, "exit=0"));
    }
}

TEST_CASE("the demo inbox's PDFs are at most 90 KB, embed every font and extract without a "
          "warning") {
    for (const auto& lang : kLangs) {
        CAPTURE(lang);
        const std::string& path = demo().path.at(lang);
        CHECK(fs::file_size(path) <= 90 * 1024);
        CHECK(pdftotext_warnings(path).empty());
        const std::string fonts = run("pdffonts '" + path + "' 2>/dev/null");
        CHECK(contains(fonts, "WinAnsi"));
        CHECK_FALSE(contains(fonts, " no  "));
        const std::string check = run("qpdf --check '" + path + "' 2>&1; echo rc=$?");
        CHECK(contains(check, "No syntax or stream encoding errors found"));
        CHECK(contains(check, "rc=0"));
    }
    CHECK_FALSE(contains(demo().log, "cannot show"));  // no character was replaced
}

TEST_CASE("each PDF names its language, shows its title and bookmarks its sections in its "
          "language") {
    const std::map<std::string, std::string> tag = {{"nl", "nl-BE"}, {"fr", "fr-BE"}, {"en", "en"}};
    const std::map<std::string, std::string> section = {
        {"nl", "Tijdelijke bescherming"}, {"fr", "Protection temporaire"},
        {"en", "Temporary protection"}};
    for (const auto& lang : kLangs) {
        CAPTURE(lang);
        const std::string pdf = uncompressed(demo().path.at(lang));
        CHECK(contains(pdf, "/Lang (" + tag.at(lang) + ")"));
        CHECK(contains(pdf, "/DisplayDocTitle true"));
        CHECK(contains(pdf, "/PageMode /UseOutlines"));
        const std::string outlines =
            run("qpdf --json --json-key=outlines '" + demo().path.at(lang) + "' 2>/dev/null");
        CHECK(contains(outlines, "\"title\": \"" + section.at(lang) + "\""));
    }
}

TEST_CASE("the XMP metadata repeats the title, language and issue time and claims PDF/A-1b") {
    const std::string pdf = slurp(demo().path.at("fr"));  // the metadata stream is not compressed
    CHECK(contains(pdf, "<rdf:li xml:lang=\"x-default\">Rapport de situation n° 237</rdf:li>"));
    CHECK(contains(pdf, "<dc:language><rdf:Bag><rdf:li>fr-BE</rdf:li>"));
    CHECK(contains(pdf, "<xmp:CreateDate>2023-02-08T07:00:00+01:00</xmp:CreateDate>"));
    CHECK(contains(pdf, "<pdfaid:part>1</pdfaid:part>"));
    CHECK(contains(pdf, "<pdfaid:conformance>B</pdfaid:conformance>"));
}

TEST_CASE("the document ID follows from the content: the same report keeps it, another changes it") {
    const auto id = [](const std::string& bytes) {
        const size_t at = bytes.rfind("/ID [");
        return at == std::string::npos ? std::string() : bytes.substr(at, 80);
    };
    const Report a = report_with_note("eerste");
    Report b = a;
    b.number = 13;
    const std::string first = render_pdf(a, templates(), "nl");
    CHECK_FALSE(id(first).empty());
    CHECK_FALSE(contains(id(first), "7369747265702D69642D746F2D736574"));  // the placeholder
    CHECK(id(render_pdf(a, templates(), "nl")) == id(first));
    CHECK(id(render_pdf(b, templates(), "nl")) != id(first));
}

TEST_CASE("the document ID is stamped where the trailer holds the placeholder pair, and a "
          "placeholder anywhere before it refuses the PDF") {
    const std::string mark = "<7369747265702D69642D746F2D736574>";
    const std::string trailer = "trailer\n<< /ID [" + mark + " " + mark + "] >>\n%%EOF\n";
    std::string pdf = "%PDF-1.4\n<< /A <00FF> /B (a < b) >>\n" + trailer;
    stamp_document_id(pdf);
    CHECK(pdf.find(mark) == std::string::npos);
    const size_t id = pdf.find("/ID [<");
    REQUIRE(id != std::string::npos);
    CHECK(pdf.substr(id + 5, mark.size()) == pdf.substr(id + 6 + mark.size(), mark.size()));
    std::string twice = "%PDF-1.4\n<< /A " + mark + " >>\n" + trailer;
    CHECK_THROWS_AS(stamp_document_id(twice), OutputError);
    std::string none = "%PDF-1.4\ntrailer\n<< >>\n%%EOF\n";
    CHECK_THROWS_AS(stamp_document_id(none), OutputError);
}

TEST_CASE("the PDF is tagged: headings, paragraphs, tables and charts with alternative text, in "
          "the order they are drawn") {
    const std::string pdf = uncompressed(demo().path.at("nl"));
    CHECK(contains(pdf, "/StructTreeRoot"));
    CHECK(contains(pdf, "/Marked true"));
    CHECK(contains(pdf, "/ParentTree"));
    for (const char* role : {"Document", "H1", "H2", "P", "Table", "TR", "TH", "TD", "Figure"})
        CHECK_MESSAGE(contains(pdf, std::string("/S /") + role + "\n"), role);
    // The chart of certificates per month reads as its bars: label, year and value.
    CHECK(contains(pdf, "/Alt (mrt 2022: 26.507; apr: 11.035"));
    // Every marked-content sequence is closed, and on each page the MCIDs follow the drawing
    // order (0, 1, 2 ...), which is the order of the structure tree: the reading order.
    size_t opened = 0, closed = 0;
    for (size_t p = pdf.find(" BDC"); p != std::string::npos; p = pdf.find(" BDC", p + 1)) ++opened;
    for (size_t p = pdf.find("BMC\n"); p != std::string::npos; p = pdf.find("BMC\n", p + 1)) ++opened;
    for (size_t p = pdf.find("EMC\n"); p != std::string::npos; p = pdf.find("EMC\n", p + 1)) ++closed;
    CHECK(opened > 100);
    CHECK(opened == closed);
    int pages = 0;
    for (size_t page = pdf.find("%% Contents for page"); page != std::string::npos;
         page = pdf.find("%% Contents for page", page + 1)) {
        ++pages;
        const size_t end = pdf.find("endstream", page);
        int expected = 0;
        for (size_t m = pdf.find("<</MCID ", page); m < end; m = pdf.find("<</MCID ", m + 1))
            CHECK(std::atoi(pdf.c_str() + m + 8) == expected++);
        CHECK(expected > 0);
    }
    CHECK(pages == page_count(demo().path.at("nl")));
    // The header band, footer and page numbers are artifacts, not read aloud.
    CHECK(contains(pdf, "/Artifact BMC"));
}

// The children of structure element `number` in the compacted file, whose objects are on
// one line each (`12 0 obj\n<</S/TR/P 9 0 R/K[13 0 R 14 0 R]>>`).
std::vector<int> struct_kids(const std::string& pdf, int number) {
    const size_t at = pdf.find("\n" + std::to_string(number) + " 0 obj\n");
    if (at == std::string::npos) return {};
    const std::string line = pdf.substr(at + 1, pdf.find('\n', pdf.find("obj\n", at) + 4) - at - 1);
    std::vector<int> kids;
    const size_t k = line.find("/K[");
    if (k == std::string::npos) return kids;
    std::istringstream in(line.substr(k + 3, line.find(']', k) - k - 3));
    int n = 0, gen = 0;
    std::string r;
    while (in >> n >> gen >> r) kids.push_back(n);
    return kids;
}

TEST_CASE("in every table of the tagged PDF each row has as many cells as the header row, "
          "share bars being artifacts") {
    const std::string pdf = slurp(demo().path.at("nl"));
    int tables = 0;
    for (size_t t = pdf.find("<</S/Table/"); t != std::string::npos;
         t = pdf.find("<</S/Table/", t + 1)) {
        const size_t start = pdf.rfind('\n', pdf.rfind(" 0 obj", t)) + 1;
        const std::vector<int> rows = struct_kids(pdf, std::atoi(pdf.c_str() + start));
        REQUIRE_FALSE(rows.empty());
        ++tables;
        const size_t head = struct_kids(pdf, rows.front()).size();
        CHECK(head > 0);
        for (int row : rows) {
            CAPTURE(row);
            CHECK(struct_kids(pdf, row).size() == head);
        }
    }
    CHECK(tables > 5);
}

TEST_CASE("each stream of the PDF gives its length in its own dictionary, and the objects "
          "libharu wrote the lengths in are free") {
    const std::string pdf = slurp(demo().path.at("nl"));
    const std::string check = run("qpdf --check '" + demo().path.at("nl") + "' 2>&1; echo rc=$?");
    CHECK(contains(check, "rc=0"));
    CHECK_FALSE(contains(check, "WARNING"));
    size_t streams = 0;
    for (size_t s = pdf.find(">>\nstream\r\n"); s != std::string::npos;
         s = pdf.find(">>\nstream\r\n", s + 1)) {
        ++streams;
        const size_t open = pdf.rfind("<<", s);
        const std::string dict = pdf.substr(open, s - open);
        CAPTURE(dict);
        const size_t at = dict.find("/Length ");
        REQUIRE(at != std::string::npos);
        const size_t end = dict.find_first_not_of("0123456789", at + 8);
        CHECK(end > at + 8);
        CHECK(dict.compare(end, 4, " 0 R") != 0);
    }
    CHECK(streams > 10);
    // The free entries are one list from entry 0 through each of them back to 0.
    const size_t xref = pdf.rfind("\nxref\n0 ") + 1;
    const size_t count = std::strtoul(pdf.c_str() + xref + 7, nullptr, 10);
    const size_t entries = pdf.find('\n', xref + 5) + 1;
    std::vector<size_t> free;
    for (size_t n = 0; n < count; ++n)
        if (pdf[entries + 20 * n + 17] == 'f') free.push_back(n);
    CHECK(free.size() == streams + 1);  // entry 0 and each stream's length object
    size_t at = 0, visited = 0;
    do {
        REQUIRE(pdf[entries + 20 * at + 17] == 'f');
        at = std::strtoul(pdf.c_str() + entries + 20 * at, nullptr, 10);
        ++visited;
    } while (at != 0 && visited <= free.size());
    CHECK(visited == free.size());
}

TEST_CASE("the pages inherit one media box and one set of resources from the page tree") {
    const std::string& path = demo().path.at("nl");
    const std::string pdf = slurp(path);
    const size_t root = pdf.find("<</Type/Pages/");
    REQUIRE(root != std::string::npos);
    const std::string tree = pdf.substr(root, pdf.find('\n', root) - root);
    CHECK(contains(tree, "/MediaBox["));
    CHECK(contains(tree, "/Resources<<"));
    int pages = 0;
    for (size_t p = pdf.find("<</Type/Page/"); p != std::string::npos;
         p = pdf.find("<</Type/Page/", p + 1)) {
        ++pages;
        const std::string page = pdf.substr(p, pdf.find('\n', p) - p);
        CAPTURE(page);
        CHECK_FALSE(contains(page, "/MediaBox"));
        CHECK_FALSE(contains(page, "/Resources"));
    }
    CHECK(pages == page_count(path));
    // A reader finds each page's size through the tree.
    const std::string sizes = run("pdfinfo -f 1 -l " + std::to_string(pages) + " '" + path + "'");
    size_t a4 = 0;
    for (size_t at = sizes.find("595.276 x 841.89 pts (A4)"); at != std::string::npos;
         at = sizes.find("595.276 x 841.89 pts (A4)", at + 1))
        ++a4;
    CHECK(a4 == static_cast<size_t>(pages));
}

TEST_CASE("the XMP metadata escapes what XML reserves and omits what the report lacks") {
    PdfInfo info;
    info.title = "Rapport <urgent> & \"spécial\"";
    info.lang = "fr-BE";
    const std::string xmp = xmp_packet(info, nullptr, "Haru Free PDF Library 2.3.0");
    CHECK(contains(xmp, "Rapport &lt;urgent&gt; &amp; &quot;spécial&quot;"));
    CHECK_FALSE(contains(xmp, "<urgent>"));
    CHECK_FALSE(contains(xmp, "CreateDate"));  // no date: none claimed
    CHECK_FALSE(contains(xmp, "dc:creator"));
    CHECK(contains(xmp, "<pdf:Producer>Haru Free PDF Library 2.3.0</pdf:Producer>"));
}

TEST_CASE("a face is cut to the WinAnsi characters before libharu embeds it") {
    const std::string path = templates().font_regular();
    const std::string& subset = winansi_font_subset(path);
    CHECK(subset.size() * 10 < fs::file_size(path));
    CHECK(&winansi_font_subset(path) == &subset);  // made once per process
    CHECK_THROWS_AS(subset_truetype("not a font", winansi_repertoire(), "junk.ttf"), OutputError);
}

TEST_CASE("the subset's cmap and loca read back: cutting the subset again changes nothing") {
    // Runs of characters share a cmap segment and the offsets are short ones: a reader that
    // got either wrong would find other glyphs, or none, and cut a different font.
    for (const std::string& path : {templates().font_regular(), templates().font_bold()}) {
        CAPTURE(path);
        const std::string& subset = winansi_font_subset(path);
        CHECK(subset_truetype(subset, winansi_repertoire(), path) == subset);
    }
}
