// The annex in each report language, read back with openpyxl (Debian: python3-openpyxl).
#include <doctest/doctest.h>

#include <algorithm>

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "pipeline/foundation/errors.h"
#include "pipeline/report/source_spans.h"
#include "pipeline/report/templates.h"
#include "pipeline/writers/annex_words.h"
#include "pipeline/writers/annex_writer.h"

namespace sitrep {
namespace {

namespace fs = std::filesystem;

// Prints `sheet NAME STATE`, `header SHEET H1|H2|…`, `row SHEET V1|V2|…` and
// `chart SHEET TITLE`, one per line.
constexpr const char* kReader = R"PY(
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1], data_only=True)
def text(v):
    if v is None: return ''
    if hasattr(v, 'isoformat'): return v.isoformat()
    return str(v).replace('|', '/').replace('\n', ' ')
for ws in wb.worksheets:
    print('sheet\t%s\t%s' % (ws.title, ws.sheet_state))
    rows = list(ws.iter_rows(values_only=True))
    if rows: print('header\t%s\t%s' % (ws.title, '|'.join(text(v) for v in rows[0])))
    for r in rows[1:]: print('row\t%s\t%s' % (ws.title, '|'.join(text(v) for v in r)))
    for ch in ws._charts:
        title = ''.join(r.t for p in ch.title.tx.rich.p for r in (p.r or []))
        print('chart\t%s\t%s' % (ws.title, title))
)PY";

struct Sheet {
    std::string state;
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> charts;
};

struct Book {
    std::vector<std::string> order;
    std::map<std::string, Sheet> sheets;
    /// The row whose column `header` holds `value`, by header.
    std::map<std::string, std::string> row(const std::string& sheet, const std::string& header,
                                           const std::string& value) const {
        const Sheet& s = sheets.at(sheet);
        size_t col = 0;
        while (col < s.header.size() && s.header[col] != header) ++col;
        REQUIRE_MESSAGE(col < s.header.size(), "no column " << header << " on " << sheet);
        for (const auto& r : s.rows)
            if (col < r.size() && r[col] == value) {
                std::map<std::string, std::string> out;
                for (size_t i = 0; i < s.header.size() && i < r.size(); ++i) out[s.header[i]] = r[i];
                return out;
            }
        FAIL("no row with " << header << " = " << value << " on " << sheet);
        return {};
    }
};

std::vector<std::string> split(const std::string& s, char sep) {
    std::vector<std::string> out;
    std::string part;
    std::istringstream in(s);
    while (std::getline(in, part, sep)) out.push_back(part);
    if (!s.empty() && s.back() == sep) out.emplace_back();
    return out;
}

// A directory of this test run, removed when the tests end.
struct ScratchDir {
    fs::path path = fs::temp_directory_path() /
                    ("sitrep-annex-lang-test-" + std::to_string(::getpid()));
    ScratchDir() { fs::create_directories(path); }
    ~ScratchDir() {
        std::error_code ignored;
        fs::remove_all(path, ignored);
    }
};

const fs::path& scratch() {
    static const ScratchDir dir;
    return dir.path;
}

Book read_book(const fs::path& xlsx) {
    const fs::path script = scratch() / "read.py";
    std::ofstream(script) << kReader;
    const fs::path out = scratch() / "read.out";
    const std::string cmd = "/usr/bin/python3 '" + script.string() + "' '" + xlsx.string() +
                            "' > '" + out.string() + "' 2>&1";
    const int rc = std::system(cmd.c_str());
    std::ifstream in(out);
    std::string line;
    Book b;
    std::string all;
    while (std::getline(in, line)) {
        all += line + "\n";
        const auto f = split(line, '\t');
        if (f.size() < 3) continue;
        if (f[0] == "sheet") {
            b.order.push_back(f[1]);
            b.sheets[f[1]].state = f[2];
        } else if (f[0] == "header") {
            b.sheets[f[1]].header = split(f[2], '|');
        } else if (f[0] == "row") {
            b.sheets[f[1]].rows.push_back(split(f[2], '|'));
        } else if (f[0] == "chart") {
            b.sheets[f[1]].charts.push_back(f[2]);
        }
    }
    REQUIRE_MESSAGE(rc == 0, "openpyxl could not read " << xlsx << ": " << all);
    return b;
}

