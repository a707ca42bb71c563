// Each language's annex of the demo inbox, opened by the tools its readers use: LibreOffice
// (Debian: libreoffice-calc-nogui) and pandas (python3-pandas), both real, both headless.
#include <map>
#include <string>

#include "tests/e2e/e2e_support.h"

using namespace sitrep::test;

namespace {

const char* const kLangs[] = {"nl", "fr", "en"};

// Reads every sheet of each annex with pandas: a line `BAD …` for each sheet that is not one
// clean table, and `SHEET lang name rows columns` for each sheet.
constexpr const char* kPandasCheck = R"PY(
# Reads every sheet of each annex with pandas and says what is not a clean table.
import re, sys, openpyxl, pandas as pd
from pandas.api.types import is_numeric_dtype, is_datetime64_any_dtype

labels_dir, paths = sys.argv[1], sys.argv[2:]
NUMERIC = ['number', 'value', 'previous', 'change', 'expected', 'actual', 'bytes',
           'every_days', 'since']
DATES = ['issued_at', 'as_of', 'from', 'to', 'received_at', 'reference_date', 'last_as_of',
         'date', 'month', 'next_report']

def words(lang):
    out = {}
    for line in open('%s/%s.properties' % (labels_dir, lang), encoding='utf-8'):
        if line.startswith('annex.column.') and '=' in line:
            key, value = line.split('=', 1)
            out[key.strip()[len('annex.column.'):]] = value.strip()
    return out

for path in paths:
    lang = path.rsplit('.', 2)[-2]
    w = words(lang)
    numeric = {w[k] for k in NUMERIC}
    dates = {w[k] for k in DATES}
    book = openpyxl.load_workbook(path, read_only=True)
    for name, df in pd.read_excel(path, sheet_name=None).items():
        where = '%s %s' % (lang, name)
        first = [c for c in next(book[name].iter_rows(max_row=1, values_only=True))]
        if [str(c) for c in df.columns] != [str(c) for c in first]:
            print('BAD', where, 'header is not the first row:', list(df.columns), first)
        blank = df.index[df.isna().all(axis=1)]
        if len(blank):
            print('BAD', where, 'blank rows', [i + 2 for i in blank])
        for col in df.columns:
            empty = df[col].isna().all()
            if col in numeric and not empty and not is_numeric_dtype(df[col]):
                print('BAD', where, col, 'is not numeric:', df[col].dtype)
            if col in dates and not empty and not is_datetime64_any_dtype(df[col]):
                print('BAD', where, col, 'is not dates:', df[col].dtype)
            # A month's column of the monthly series: its figures, or nothing.
            if re.fullmatch(r'\d{4}-\d{2}', str(col)) and not empty and not is_numeric_dtype(df[col]):
                print('BAD', where, col, 'is not numeric:', df[col].dtype)
        print('SHEET', lang, name, len(df), len(df.columns))
)PY";

/// Report 237 of the demo inbox, written once for every test of this file.
const TempDir& demo_report() {
    static const TempDir t;
    static const bool written = [] {
        copy_demo_inbox(t / "inbox");
        const auto r = run_sitrep(demo_run_args(t) + " --first-number 237");
        REQUIRE_MESSAGE(r.exit_code == 0, r.output);
        return true;
    }();
    (void)written;
    return t;
}

std::string annex_of(const std::string& lang) {
    return demo_report() / ("outbox/sitrep-0237.annex." + lang + ".xlsx");
}

/// Every sheet of `xlsx` as LibreOffice exports it to CSV (UTF-8, raw values), by sheet name.
std::map<std::string, std::string> libreoffice_csv(const std::string& xlsx, const TempDir& t) {
    REQUIRE_MESSAGE(run("command -v soffice").exit_code == 0,
                    "these tests open the annex with LibreOffice: apt-get install "
                    "libreoffice-calc-nogui (scripts/install-deps.sh does)");
    const std::string out = t / "csv";
    // A profile of its own: tests run in parallel, and LibreOffice locks its profile.
    const auto r = run("soffice -env:UserInstallation=file://" + (t / "lo-profile") +
                       " --headless --convert-to "
                       "'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,"
                       "false,-1' --outdir '" + out + "' '" + xlsx + "'");
    REQUIRE_MESSAGE(r.exit_code == 0, "LibreOffice could not convert " << xlsx << ": "
                                                                         << r.output);
    // One file per sheet: NAME-SHEET.csv.
    const std::string stem = fs::path(xlsx).stem().string() + "-";
    std::map<std::string, std::string> sheets;
    for (const auto& e : fs::directory_iterator(out)) {
        const std::string file = e.path().filename().string();
        if (file.rfind(stem, 0) != 0 || e.path().extension() != ".csv") continue;
        sheets[file.substr(stem.size(), file.size() - stem.size() - 4)] = slurp(e.path());
    }
    return sheets;
}

std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }

}  // namespace

