#include "pipeline/writers/pdf_writer.h"

#include <doctest/doctest.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "pipeline/foundation/errors.h"
#include "tests/writers/pdf_support.h"

using namespace sitrep;
namespace fs = std::filesystem;

namespace {

const std::string kTemplates = std::string(SITREP_SOURCE_DIR) + "/templates";

Date ymd(int y, unsigned m, unsigned d) { return Date::from_ymd(y, m, d); }

Figure stock(const std::string& indicator, const std::string& area, double value, Date as_of,
             Breakdown breakdown = {}) {
    Figure f;
    f.indicator = indicator;
    f.area = area;
    f.breakdown = std::move(breakdown);
    f.value = value;
    f.kind = Kind::kStock;
    f.as_of = as_of;
    return f;
}

Figure flow(const std::string& indicator, const std::string& area, double value, Date from, Date to,
            Breakdown breakdown = {}) {
    Figure f = stock(indicator, area, value, to, std::move(breakdown));
    f.kind = Kind::kFlow;
    f.from = from;
    f.to = to;
    return f;
}

// Report 237 built from the figures and findings of tests/fixtures/sample/EXPECTED.md.
Report sample_report() {
    Report r;
    r.number = 237;
    r.issued_at = "2023-02-08T07:00:00+01:00";
    r.as_of = ymd(2023, 2, 8);
    r.classification = "TLP:AMBER";
    r.next_report = "2023-02-09T07:00:00+01:00";
    auto& f = r.figures;
    const Date tp_from = ymd(2022, 3, 10), tp_to = ymd(2023, 1, 31);
    f.push_back(flow("tp.certificates.issued", "BE", 65221, tp_from, tp_to));
    f.back().previous = 63657;
    f.push_back(flow("tp.certificates.refused", "BE", 1578, tp_from, tp_to));
    f.back().previous = 1560;
    f.push_back(stock("tp.register.persons", "BE", 53450, ymd(2023, 2, 5)));
    f.back().previous = 53210;
    for (const auto& [area, v] : std::vector<std::pair<std::string, double>>{{"BE1", 10824},
                                                                             {"BE2", 31748},
                                                                             {"BE3", 10876},
                                                                             {"BE21", 12441},
                                                                             {"BE22", 3334},
                                                                             {"BE23", 5460},
                                                                             {"BE24", 5433},
                                                                             {"BE25", 5080},
                                                                             {"BE31", 1900},
                                                                             {"BE32", 3250},
                                                                             {"BE33", 3080},
                                                                             {"BE34", 996},
                                                                             {"BE35", 1650}})
        f.push_back(stock("tp.register.persons", area, v, ymd(2023, 2, 5)));
    f.push_back(flow("reception.crisis.referred", "BE", 16183, ymd(2022, 3, 1), ymd(2023, 1, 30)));
    f.back().previous = 16183;
    f.push_back(
        flow("reception.registration.visitors", "BE", 78800, ymd(2022, 3, 1), ymd(2023, 1, 30)));
    f.push_back(flow("reception.registration.housing_requests", "BE", 19809, ymd(2022, 3, 1),
                     ymd(2023, 1, 30)));
    f.push_back(stock("reception.redcross.welcomed", "BE10", 28000, ymd(2022, 9, 30)));
    f.back().status = "carried_forward";
    for (const auto& [area, v] : std::vector<std::pair<std::string, double>>{{"BE10", 2938},
                                                                             {"BE21", 1983},
                                                                             {"BE22", 1074},
                                                                             {"BE23", 1467},
                                                                             {"BE24", 1396},
                                                                             {"BE25", 1189},
                                                                             {"BE31", 851},
                                                                             {"BE32", 2149},
                                                                             {"BE33", 1315},
                                                                             {"BE34", 724},
                                                                             {"BE35", 1097}})
        f.push_back(flow("reception.crisis.referred", area, v, ymd(2022, 3, 1), ymd(2023, 1, 30)));
    const Date vdab = ymd(2023, 2, 28);
    f.push_back(stock("employment.jobseekers.registered", "BE2", 7520, vdab));
    f.push_back(stock("employment.jobseekers.worked", "BE2", 2750, vdab));
    f.push_back(stock("employment.jobseekers.working", "BE2", 1705, vdab));
    f.push_back(stock("employment.vacancies.launched", "BE2", 12800, vdab));
    f.push_back(stock("employment.vacancies.open", "BE2", 3500, vdab));
    const Date forem = ymd(2023, 1, 31);
    f.push_back(stock("employment.jobseekers.registered", "BE3", 2220, forem));
    f.push_back(stock("employment.jobseekers.women", "BE3", 1569, forem));
    f.push_back(stock("employment.jobseekers.worked", "BE3", 348, forem));
    const Date actiris = ymd(2022, 12, 31);
    f.push_back(stock("employment.jobseekers.registered", "BE1", 2420, actiris));
    f.push_back(stock("employment.jobseekers.worked", "BE1", 317, actiris));
    f.push_back(stock("employment.jobseekers.in_training", "BE1", 475, actiris));
    const Date school = ymd(2023, 2, 7);
    f.push_back(stock("education.pupils.enrolled", "BE2", 7760, school));
    f.push_back(stock("education.pupils.enrolled", "BE3", 2686, school));
    f.push_back(stock("education.pupils.enrolled", "BE1", 2138, school));
    // Breakdowns.
    const std::vector<std::pair<std::string, double>> months = {
        {"2022-03", 26507}, {"2022-04", 11035}, {"2022-05", 7278}, {"2022-06", 4300},
        {"2022-07", 3400},  {"2022-08", 3000},  {"2022-09", 2202}, {"2022-10", 2200},
        {"2022-11", 2000},  {"2022-12", 1735},  {"2023-01", 1564}};
    for (const auto& [m, v] : months) {
        const Date first = *Date::parse_iso(m + "-01");
        f.push_back(
            flow("tp.certificates.issued", "BE", v, first, first.last_of_month(), {{"month", m}}));
    }
    for (const auto& [area, v] : std::vector<std::pair<std::string, double>>{
             {"BE1", 13038}, {"BE2", 38685}, {"BE3", 13179}})
        f.push_back(flow("tp.certificates.issued", area, v, tp_from, tp_to));
    f.push_back(flow("tp.certificates.issued", "BE", 319, tp_from, tp_to, {{"area", "unknown"}}));
    f.push_back(
        flow("tp.certificates.refused", "BE", 1087, tp_from, tp_to, {{"nationality", "UKR"}}));
    f.push_back(
        flow("tp.certificates.refused", "BE", 491, tp_from, tp_to, {{"nationality", "other"}}));
    const std::vector<std::pair<std::string, double>> forem_new = {
        {"2022-03", 180}, {"2022-04", 350}, {"2022-05", 388}, {"2022-06", 290},
        {"2022-07", 210}, {"2022-08", 170}, {"2022-09", 150}, {"2022-10", 120},
        {"2022-11", 110}, {"2022-12", 101}, {"2023-01", 33}};
    for (const auto& [m, v] : forem_new) {
        const Date first = *Date::parse_iso(m + "-01");
        f.push_back(flow("employment.jobseekers.new", "BE3", v, first, first.last_of_month(),
                         {{"month", m}}));
    }
    for (const auto& [area, level, v] :
         std::vector<std::tuple<std::string, std::string, double>>{{"BE2", "kindergarten", 1885},
                                                                   {"BE2", "primary", 3325},
                                                                   {"BE2", "secondary", 2556},
                                                                   {"BE2", "higher", 390},
                                                                   {"BE3", "kindergarten", 485},
                                                                   {"BE3", "primary", 1227},
                                                                   {"BE3", "secondary", 958},
                                                                   {"BE3", "special", 16},
                                                                   {"BE1", "primary", 1480},
                                                                   {"BE1", "secondary", 651},
                                                                   {"BE1", "special", 7},
                                                                   {"BE1", "home", 18}})
        f.push_back(stock("education.pupils.enrolled", area, v, school, {{"level", level}}));

    Finding a;
    a.kind = "regions_vs_national";
    a.indicator = "tp.register.persons";
    a.area = "BE";
    a.period = "2023-02-05";
    a.message =
        "tp.register.persons 2023-02-05: the regions sum to 53448, the national total "
        "(België) is 53450 (difference 2)";
    a.expected = 53450;
    a.actual = 53448;
    Finding b;
    b.kind = "parts_vs_total";
    b.indicator = "employment.jobseekers.registered";
    b.area = "BE3";
    b.period = "2023-01";
    b.message =
        "Forem 2023-01 (forem_ukraine_202301.csv): the 'Total Wallonie' row gives 2220 "
        "for 'Demandeurs d'emploi inscrits', the five province rows sum to 2102 "
        "(difference 118)";
    b.expected = 2220;
    b.actual = 2102;
    Finding c;
    c.kind = "levels_vs_total";
    c.indicator = "education.pupils.enrolled";
    c.area = "BE2";
    c.period = "2023-02-07";
    c.message =
        "education.pupils.enrolled BE2 2023-02-07: reported total 7760, kindergarten + "
        "primary + secondary sum to 7766 (difference 6); higher 390 reported outside "
        "the total";
    c.expected = 7760;
    c.actual = 7766;
    r.findings = {a, b, c};

    const auto input = [](std::string file, std::string partner, std::string status,
                          std::optional<Date> ref, std::string sha) {
        InputStatus in;
        in.file = std::move(file);
        in.partner = std::move(partner);
        in.status = std::move(status);
        in.reference_date = ref;
        in.sha256 = std::move(sha);
        in.received_at = "2023-02-08T06:12:00+01:00";
        return in;
    };
    r.inputs = {
        input("dvz_tp_beslissingen_20230131.csv", "DVZ", "used", ymd(2023, 1, 31),
              "3f2a9c0d41b7e8a65c1d90e2f4b3a7c8d9e0f1a2b3c4d5e6f708192a3b4c5d6e"),
        input("dvz_tp_register_20230205.csv", "DVZ", "used", ymd(2023, 2, 5),
              "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90"),
        input("fedasil_crisisopvang_2023-01-30.xlsx", "Fedasil", "used", ymd(2023, 1, 30),
              "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0"),
        input("vdab_oekraine_2023-02.csv", "VDAB", "used", ymd(2023, 2, 28),
              "5a5b5c5d5e5f60616263646566676869707172737475767778797a7b7c7d7e7f"),
        input("forem_ukraine_202301.csv", "Forem", "used", ymd(2023, 1, 31),
              "9988776655443322110099887766554433221100998877665544332211009988"),
        input("actiris_ukraine_2022-12-31.json", "Actiris", "used", ymd(2022, 12, 31),
              "1234567890abcdef1234567890abcdef1234567890abcdef1234567890abcdef"),
        input("education_2023-02-07.hxl.csv", "Onderwijs", "used", ymd(2023, 2, 7),
              "fedcba0987654321fedcba0987654321fedcba0987654321fedcba0987654321"),
        input("redcross_2022-09-30.hxl.csv", "Rode Kruis", "used", ymd(2022, 9, 30),
              "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"),
        input("dvz_tp_register_20230205 (1).csv", "DVZ", "duplicate", ymd(2023, 2, 5),
              "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90"),
        input("vdab_oekraine_2023-01.csv", "VDAB", "rejected", std::nullopt,
              "77777777777777777777777777777777777777777777777777777777777777aa"),
    };
    r.inputs.back().error = "vdab_oekraine_2023-01.csv:line 4: 'zeven' is not a number";

    SituationNote nl;
    nl.domain = "humanitarian";
    nl.lang = "nl";
    nl.source = "nccn";
    nl.date = "2023-02-08";
    nl.title = "Nooddorpen voor tijdelijk ontheemden uit Oekraïne";
    nl.body =
        "Stand van zaken op 8 februari 2023, op basis van de gegevens van de Vlaamse "
        "overheid.\n\n"
        "- Antwerpen en Mechelen hebben elk een tijdelijk nooddorp. Beide dorpen werden in "
        "2022 ingericht en bieden samen **1.730 opvangplaatsen**. De Vlaamse overheid "
        "betaalt ze volledig.\n"
        "- In Gent wordt een derde nooddorp gebouwd, met plaats voor 600 bewoners.\n"
        "- Naar verwachting kunnen de eerste 200 bewoners het Gentse nooddorp eind april "
        "2023 betrekken.\n\n"
        "Begin februari 2023 woonden ongeveer 1.450 tijdelijk ontheemden in de nooddorpen.\n";
    SituationNote fr;
    fr.domain = "humanitarian";
    fr.lang = "fr";
    fr.source = "wallonie";
    fr.date = "2023-02-08";
    fr.title = "Hébergement collectif des déplacés d'Ukraine en Wallonie";
    fr.body =
        "Situation au 8 février 2023 (chiffres arrêtés au 5 février 2023).\n\n"
        "- Des conventions ont été conclues pour 27 logements collectifs, d'une capacité "
        "théorique totale de 1.225 places.\n"
        "- 23 de ces logements sont déjà ouverts ; ils offrent ensemble 945 places.\n"
        "- Ces places hébergent notamment des Ukrainiens qui se présentent directement à "
        "une commune sans être passés par l'Office des Étrangers, le temps de régulariser "
        "leur situation, et elles soulagent les familles d'accueil.\n\n"
        "Les gouverneurs et les coordinateurs locaux gèrent l'occupation de ces places "
        "avec la plateforme informatique TempHoWal (« Temporary Hosting in Wallonia »).\n";
    r.notes = {nl, fr};

    const auto partner = [](std::string name, std::optional<Date> as_of, std::string file,
                            std::string state) {
        return PartnerStatus{std::move(name), "", as_of, std::move(file), 0, std::move(state)};
    };
    r.partners = {
        partner("DVZ", ymd(2023, 2, 5), "dvz_tp_register_20230205.csv", "on_time"),
        partner("Fedasil", ymd(2023, 1, 30), "fedasil_crisisopvang_2023-01-30.xlsx", "on_time"),
        partner("VDAB", ymd(2023, 2, 28), "vdab_oekraine_2023-02.csv", "on_time"),
        partner("Forem", ymd(2023, 1, 31), "forem_ukraine_202301.csv", "on_time"),
        partner("Actiris", ymd(2022, 12, 31), "actiris_ukraine_2022-12-31.json", "late"),
        partner("Onderwijs", ymd(2023, 2, 7), "education_2023-02-07.hxl.csv", "on_time"),
        partner("Rode Kruis", ymd(2022, 9, 30), "redcross_2022-09-30.hxl.csv", "late"),
    };
    return r;
}

using pdf_test::run;
// A folder for the PDFs of one test, removed afterwards.
using TempDir = pdf_test::Scratch;

// `text` with no-break spaces made plain and runs of spaces collapsed.
std::string squeeze(std::string text) {
    for (const std::string nbsp : {"\u202F", "\u00A0"})
        for (size_t p = text.find(nbsp); p != std::string::npos; p = text.find(nbsp, p))
            text.replace(p, nbsp.size(), " ");
    std::string out;
    for (char c : text) {
        if (c == ' ' && !out.empty() && out.back() == ' ') continue;
        out += c;
    }
    return out;
}

// The PDF's text as pdftotext lays it out, with runs of spaces collapsed so that phrases can
// be searched; pdftotext writes French U+202F separators as plain spaces.
std::string pdf_text(const std::string& path, int first_page = 0, int last_page = 0) {
    std::string cmd = "pdftotext -layout";
    if (first_page) cmd += " -f " + std::to_string(first_page);
    if (last_page) cmd += " -l " + std::to_string(last_page);
    const std::string raw = run(cmd + " '" + path + "' - 2>/dev/null");
    return squeeze(raw);
}

// `text` on one line: wrapped table cells and paragraphs read as one phrase.
std::string flat(const std::string& text) {
    std::string out;
    for (char c : text) {
        if (c == '\n' || c == '\f') c = ' ';
        if (c == ' ' && !out.empty() && out.back() == ' ') continue;
        out += c;
    }
    return out;
}

bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

// Keeps a copy of a rendered PDF to look at: SITREP_PDF_OUT=/tmp/pages sitrep_tests
void keep(const std::string& name, const std::string& bytes) {
    if (const char* dir = std::getenv("SITREP_PDF_OUT"))
        std::ofstream(fs::path(dir) / name, std::ios::binary) << bytes;
}

struct Rendered {
    TempDir tmp;
    std::map<std::string, std::string> bytes;
    std::map<std::string, std::string> path;
    std::map<std::string, std::string> text;
};

const Templates& templates() {
    static const Templates t = Templates::load(kTemplates);
    return t;
}

Rendered& rendered() {
    static Rendered r = [] {
        Rendered out;
        const Report report = sample_report();
        for (const std::string lang : {"nl", "fr", "en"}) {
            out.bytes[lang] = render_pdf(report, templates(), lang);
            out.path[lang] = out.tmp.write("sitrep-0237-" + lang + ".pdf", out.bytes[lang]);
            out.text[lang] = pdf_text(out.path[lang]);
            keep("sitrep-0237-" + lang + ".pdf", out.bytes[lang]);
        }
        return out;
    }();
    return r;
}

}  // namespace