const Templates& project_templates() {
    static const Templates t = Templates::load(std::string(SITREP_SOURCE_DIR) + "/templates");
    return t;
}

Date day(const char* iso) { return *Date::parse_iso(iso); }

// The register by region, two months of certificates and Forem's total above its parts.
Report small_report() {
    Report r;
    r.number = 237;
    r.issued_at = "2023-02-08T07:00:00+01:00";
    r.as_of = day("2023-02-08");
    const std::string sha(64, 'a');
    auto stock = [&](const char* indicator, const char* area, double value) {
        Figure f;
        f.indicator = indicator;
        f.area = area;
        f.value = value;
        f.as_of = day("2023-02-05");
        f.sources = {sha};
        f.locations = {"dvz_tp_register_20230205.csv:line 2"};
        return f;
    };
    for (const auto& [area, value] : std::vector<std::pair<const char*, double>>{
             {"BE", 53450}, {"BE1", 10824}, {"BE2", 31748}, {"BE3", 10876}})
        r.figures.push_back(stock("tp.register.persons", area, value));
    for (const auto& [month, value] :
         std::vector<std::pair<const char*, double>>{{"2022-12", 2455}, {"2023-01", 2538}}) {
        Figure f = stock("tp.certificates.issued", "BE", value);
        f.kind = Kind::kFlow;
        f.breakdown = {{"month", month}};
        f.from = day((std::string(month) + "-01").c_str());
        f.to = f.from->last_of_month();
        r.figures.push_back(f);
    }
    Finding parts;
    parts.kind = "parts_vs_total";
    parts.indicator = "employment.jobseekers.registered";
    parts.area = "BE3";
    parts.period = "2023-01";
    parts.expected = 2220;
    parts.actual = 2102;
    parts.message = "employment.jobseekers.registered BE3 2023-01 (forem_ukraine_202301.csv): "
                    "the partner's 5 parts sum to 2102, the total is 2220 (difference 118)";
    parts.sources = {sha};
    r.findings.push_back(parts);
    InputStatus in;
    in.file = "dvz_tp_register_20230205.csv";
    in.sha256 = sha;
    in.partner = "dvz";
    in.feed = "tp_register";
    in.status = "used";
    in.received_at = "2023-02-06T09:14:03+01:00";
    in.reference_date = day("2023-02-05");
    in.bytes = 1234;
    r.inputs.push_back(in);
    r.partners = {{"dvz", "tp_register", day("2023-02-05"), in.file, 7, "on_time"}};
    return r;
}

const Book& book_in(const std::string& lang) {
    static std::map<std::string, Book> books;
    if (!books.count(lang)) {
        const fs::path path = scratch() / ("annex." + lang + ".xlsx");
        write_annex(small_report(), project_templates(), lang, path.string());
        books[lang] = read_book(path);
    }
    return books.at(lang);
}

}  // namespace

TEST_CASE("the French annex names its sheets and headers in French") {
    const Book& b = book_in("fr");
    CHECK(b.order == std::vector<std::string>{"Rapport", "Synthèse", "Protection temporaire",
                                              "Séries mensuelles", "Constats", "Sources",
                                              "Partenaires", "Données des graphiques"});
    CHECK(b.sheets.at("Données des graphiques").state == "hidden");
    const auto& header = b.sheets.at("Synthèse").header;
    REQUIRE(header.size() >= 5);
    CHECK(header[0] == "Indicateur");
    CHECK(header[1] == "Zone");
    CHECK(header[2] == "Nom de la zone");
    CHECK(header[4] == "Valeur");
    CHECK(header.back() == "Nom de l'indicateur");
    const auto be = b.row("Synthèse", "Zone", "BE1");
    CHECK(be.at("Valeur") == "10824");
    CHECK(be.at("Nom de l'indicateur") ==
          "Personnes sous protection temporaire au Registre national");
    CHECK(b.sheets.at("Partenaires").header.front() == "Partenaire");
}