TEST_CASE("LibreOffice opens the French annex with French sheets and headers and the demo's "
          "figures") {
    TempDir t;
    const auto sheets = libreoffice_csv(annex_of("fr"), t);
    for (const char* sheet : {"Rapport", "Synthèse", "Protection temporaire", "Emploi",
                              "Accueil", "Enseignement", "Constats", "Sources", "Partenaires",
                              "Notes", "Données des graphiques"})
        CHECK_MESSAGE(sheets.count(sheet), sheet);
    REQUIRE(sheets.count("Synthèse"));
    const std::string& summary = sheets.at("Synthèse");
    CHECK(first_line(summary).rfind("Indicateur,Zone,Nom de la zone,Nature,Valeur,Unité,Du,Au,"
                                    "Situation au,Statut", 0) == 0);
    // The register's national figure of EXPECTED.md, a number, on the row of its code.
    CHECK(summary.find("\ntp.register.persons,BE,Belgique,stock,53450,") != std::string::npos);
    CHECK(summary.find("\ntp.certificates.issued,BE,Belgique,flow,65221,") != std::string::npos);
    // Forem's total above its provinces, in French.
    REQUIRE(sheets.count("Constats"));
    CHECK(sheets.at("Constats").find("Demandeurs d'emploi inscrits, Région wallonne, janvier "
                                     "2023\xE2\x80\xAF: le total déclaré est de "
                                     "2\xE2\x80\xAF" "220") != std::string::npos);
}

TEST_CASE("LibreOffice opens the Dutch and English annexes with their own sheet names") {
    TempDir t;
    const auto nl = libreoffice_csv(annex_of("nl"), t);
    REQUIRE(nl.count("Overzicht"));
    CHECK(first_line(nl.at("Overzicht")).rfind("Indicator,Gebied,Naam van het gebied,Soort,Waarde",
                                               0) == 0);
    CHECK(nl.at("Overzicht").find("\ntp.register.persons,BE,België,stock,53450,") !=
          std::string::npos);
    CHECK(nl.count("Bevindingen"));
    TempDir u;
    const auto en = libreoffice_csv(annex_of("en"), u);
    REQUIRE(en.count("Summary"));
    CHECK(first_line(en.at("Summary")).rfind("Indicator,Area,Area name,Kind,Value", 0) == 0);
    CHECK(en.count("Findings"));
}

TEST_CASE("pandas reads every sheet of each language's annex as one clean table") {
    TempDir t;
    const std::string script = t / "check.py";
    std::ofstream(script) << kPandasCheck;
    std::string command = "/usr/bin/python3 '" + script + "' '" + SITREP_SOURCE_DIR +
                          "/templates/labels'";
    for (const char* lang : kLangs) command += " '" + annex_of(lang) + "'";
    const auto r = run(command);
    REQUIRE_MESSAGE(r.exit_code == 0, "pandas could not read the annexes: " << r.output);
    // Header row = first row, no blank row, numbers and dates typed as such, in every sheet.
    CHECK_MESSAGE(r.output.find("BAD") == std::string::npos, r.output);
    // Each annex has its twelve sheets, the monthly series and the hidden chart data among them.
    size_t sheets = 0;
    for (size_t at = r.output.find("SHEET "); at != std::string::npos;
         at = r.output.find("SHEET ", at + 1))
        ++sheets;
    CHECK(sheets == 3 * 12);
    CHECK(r.output.find("SHEET nl Maandreeksen") != std::string::npos);
    CHECK(r.output.find("SHEET fr Séries mensuelles") != std::string::npos);
    CHECK(r.output.find("SHEET fr Synthèse 97 15") != std::string::npos);
    CHECK(r.output.find("SHEET nl Bevindingen 3 15") != std::string::npos);
    CHECK(r.output.find("SHEET en Chart data") != std::string::npos);
}

TEST_CASE("the manifest lists each language's PDF and annex, and the annex kept under its old "
          "name") {
    const auto m = read_manifest(demo_report() / "outbox/sitrep-0237.json");
    REQUIRE(m->has("outputs"));
    auto outputs = m->getArray("outputs");
    std::map<std::string, Poco::JSON::Object::Ptr> by_file;
    for (size_t i = 0; i < outputs->size(); ++i) {
        auto o = outputs->getObject(static_cast<unsigned>(i));
        by_file[o->getValue<std::string>("file")] = o;
        CHECK(fs::exists(demo_report() / ("outbox/" + o->getValue<std::string>("file"))));
    }
    CHECK(by_file.size() == 7);
    for (const char* lang : kLangs) {
        CAPTURE(lang);
        const auto annex = by_file.at("sitrep-0237.annex." + std::string(lang) + ".xlsx");
        CHECK(annex->getValue<std::string>("kind") == "annex");
        CHECK(annex->getValue<std::string>("lang") == lang);
        CHECK(annex->isNull("copy_of"));
        CHECK(by_file.at("sitrep-0237." + std::string(lang) + ".pdf")->getValue<std::string>(
                  "kind") == "pdf");
    }
    const auto old = by_file.at("sitrep-0237.annex.xlsx");
    CHECK(old->getValue<std::string>("lang") == "en");
    CHECK(old->getValue<std::string>("copy_of") == "sitrep-0237.annex.en.xlsx");
    CHECK(slurp(demo_report() / "outbox/sitrep-0237.annex.xlsx") ==
          slurp(demo_report() / "outbox/sitrep-0237.annex.en.xlsx"));
}

TEST_CASE("sitrep render gives each language's annex again byte for byte") {
    const TempDir& t = demo_report();
    TempDir again;
    const auto r = run_sitrep("render 237 --state " + (t / "state") + " --out " + (again / "out"));
    REQUIRE_MESSAGE(r.exit_code == 0, r.output);
    for (const char* lang : kLangs) {
        CAPTURE(lang);
        const std::string name = "sitrep-0237.annex." + std::string(lang) + ".xlsx";
        CHECK(slurp(again / ("out/" + name)) == slurp(t / ("outbox/" + name)));
    }
    // Nor do the annexes of two languages share their bytes.
    CHECK(slurp(annex_of("fr")) != slurp(annex_of("nl")));
}
