// After a year of daily reports the PDF stays short: report 365 built in code, as the year
// replay (bench/year_replay.sh) would give it, fits in 8 pages in Dutch.

#include <doctest/doctest.h>

#include <cmath>

#include "tests/writers/pdf_support.h"

using namespace sitrep;
using namespace sitrep::pdf_test;

namespace {

const Date kStart = Date::from_ymd(2022, 3, 1);
const Date kAsOf = kStart + 364;

Figure make(const std::string& indicator, const std::string& area, double value, Kind kind,
            Breakdown breakdown = {}) {
    Figure f;
    f.indicator = indicator;
    f.area = area;
    f.value = value;
    f.kind = kind;
    f.as_of = kAsOf + (-2);
    if (kind == Kind::kFlow) {
        f.from = kStart;
        f.to = f.as_of;
    }
    f.breakdown = std::move(breakdown);
    f.previous = value - 10;
    f.sources = {std::string(64, 'b')};
    f.locations = {"file.csv:line 2"};
    return f;
}

// A month's flow of one area, as the charts and month tables read them.
Figure month_flow(const std::string& indicator, const std::string& area, Date first, double value) {
    Figure f = make(indicator, area, value, Kind::kFlow, {{"month", first.iso_month()}});
    f.from = first;
    f.to = first.last_of_month();
    f.as_of = *f.to;
    return f;
}

const std::vector<std::string> kRegions = {"BE1", "BE2", "BE3"};
const std::vector<std::string> kProvinces = {"BE10", "BE21", "BE22", "BE23", "BE24", "BE25",
                                             "BE31", "BE32", "BE33", "BE34", "BE35"};

std::vector<Figure> year_figures() {
    std::vector<Figure> f;
    const auto stock = [&](const std::string& ind, const std::string& area, double v,
                           Breakdown b = {}) { f.push_back(make(ind, area, v, Kind::kStock, b)); };
    const auto flow = [&](const std::string& ind, const std::string& area, double v,
                          Breakdown b = {}) { f.push_back(make(ind, area, v, Kind::kFlow, b)); };
    // Headlines of every section and tile.
    flow("tp.certificates.issued", "BE", 71234);
    flow("tp.certificates.refused", "BE", 1890);
    stock("tp.register.persons", "BE", 57001);
    flow("reception.crisis.referred", "BE", 17321);
    flow("reception.registration.visitors", "BE", 83211);
    flow("reception.registration.housing_requests", "BE", 20111);
    stock("reception.redcross.welcomed", "BE10", 29876);
    for (const auto& r : kRegions) {
        flow("tp.certificates.issued", r, 20000 + 1000 * static_cast<double>(r.back() - '0'));
        stock("tp.register.persons", r, 15000 + 100 * static_cast<double>(r.back() - '0'));
        for (const auto* ind : {"employment.jobseekers.registered", "employment.jobseekers.women",
                                "employment.jobseekers.worked", "employment.jobseekers.working",
                                "employment.jobseekers.in_training",
                                "employment.vacancies.launched", "employment.vacancies.open"})
            stock(ind, r, 1500);
        stock("education.pupils.enrolled", r, 4000);
        for (const auto* level :
             {"kindergarten", "primary", "secondary", "special", "higher", "home"})
            stock("education.pupils.enrolled", r, 600, {{"level", level}});
    }
    flow("tp.certificates.issued", "BE", 321, {{"area", "unknown"}});
    for (const auto& p : kProvinces) {
        // DVZ's decisions name the municipality: certificates by province, as the map shows.
        if (p != "BE10")
            flow("tp.certificates.issued", p, 4000 + 300 * static_cast<double>(p[3] - '0'));
        stock("tp.register.persons", p, 3000);
        flow("reception.crisis.referred", p, 1500);
    }
    // Refusals by nationality: twenty of them after a year.
    for (int i = 0; i < 20; ++i)
        flow("tp.certificates.refused", "BE", 40 + i,
             {{"nationality", i == 0 ? std::string("UKR") : "N" + std::to_string(i)}});
    // Monthly series, nationally and per area; the templates chart the national ones.
    for (Date m = kStart; m <= kAsOf; m = m.last_of_month() + 1) {
        f.push_back(month_flow("tp.certificates.issued", "BE", m, 2000));
        f.push_back(month_flow("employment.jobseekers.new", "BE3", m, 150));
        for (const auto& r : kRegions) f.push_back(month_flow("tp.certificates.issued", r, m, 700));
        for (const auto& p : kProvinces)
            f.push_back(month_flow("reception.crisis.referred", p, m, 120));
        for (const auto& r : kRegions)
            f.push_back(month_flow("reception.registration.visitors", r, m, 300));
        // Stocks by month too: the register of each region and province, jobseekers per region.
        for (const auto& a : kProvinces) {
            Figure s = month_flow("tp.register.persons", a, m, 2900);
            s.kind = Kind::kStock;
            f.push_back(s);
        }
        for (const auto& r : kRegions) {
            Figure s = month_flow("employment.jobseekers.registered", r, m, 1400);
            s.kind = Kind::kStock;
            f.push_back(s);
        }
    }
    for (int i = 0; i < 60; ++i)
        stock("tp.register.persons", "BE", 100 + i, {{"nationality", "N" + std::to_string(i)}});
    return f;
}

// Seven partners' files over a year, about 450; the last day's few are new.
std::vector<InputStatus> year_inputs() {
    struct Partner {
        const char* name;
        const char* feed;
        int every_days;
    };
    const std::vector<Partner> partners = {
        {"DVZ", "tp_register", 3},    {"Fedasil", "reception", 3},  {"VDAB", "jobseekers", 14},
        {"Forem", "jobseekers", 14},  {"Actiris", "jobseekers", 7}, {"Onderwijs", "pupils", 7},
        {"Rode Kruis", "welcomed", 7}};
    std::vector<InputStatus> out;
    int n = 0;
    for (const auto& p : partners) {
        for (int d = 0; d < 365; d += p.every_days) {
            InputStatus in;
            const Date ref = kStart + d;
            in.partner = p.name;
            in.feed = p.feed;
            in.file = std::string(p.feed) + "_" + p.name + "_" + ref.iso() + ".csv";
            in.sha256 = std::string(60, 'c') + std::to_string(1000 + n);
            in.reference_date = ref;
            in.received_at = (ref + 1).iso() + "T06:00:00+01:00";
            in.bytes = 10000;
            in.status = n % 23 == 0 ? "superseded" : n % 31 == 0 ? "duplicate" : "used";
            if (n % 47 == 0) {
                in.status = "rejected";
                in.error = in.file + ":line 3: '-4' is negative";
                in.reference_date.reset();
            }
            in.is_new = d + p.every_days >= 365 && d >= 362;
            out.push_back(in);
            ++n;
        }
    }
    return out;
}

std::vector<SituationNote> year_notes() {
    std::vector<SituationNote> out;
    const std::vector<std::string> domains = {"humanitarian", "public-order", "mobility", "health"};
    for (int i = 0; i < 30; ++i) {
        SituationNote n;
        n.domain = domains[static_cast<size_t>(i) % domains.size()];
        n.lang = i % 2 ? "fr" : "nl";
        n.source = "nccn";
        n.date = (kStart + 12 * i + 12).iso();
        n.title = "Situatiebericht " + std::to_string(i + 1);
        n.body =
            "Stand van zaken op basis van de gegevens van de partners.\n\n"
            "- Een eerste punt met wat uitleg over de opvang en de registratie.\n"
            "- Een tweede punt over de huisvesting en de scholen.\n"
            "- Een derde punt over wat de komende weken verwacht wordt.\n\n"
            "Een besluit van enkele regels dat de toestand samenvat voor de lezer.\n";
        n.is_new = i == 29;
        out.push_back(n);
    }
    return out;
}

std::vector<Finding> year_findings() {
    std::vector<Finding> out;
    const std::vector<std::string> kinds = {"parts_vs_total", "regions_vs_national",
                                            "implausible_jump", "levels_vs_total",
                                            "source_conflict"};
    for (int i = 0; i < 44; ++i) {
        Finding f;
        f.kind = kinds[static_cast<size_t>(i) % kinds.size()];
        f.indicator = i % 2 ? "tp.register.persons" : "employment.jobseekers.registered";
        f.area = kProvinces[static_cast<size_t>(i) % kProvinces.size()];
        f.period = (kStart + 7 * i).iso_month();
        f.expected = 1000 + i;
        f.actual = 990 + i;
        f.message = "the parts sum to " + std::to_string(990 + i) + ", the total is " +
                    std::to_string(1000 + i) + " (difference 10)";
        f.news = i < 3 ? "new" : i == 3 ? "changed" : "persisting";
        f.since = i < 3 ? 365 : 10 + 7 * i;
        out.push_back(f);
    }
    Finding late;
    late.kind = "late_partner";
    late.feed = "welcomed";
    late.message = "Rode Kruis welcomed: no usable file since " + (kAsOf + (-20)).iso();
    late.news = "persisting";
    late.since = 350;
    out.push_back(late);
    return out;
}

Report year_report() {
    Report r;
    r.number = 365;
    r.previous_number = 364;
    r.issued_at = "2023-03-01T07:00:00+01:00";
    r.as_of = kAsOf;
    r.next_report = "2023-03-02T07:00:00+01:00";
    r.figures = year_figures();
    r.inputs = year_inputs();
    r.notes = year_notes();
    r.findings = year_findings();
    for (int i = 0; i < 3; ++i) {
        Finding gone = r.findings[static_cast<size_t>(10 + i)];
        gone.period = "2022-0" + std::to_string(4 + i);
        r.cleared.push_back(gone);
    }
    for (const auto& [partner, feed, every, state] :
         std::vector<std::tuple<std::string, std::string, int, std::string>>{
             {"DVZ", "tp_register", 1, "on_time"},
             {"DVZ", "tp_certificates", 31, "on_time"},
             {"Fedasil", "reception", 7, "on_time"},
             {"VDAB", "jobseekers", 31, "on_time"},
             {"VDAB", "werkplekvrij", 31, "on_time"},
             {"Forem", "jobseekers", 31, "on_time"},
             {"Actiris", "jobseekers", 31, "late"},
             {"Onderwijs", "pupils", 7, "on_time"},
             {"Rode Kruis", "welcomed", 7, "late"},
             {"NCCN", "notes", 0, "no_cadence"}})
        r.partners.push_back({partner, feed, kAsOf + (-3), feed + "_latest.csv", every, state});
    return r;
}

}  // namespace