TEST_CASE("the Dutch annex titles its charts with the indicator's and the area's Dutch names") {
    const Book& b = book_in("nl");
    const auto& charts = b.sheets.at("Tijdelijke bescherming").charts;
    REQUIRE(charts.size() == 2);
    CHECK(charts[0] == "Attesten tijdelijke bescherming afgegeven, België, per maand");
    CHECK(charts[1] == "Personen onder tijdelijke bescherming in het Rijksregister per gewest");
    // No internal code in any chart title.
    for (const auto& title : charts) CHECK(title.find("tp.") == std::string::npos);
}

TEST_CASE("finding messages are in the annex's language, the reconciler's English beside them") {
    const auto fr = book_in("fr").row("Constats", "Nature", "parts_vs_total");
    CHECK(fr.at("Message").find("Demandeurs d'emploi inscrits, Région wallonne, janvier 2023\xE2\x80\xAF: le "
                                "total déclaré est de 2\xE2\x80\xAF" "220") == 0);
    CHECK(fr.at("Détail (EN)").find("forem_ukraine_202301.csv") != std::string::npos);
    const auto nl = book_in("nl").row("Bevindingen", "Soort", "parts_vs_total");
    CHECK(nl.at("Bericht").find("het opgegeven totaal is 2.220") != std::string::npos);
    // English readers get the reconciler's own message, which names the file, once.
    const auto en = book_in("en").row("Findings", "Kind", "parts_vs_total");
    CHECK(en.at("Message").find("forem_ukraine_202301.csv") != std::string::npos);
    CHECK(en.at("Details").empty());
}

TEST_CASE("the built-in English words of the annex are those of en.properties") {
    for (const auto& [key, word] : AnnexWords::english()) {
        CAPTURE(key);
        const std::string* label = project_templates().find_label("en", key);
        REQUIRE(label);
        CHECK(*label == word);
    }
    // And every annex word of the label files is built in, so none is missing in English.
    for (const auto& key : project_templates().label_keys("nl"))
        if (key.rfind("annex.", 0) == 0) CHECK_MESSAGE(AnnexWords::english().count(key), key);
}

TEST_CASE("every column header of an annex sheet is unique, as an Excel table needs") {
    for (const char* lang : {"nl", "fr", "en"}) {
        for (const auto& [name, sheet] : book_in(lang).sheets) {
            CAPTURE(lang);
            CAPTURE(name);
            std::map<std::string, int> seen;
            for (const auto& h : sheet.header) CHECK(++seen[h] == 1);
        }
    }
}

}  // namespace sitrep

