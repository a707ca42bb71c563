// The PDF keeps to what is news since the previous report; the annex keeps everything.

#include <doctest/doctest.h>

#include "tests/writers/pdf_support.h"

using namespace sitrep;
using namespace sitrep::pdf_test;

namespace {

Date day(const char* iso) { return *Date::parse_iso(iso); }

InputStatus input(std::string file, std::string partner, std::string status, const char* ref,
                  bool is_new) {
    InputStatus in;
    in.file = std::move(file);
    in.partner = std::move(partner);
    in.status = std::move(status);
    if (ref) in.reference_date = day(ref);
    in.sha256 = std::string(64, 'a');
    in.received_at = "2023-02-08T06:12:00+01:00";
    in.is_new = is_new;
    return in;
}

SituationNote note(const std::string& date, std::string title, bool is_new) {
    SituationNote n;
    n.domain = "humanitarian";
    n.lang = "nl";
    n.source = "nccn";
    n.date = date;
    n.title = std::move(title);
    n.body = "Een korte stand van zaken.\n";
    n.is_new = is_new;
    return n;
}

Finding finding(std::string kind, std::string indicator, std::string area, std::string period,
                std::string news, int since) {
    Finding f;
    f.kind = std::move(kind);
    f.indicator = std::move(indicator);
    f.area = std::move(area);
    f.period = std::move(period);
    f.expected = 2220;
    f.actual = 2102;
    f.message = "message of " + f.kind + " " + f.period;
    f.news = std::move(news);
    f.since = since;
    return f;
}

// Report 40, the day after report 39: a few files, notes and findings are new, the rest old.
Report day_after() {
    Report r;
    r.number = 40;
    r.previous_number = 39;
    r.issued_at = "2023-02-08T07:00:00+01:00";
    r.as_of = day("2023-02-08");
    r.inputs = {
        input("dvz_tp_register_20230201.csv", "DVZ", "used", "2023-02-01", false),
        input("dvz_tp_register_20230202.csv", "DVZ", "used", "2023-02-02", false),
        input("dvz_tp_register_20230203.csv", "DVZ", "superseded", "2023-02-03", false),
        input("dvz_tp_register_20230203_v2.csv", "DVZ", "used", "2023-02-03", false),
        input("forem_ukraine_202212.csv", "Forem", "used", "2022-12-31", false),
        input("forem_ukraine_202301.csv", "Forem", "used", "2023-01-31", false),
        input("forem_ukraine_202301 (1).csv", "Forem", "duplicate", "2023-01-31", false),
        input("forem_ukraine_202211.csv", "Forem", "rejected", nullptr, false),
        input("dvz_tp_register_20230207.csv", "DVZ", "used", "2023-02-07", true),
        input("vdab_oekraine_2023-02.csv", "VDAB", "rejected", nullptr, true),
    };
    r.inputs[7].error = "forem_ukraine_202211.csv:line 3: '-4' is negative";
    r.inputs.back().error = "vdab_oekraine_2023-02.csv:line 4: 'zeven' is not a number";

    r.notes = {note("2023-01-10", "Winteropvang in Antwerpen", false),
               note("2023-02-01", "Nooddorp in Gent", false),
               note("2023-02-08", "Extra registratiecentrum", true)};

    r.findings = {
        finding("levels_vs_total", "education.pupils.enrolled", "BE2", "2023-02-07", "new", 40),
        finding("regions_vs_national", "tp.register.persons", "BE", "2023-02-07", "changed", 31),
        finding("parts_vs_total", "employment.jobseekers.registered", "BE3", "2023-01",
                "persisting", 12),
        finding("late_partner", "", "", "", "persisting", 30),
    };
    r.findings.back().feed = "redcross_welcomed";
    r.findings.back().message = "Rode Kruis: no usable file since 2022-09-30";
    r.cleared = {finding("cumulative_decrease", "tp.certificates.issued", "BE", "2022-12",
                         "persisting", 20)};

    r.partners = {
        {"DVZ", "tp_register", day("2023-02-07"), "dvz_tp_register_20230207.csv", 1, "on_time"},
        {"Forem", "jobseekers", day("2023-01-31"), "forem_ukraine_202301.csv", 31, "late"},
        {"Rode Kruis", "redcross_welcomed", day("2022-09-30"), "redcross_2022-09-30.hxl.csv", 0,
         "no_cadence"},
    };
    return r;
}

// A rendered PDF's text: all of it, and its first page alone.
struct Pdf {
    std::string text;
    std::string first_page;
};

Pdf render(const Report& r, const std::string& lang, const Templates& t = templates()) {
    Scratch scratch;
    const std::string path = scratch.write("news-" + std::to_string(r.number) + "-" + lang + ".pdf",
                                           render_pdf(r, t, lang));
    return {flat_text(path), flat_text(path, 1, 1)};
}

// The part of the Dutch text from the last occurrence of a section title on.
std::string section_from(const std::string& text, const std::string& title,
                         const std::string& next = "") {
    const size_t a = text.rfind(title);
    if (a == std::string::npos) return "";
    const size_t b = next.empty() ? std::string::npos : text.find(next, a);
    return text.substr(a, b == std::string::npos ? std::string::npos : b - a);
}

}  // namespace