TEST_CASE("every page's header names the issuer, the report number, the TLP marking and the page") {
    for (const auto& [lang, title] :
         std::map<std::string, std::string>{{"nl", "Situatierapport nr. 237"},
                                            {"fr", "Rapport de situation n° 237"},
                                            {"en", "Situation report no. 237"}}) {
        CAPTURE(lang);
        const std::string& text = rendered().text[lang];
        CHECK(contains(text, "Nationaal Crisiscentrum / Centre de Crise National"));
        CHECK(contains(text, title));
        CHECK(contains(text, "TLP:AMBER"));
        CHECK(contains(text, "p. 1/"));
        CHECK(contains(text, "08/02/2023 07:00"));
        const std::string last_page = pdf_text(rendered().path[lang], 2, 99);
        CHECK(contains(last_page, title));
        CHECK(contains(last_page, "TLP:AMBER"));
    }
}

TEST_CASE("the Dutch report writes 53.450 and names Luik") {
    const std::string& text = rendered().text["nl"];
    CHECK(contains(text, "53.450"));
    CHECK(contains(text, "65.221"));
    CHECK(contains(text, "16.183"));
    CHECK(contains(text, "+1.564"));
    CHECK(contains(text, "+240"));
    CHECK(contains(text, "Luik"));
    CHECK(contains(text, "Henegouwen"));
    CHECK(contains(text, "Vlaams Gewest"));
    CHECK(contains(text, "59,4%"));
    CHECK(contains(text, "10/03/2022"));
    CHECK(contains(text, "Volgend rapport: 09/02/2023 07:00"));
    CHECK_FALSE(contains(text, "Liège"));
}