namespace sitrep {

TEST_CASE("a domain named like the monthly series sheet leaves that name to the series") {
    const fs::path dir = scratch() / "clashing-templates";
    fs::copy(std::string(SITREP_SOURCE_DIR) + "/templates", dir, fs::copy_options::recursive);
    const fs::path file = dir / "labels" / "fr.properties";
    std::ifstream in(file);
    std::string text((std::istreambuf_iterator<char>(in)), {});
    in.close();
    const std::string key = "\nannex.domain.tp = ";
    const size_t at = text.find(key);
    REQUIRE(at != std::string::npos);
    text.replace(at + key.size(), text.find('\n', at + 1) - at - key.size(), "Séries mensuelles");
    std::ofstream(file, std::ios::trunc) << text;
    const fs::path path = scratch() / "clash.fr.xlsx";
    write_annex(small_report(), Templates::load(dir.string()), "fr", path.string());
    const Book b = read_book(path);
    REQUIRE(std::count(b.order.begin(), b.order.end(), "Séries mensuelles") == 1);
    // The series sheet has it: its headers after the series' own are months.
    const auto& header = b.sheets.at("Séries mensuelles").header;
    REQUIRE_FALSE(header.empty());
    CHECK(header.back().size() == 7);
    CHECK(header.back()[4] == '-');
    // The domain sheet took another name, in its place after the summary.
    REQUIRE(b.order.size() == 8);
    CHECK(b.order[2] != "Séries mensuelles");
    CHECK(b.order[3] == "Séries mensuelles");
    CHECK(b.sheets.at(b.order[2]).header.front() == "Indicateur");
}

TEST_CASE("a past report whose templates predate the annex's words renders with English ones") {
    // The templates a report issued before this version snapshotted: no `# findings` or
    // `# annex` block in any label file.
    const fs::path dir = scratch() / "old-templates";
    fs::copy(std::string(SITREP_SOURCE_DIR) + "/templates", dir, fs::copy_options::recursive);
    for (const char* lang : {"nl", "fr", "en"}) {
        const fs::path file = dir / "labels" / (std::string(lang) + ".properties");
        std::ifstream in(file);
        std::string text((std::istreambuf_iterator<char>(in)), {});
        in.close();
        text = text.substr(0, text.find("\n# findings\n") + 1);
        std::ofstream(file, std::ios::trunc) << text;
    }
    const Templates old = Templates::load(dir.string());
    REQUIRE_FALSE(old.has_label("fr", "annex.sheet.summary"));
    const fs::path path = scratch() / "old.fr.xlsx";
    write_annex(small_report(), old, "fr", path.string());
    const Book b = read_book(path);
    CHECK(b.order.front() == "Report");
    CHECK(b.sheets.at("Summary").header.front() == "Indicator");
    // What the old labels had stays French: the indicator names.
    CHECK(b.row("Summary", "Area", "BE1").at("Indicator name") ==
          "Personnes sous protection temporaire au Registre national");
    // And a finding the old labels have a sentence for is still told in French.
    CHECK(b.row("Findings", "Kind", "parts_vs_total").at("Message").find("le total déclaré") !=
          std::string::npos);
}

}  // namespace sitrep

namespace sitrep {
namespace {

std::string bytes_of(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

}  // namespace

TEST_CASE("each language's annex from rows shared by all languages is the annex written alone") {
    const Report r = small_report();
    const AnnexRows rows(r);
    for (const std::string lang : {"nl", "fr", "en"}) {
        CAPTURE(lang);
        const auto alone = scratch() / ("alone." + lang + ".xlsx");
        const auto shared = scratch() / ("shared." + lang + ".xlsx");
        write_annex(r, project_templates(), lang, alone.string());
        write_annex(rows, project_templates(), lang, shared.string());
        const std::string bytes = bytes_of(alone);
        CHECK(bytes.size() > 1000);
        CHECK(bytes == bytes_of(shared));
    }
}

TEST_CASE("annex rows made from the manifest's split of the sources give the annex made alone, "
          "and refuse a split of other figures") {
    const Report r = small_report();
    const auto sources = split_sources(r);
    const auto alone = scratch() / "alone.split.xlsx";
    const auto shared = scratch() / "shared.split.xlsx";
    write_annex(r, project_templates(), "en", alone.string());
    write_annex(AnnexRows(r, sources), project_templates(), "en", shared.string());
    CHECK(bytes_of(alone) == bytes_of(shared));
    // Each figure's row cites the split given for that figure, not another's.
    REQUIRE(sources.size() > 1);
    REQUIRE(r.figures[1].area == "BE1");
    auto marked = sources;
    marked[1].listed = {std::string(64, 'b')};
    const auto from_marked = scratch() / "marked.split.xlsx";
    write_annex(AnnexRows(r, marked), project_templates(), "en", from_marked.string());
    const Book b = read_book(from_marked);
    CHECK(b.row("Summary", "Area", "BE1").at("Sources") == std::string(12, 'b'));
    CHECK(b.row("Summary", "Area", "BE").at("Sources") == std::string(12, 'a'));
    auto one_short = sources;
    one_short.pop_back();
    CHECK_THROWS_AS(AnnexRows(r, one_short), OutputError);
}

}  // namespace sitrep