TEST_CASE("a year-sized report 365 fits its Dutch PDF in at most 8 pages and stays complete") {
    const Report r = year_report();
    CHECK(r.inputs.size() >= 440);
    CHECK(r.inputs.size() <= 470);
    CHECK(r.figures.size() >= 550);
    Scratch scratch;
    const std::string path = scratch.write("sitrep-0365-nl.pdf", render_pdf(r, templates(), "nl"));
    const int pages = page_count(path);
    MESSAGE("report 365 in Dutch: " << pages << " pages");
    CHECK(pages >= 2);
    CHECK(pages <= 8);
    const std::string text = flat_text(path);
    // Every finding can still be found by its subject, every partner's files are counted.
    CHECK(contains(text, "(sinds rapport 59)"));
    CHECK(contains(text, "Eerder ontvangen bestanden, per partner"));
    CHECK(contains(text, "Situatiebericht 30"));
    CHECK_FALSE(contains(text, "Situatiebericht 3 "));
    for (const std::string lang : {"fr", "en"}) {
        CAPTURE(lang);
        const std::string other =
            scratch.write("sitrep-0365-" + lang + ".pdf", render_pdf(r, templates(), lang));
        CHECK(page_count(other) <= 8);
    }
}

TEST_CASE("rendering report 365 twice gives identical bytes") {
    const Report r = year_report();
    CHECK(render_pdf(r, templates(), "nl") == render_pdf(r, templates(), "nl"));
}