TEST_CASE("the French report writes 53 450 and names Liège") {
    // The separator is U+202F in the PDF; pdftotext extracts it as a plain space.
    const std::string& text = rendered().text["fr"];
    CHECK((contains(text, "53 450") || contains(text, "53\u202F450")));
    CHECK((contains(text, "65 221") || contains(text, "65\u202F221")));
    CHECK(contains(text, "Liège"));
    CHECK(contains(text, "Hainaut"));
    CHECK(contains(text, "Région flamande"));
    CHECK(contains(text, "Chiffres clés"));
    CHECK_FALSE(contains(text, "Luik"));
}

TEST_CASE("the English report writes 53,450 and names Liège") {
    const std::string& text = rendered().text["en"];
    CHECK(contains(text, "53,450"));
    CHECK(contains(text, "65,221"));
    CHECK(contains(text, "Liège"));
    CHECK(contains(text, "Flemish Region"));
    CHECK(contains(text, "59.4%"));
    CHECK(contains(text, "Next report: 09/02/2023 07:00"));
}

TEST_CASE("the sections appear in the template's order with their titles in each language") {
    for (const auto& lang : templates().languages()) {
        CAPTURE(lang);
        const std::string& text = rendered().text[lang];
        size_t last = 0;
        for (const auto& section : templates().sections()) {
            const std::string title = squeeze(templates().label(lang, section.title));
            const size_t pos = text.find(title, last);
            CHECK_MESSAGE(pos != std::string::npos, title);
            if (pos != std::string::npos) last = pos;
        }
    }
}