TEST_CASE("the sources section lists new files in full and the rest per partner") {
    const Pdf pdf = render(day_after(), "nl");
    const std::string sources = section_from(pdf.text, "Bronnen");
    CHECK(contains(sources, "Bestanden ontvangen sinds rapport 39"));
    CHECK(contains(sources, "dvz_tp_register_20230207.csv"));
    CHECK(contains(sources, "vdab_oekraine_2023-02.csv"));
    CHECK(contains(sources, "'zeven' is not a number"));
    // Earlier files are counted, not listed.
    CHECK_FALSE(contains(sources, "dvz_tp_register_20230201.csv"));
    CHECK_FALSE(contains(sources, "forem_ukraine_202212.csv"));
    CHECK(contains(sources, "Eerder ontvangen bestanden, per partner"));
    CHECK(contains(sources, "DVZ 3 1 0 0 03/02/2023"));
    CHECK(contains(sources, "Forem 2 0 1 1 31/01/2023"));
    CHECK(contains(sources, "De volledige lijst van alle ontvangen bestanden"));
    CHECK(contains(sources, "Excel-bijlage (blad „Sources”) en in het JSON-manifest"));
}

TEST_CASE("a report without a previous one lists every file as new") {
    Report first = day_after();
    first.number = 1;
    first.previous_number = 0;
    const Pdf pdf = render(first, "nl");
    const std::string sources = section_from(pdf.text, "Bronnen");
    CHECK(contains(sources, "dvz_tp_register_20230201.csv"));
    CHECK(contains(sources, "forem_ukraine_202211.csv"));
    CHECK(contains(sources, "'-4' is negative"));
    CHECK_FALSE(contains(sources, "Eerder ontvangen"));
}

TEST_CASE("a report with no new files says so and still counts the earlier ones") {
    Report quiet = day_after();
    for (auto& in : quiet.inputs) in.is_new = false;
    const std::string sources = section_from(render(quiet, "en").text, "Sources");
    CHECK(contains(sources, "No new files since report 39."));
    CHECK(contains(sources, "VDAB 0 0 0 1"));
}

TEST_CASE("a note older than the template's current days is not shown") {
    const Pdf pdf = render(day_after(), "nl");
    const std::string notes = section_from(pdf.text, "Situatie per domein", "Stand van de");
    CHECK(contains(notes, "Extra registratiecentrum"));         // new
    CHECK(contains(notes, "Nooddorp in Gent"));                 // 7 days old, within 14
    CHECK_FALSE(contains(notes, "Winteropvang in Antwerpen"));  // 29 days old
    CHECK(contains(notes, "Oudere situatieberichten staan in de Excel-bijlage (blad „Notes”): 1."));

    Scratch copy;
    fs::copy(kTemplates, copy.dir / "templates", fs::copy_options::recursive);
    const fs::path ini = copy.dir / "templates" / "report.ini";
    std::string text = run("cat '" + ini.string() + "'");
    text.replace(text.find("notes.current_days = 14"), 23, "notes.current_days = 3");
    std::ofstream(ini) << text;
    const Templates three_days = Templates::load((copy.dir / "templates").string());
    const std::string short_notes = section_from(render(day_after(), "nl", three_days).text,
                                                 "Situatie per domein", "Stand van de");
    CHECK(contains(short_notes, "Extra registratiecentrum"));
    CHECK_FALSE(contains(short_notes, "Nooddorp in Gent"));
    CHECK(contains(short_notes, "(blad „Notes”): 2."));
}

TEST_CASE("a new note is shown however old its date") {
    Report r = day_after();
    r.notes.front().is_new = true;
    const std::string notes =
        section_from(render(r, "nl").text, "Situatie per domein", "Stand van de");
    CHECK(contains(notes, "Winteropvang in Antwerpen"));
}

TEST_CASE("the first page names the notes the notes section shows, no more") {
    const Pdf pdf = render(day_after(), "nl");
    const std::string first = pdf.first_page;
    CHECK(contains(first, "Nooddorp in Gent (nccn)"));
    CHECK(contains(first, "Extra registratiecentrum (nccn)"));
    CHECK_FALSE(contains(first, "Winteropvang in Antwerpen"));
}

TEST_CASE("the first page counts new, changed and standing findings") {
    const Pdf nl = render(day_after(), "nl");
    CHECK(contains(nl.first_page,
                   "Opmerkingen over de gegevenskwaliteit: 1 nieuw, 1 gewijzigd, 2 blijvend"));
    const Pdf en = render(day_after(), "en");
    CHECK(contains(en.first_page, "Data-quality findings: 1 new, 1 changed, 2 standing"));
}