TEST_CASE("the key-figure tiles show the seed's figures with their change") {
    const std::string first_page = pdf_text(rendered().path["nl"], 1, 1);
    CHECK(contains(first_page, "Kerncijfers"));
    CHECK(contains(first_page, "65.221"));
    CHECK(contains(first_page, "28.000"));
    CHECK(contains(first_page, "16.183"));
    CHECK(contains(first_page, "+1.564 sinds het vorige"));
    CHECK(contains(first_page, "Hoogtepunten"));
}

TEST_CASE("a carried-forward figure carries a dagger and a footnote with its date") {
    const std::string& text = rendered().text["nl"];
    CHECK(contains(text, "28.000\u2020"));
    CHECK(contains(text, "overgenomen uit een eerdere levering (stand op 30/09/2022)"));
}

TEST_CASE("the data-quality findings are shown in words") {
    CHECK(contains(flat(rendered().text["en"]), "the regions sum to 53448"));
    CHECK(contains(flat(rendered().text["nl"]), "de gewesten tellen op tot 53.448"));
    CHECK(contains(flat(rendered().text["fr"]), "la somme des régions est de 53 448"));
    CHECK(contains(rendered().text["nl"], "Waarschuwing"));
}

TEST_CASE("notes appear in the language they were written in") {
    for (const auto& lang : templates().languages()) {
        CAPTURE(lang);
        const std::string& text = rendered().text[lang];
        CHECK(contains(text, "Nooddorpen voor tijdelijk ontheemden"));
        CHECK(contains(text, "Hébergement collectif"));
        CHECK(contains(text, "TempHoWal"));
    }
}

TEST_CASE("the sources list every input and the reason a file was rejected") {
    const std::string& text = rendered().text["nl"];
    CHECK(contains(text, "fedasil_crisisopvang_2023-01-30.xlsx"));
    CHECK(contains(text, "Geweigerd"));
    CHECK(contains(text, "'zeven' is not a number"));
}

TEST_CASE("every report passes qpdf --check, embeds subset fonts and stays under 500 KB") {
    for (const auto& lang : templates().languages()) {
        CAPTURE(lang);
        const std::string& path = rendered().path[lang];
        const std::string check = run("qpdf --check '" + path + "' 2>&1; echo rc=$?");
        CHECK(contains(check, "No syntax or stream encoding errors found"));
        CHECK(contains(check, "rc=0"));
        CHECK_FALSE(contains(check, "WARNING"));
        CHECK(rendered().bytes[lang].size() < 500 * 1024);
        const std::string fonts = run("pdffonts '" + path + "' 2>/dev/null");
        CHECK(contains(fonts, "DejaVuSans"));
        CHECK(contains(fonts, "DejaVuSans-Bold"));
        CHECK_FALSE(contains(fonts, " no  "));  // every font embedded
    }
}

TEST_CASE("the PDF dates come from the report's issue time") {
    const std::string info = run("pdfinfo -isodates '" + rendered().path["nl"] + "' 2>/dev/null");
    CHECK(contains(info, "2023-02-08T07:00:00+01"));
    CHECK(contains(info, "Situatierapport nr. 237"));
}