TEST_CASE("new and changed findings are shown in full and marked as such") {
    const std::string quality =
        section_from(render(day_after(), "nl").text, "Gegevenskwaliteit", "Bronnen");
    CHECK(contains(quality, "Nieuw"));
    CHECK(contains(quality, "Gewijzigd"));
    CHECK(contains(quality, "de onderwijsniveaus tellen op tot"));
    CHECK(contains(quality, "de gewesten tellen op tot"));
    CHECK(contains(quality, "Detail (EN): message of levels_vs_total"));
}

TEST_CASE("a persisting finding says since which report it stands") {
    const std::string quality =
        section_from(render(day_after(), "nl").text, "Gegevenskwaliteit", "Bronnen");
    CHECK(contains(quality, "Opmerkingen die blijven staan (2)"));
    CHECK(contains(quality,
                   "Delen tegenover totaal (1): Ingeschreven werkzoekenden, Waals Gewest, januari "
                   "2023 (sinds rapport 12)"));
    CHECK(contains(quality, "Laattijdige gegevens (1): redcross_welcomed (sinds rapport 30)"));
    // In short: not the full sentence nor the reconciler's message.
    CHECK_FALSE(contains(quality, "message of parts_vs_total"));
    CHECK_FALSE(contains(quality, "de delen tellen op tot"));

    const std::string fr = render(day_after(), "fr").text;
    CHECK(contains(fr, "(depuis le rapport n° 12)"));
}

TEST_CASE("cleared findings are listed") {
    const std::string quality =
        section_from(render(day_after(), "nl").text, "Gegevenskwaliteit", "Bronnen");
    CHECK(contains(quality, "Opgelost sinds rapport 39 (1):"));
    CHECK(contains(quality,
                   "Cumulatief cijfer gedaald (1): Attesten tijdelijke bescherming "
                   "afgegeven, december 2022"));
    const std::string en = render(day_after(), "en").text;
    CHECK(contains(en, "Cleared since report 39 (1):"));
}

TEST_CASE("a report whose findings all stand says there is nothing new") {
    Report r = day_after();
    for (auto& f : r.findings) f.news = "persisting";
    const std::string quality = section_from(render(r, "nl").text, "Gegevenskwaliteit", "Bronnen");
    CHECK(contains(quality, "Geen nieuwe of gewijzigde opmerkingen sinds rapport 39."));
    CHECK(contains(quality, "Opmerkingen die blijven staan (4)"));
}

TEST_CASE("the partner section shows each feed with its cadence, and no cadence as such") {
    const std::string partners = section_from(render(day_after(), "nl").text,
                                              "Stand van de partnergegevens", "Gegevenskwaliteit");
    CHECK(contains(partners, "Frequentie"));
    CHECK(contains(partners, "tp_register"));
    CHECK(contains(partners, "dagelijks"));
    CHECK(contains(partners, "elke 31 dagen"));
    CHECK(contains(partners, "Rode Kruis redcross_welcomed niet vastgelegd Geen frequentie"));
    CHECK(contains(partners, "Laattijdig"));
    const std::string fr = section_from(render(day_after(), "fr").text,
                                        "État des données des partenaires", "Qualité des données");
    CHECK(contains(fr, "tous les 31 jours"));
    CHECK(contains(fr, "non fixée Sans fréquence"));
}

TEST_CASE("templates from before the news words show every file, note and finding, as issued") {
    Scratch copy;
    fs::copy(kTemplates, copy.dir / "templates", fs::copy_options::recursive);
    for (const std::string lang : {"nl", "fr", "en"}) {
        const fs::path labels = copy.dir / "templates" / "labels" / (lang + ".properties");
        std::string text = run("cat '" + labels.string() + "'");
        const size_t pos = text.find("\nsources.complete");
        REQUIRE(pos != std::string::npos);
        text.erase(pos, text.find('\n', pos + 1) - pos);
        std::ofstream(labels) << text;
    }
    const Templates old = Templates::load((copy.dir / "templates").string());
    const std::string text = render(day_after(), "nl", old).text;
    CHECK(contains(text, "dvz_tp_register_20230201.csv"));
    CHECK(contains(text, "Winteropvang in Antwerpen"));
    CHECK(contains(text, "de delen tellen op tot"));
    CHECK_FALSE(contains(text, "Eerder ontvangen"));
}

TEST_CASE("the first page names each late feed, so that two feeds of one partner stay apart") {
    Report r = day_after();
    r.partners = {
        {"vdab", "vdab.werkplekvrij", day("2022-12-31"), "vdab_werkplekvrij_2022-12.csv", 31, "late"},
        {"vdab", "vdab.jobseekers", day("2023-01-31"), "vdab_oekraine_2023-01.csv", 31, "on_time"},
        {"forem", "", std::nullopt, "", 31, "missing"},
    };
    const std::string first = render(r, "en").first_page;
    CHECK(contains(first, "vdab.werkplekvrij (latest data"));
    CHECK_FALSE(contains(first, "vdab.jobseekers"));
    CHECK(contains(first, "forem (latest data"));
}