TEST_CASE("rendering the same report twice gives identical bytes") {
    const Report report = sample_report();
    for (const auto& lang : templates().languages()) {
        CAPTURE(lang);
        CHECK(render_pdf(report, templates(), lang) == rendered().bytes[lang]);
    }
}

TEST_CASE("an urgent report shows URGENT and its reason on the first page") {
    Report report = sample_report();
    report.kind = "urgent";
    report.reason = "Onverwachte aankomst van 400 ontheemden in Brussel-Zuid";
    TempDir tmp;
    const std::string bytes = render_pdf(report, templates(), "nl");
    keep("urgent-nl.pdf", bytes);
    const std::string path = tmp.write("urgent.pdf", bytes);
    const std::string first = pdf_text(path, 1, 1);
    CHECK(contains(first, "URGENT"));
    CHECK(contains(first, "Onverwachte aankomst van 400 ontheemden"));
    CHECK_FALSE(contains(rendered().text["nl"], "URGENT"));
}

TEST_CASE("a section without data says no data was received") {
    Report report = sample_report();
    std::erase_if(report.figures,
                  [](const Figure& f) { return f.indicator == "education.pupils.enrolled"; });
    TempDir tmp;
    const std::string text = pdf_text(tmp.write("r.pdf", render_pdf(report, templates(), "nl")));
    const size_t section = text.find("Onderwijs");
    REQUIRE(section != std::string::npos);
    CHECK(text.find("Geen gegevens ontvangen.", section) != std::string::npos);
}

TEST_CASE("text that no font can show does not break the report") {
    Report report = sample_report();
    report.notes.front().body += "\nEmoji \xF0\x9F\x98\x80, invalid \xFF bytes, \xE4\xB8\xAD.\n";
    report.notes.front().title = std::string(500, 'x');
    TempDir tmp;
    const std::string path = tmp.write("r.pdf", render_pdf(report, templates(), "nl"));
    CHECK(contains(run("qpdf --check '" + path + "' 2>&1"), "No syntax or stream encoding"));
    // WinAnsi has no U+FFFD: the invalid byte is drawn as a visible question mark.
    CHECK(contains(pdf_text(path), "invalid ? bytes"));
}

TEST_CASE("an empty report still renders every section") {
    Report report;
    report.number = 1;
    report.issued_at = "2023-02-08T07:00:00+01:00";
    report.as_of = ymd(2023, 2, 8);
    TempDir tmp;
    const std::string bytes = render_pdf(report, templates(), "fr");
    keep("empty-fr.pdf", bytes);
    const std::string path = tmp.write("r.pdf", bytes);
    const std::string text = pdf_text(path);
    CHECK(contains(text, "Rapport de situation n° 1"));
    CHECK(contains(text, "Aucune donnée reçue."));
    CHECK(contains(run("qpdf --check '" + path + "' 2>&1"), "No syntax or stream encoding"));
}

TEST_CASE("a long table breaks between rows and repeats its header on the next page") {
    Report report = sample_report();
    const InputStatus model = report.inputs.front();
    for (int i = 0; i < 120; ++i) {
        InputStatus in = model;
        in.file = "forem_ukraine_2022" + std::to_string(100 + i) + ".csv";
        report.inputs.push_back(in);
    }
    TempDir tmp;
    const std::string bytes = render_pdf(report, templates(), "en");
    keep("long-en.pdf", bytes);
    const std::string path = tmp.write("long.pdf", bytes);
    CHECK(contains(run("qpdf --check '" + path + "' 2>&1"), "No syntax or stream encoding"));
    const std::string last = pdf_text(path, 8, 99);
    CHECK(contains(last, "forem_ukraine_2022219.csv"));
    CHECK(contains(last, "Reference date"));  // the repeated header
}

TEST_CASE("a language without labels is a ConfigError") {
    CHECK_THROWS_AS(render_pdf(sample_report(), templates(), "xx"), ConfigError);
}

TEST_CASE("a language added as a label file renders with that language's area names") {
    TempDir copy;
    fs::copy(kTemplates, copy.dir / "templates", fs::copy_options::recursive);
    const fs::path labels = copy.dir / "templates" / "labels";
    fs::copy_file(labels / "nl.properties", labels / "de.properties");
    {
        std::ifstream in(copy.dir / "templates" / "report.ini");
        std::stringstream s;
        s << in.rdbuf();
        std::string ini = s.str();
        ini.replace(ini.find("languages = nl, fr, en"), 22, "languages = nl, fr, en, de");
        std::ofstream(copy.dir / "templates" / "report.ini") << ini;
    }
    const Templates t = Templates::load((copy.dir / "templates").string());
    const std::string path = copy.write("de.pdf", render_pdf(sample_report(), t, "de"));
    CHECK(contains(pdf_text(path), "Lüttich"));
}

TEST_CASE("the template decides which sections appear and in which order") {
    TempDir copy;
    fs::copy(kTemplates, copy.dir / "templates", fs::copy_options::recursive);
    const fs::path ini_path = copy.dir / "templates" / "report.ini";
    std::ifstream in(ini_path);
    std::stringstream s;
    s << in.rdbuf();
    std::string ini = s.str();
    const size_t pos = ini.find("order = ");
    ini.replace(pos, ini.find('\n', pos) - pos, "order = education, temporary_protection");
    std::ofstream(ini_path) << ini;
    const Templates t = Templates::load((copy.dir / "templates").string());
    const std::string text = pdf_text(copy.write("r.pdf", render_pdf(sample_report(), t, "nl")));
    const size_t education = text.find("Oekraïense leerlingen per gewest");
    const size_t protection = text.find("Tijdelijke bescherming");
    REQUIRE(education != std::string::npos);
    REQUIRE(protection != std::string::npos);
    CHECK(education < protection);
    CHECK_FALSE(contains(text, "Stand van de partnergegevens"));
}

TEST_CASE("an unchanged figure is stated plainly in the highlights, without a zero change") {
    Report report = sample_report();
    for (auto& f : report.figures)
        if (f.indicator == "tp.register.persons" && f.area == "BE" && f.breakdown.empty())
            f.previous = f.value;
    TempDir tmp;
    const std::string path = tmp.write("unchanged.pdf", render_pdf(report, templates(), "nl"));
    const std::string first = flat(pdf_text(path, 1, 1));
    CHECK(contains(first, "Rijksregister op 05/02/2023."));
    CHECK_FALSE(contains(first, "(0 sinds het vorige rapport)"));
    CHECK(contains(flat(rendered().text["nl"]), "(+240 sinds het vorige rapport)"));
}
