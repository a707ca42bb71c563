#include "pipeline/writers/annex_writer.h"

#include <doctest/doctest.h>

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <optional>
#include <tuple>
#include <sstream>
#include <string>
#include <vector>

#include "pipeline/foundation/errors.h"
#include "pipeline/reference/areas.h"
#include "pipeline/writers/annex_book.h"
#include "pipeline/model/wall_time.h"

// The annex is read back with a real reader, openpyxl (Debian: python3-openpyxl), run by the
// system interpreter because a non-Debian python3 on PATH may not see Debian's modules.

namespace sitrep {
namespace {

namespace fs = std::filesystem;

// What the reader prints, one fact per line, tab-separated, with \t \n \\ escaped.
constexpr const char* kReader = R"PY(
import re, sys, zipfile, openpyxl
from openpyxl.utils.cell import range_boundaries

def esc(v):
    s = v if isinstance(v, str) else repr(v)
    return s.replace('\\', '\\\\').replace('\t', '\\t').replace('\n', '\\n')

def out(*fields):
    print('\t'.join(esc(f) if isinstance(f, str) else esc(str(f)) for f in fields))

def value(v):
    if v is None: return ''
    if hasattr(v, 'isoformat'): return v.isoformat()
    return str(v)

path = sys.argv[1]
if len(sys.argv) > 2 and sys.argv[2] == 'dims':
    wb = openpyxl.load_workbook(path, read_only=True)
    for ws in wb.worksheets:
        out('dims', ws.title, ws.max_row, ws.max_column)
    sys.exit(0)

values = openpyxl.load_workbook(path, data_only=True)
formulas = openpyxl.load_workbook(path)

def resolve(ref):
    if ref is None: return []
    sheet, rng = ref.rsplit('!', 1)
    sheet = sheet.strip("'").replace("''", "'")
    c1, r1, c2, r2 = range_boundaries(rng.replace('$', ''))
    ws = values[sheet]
    return [value(ws.cell(row=r, column=c).value)
            for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)]

def ref_of(data):
    if data is None: return None
    for attr in ('numRef', 'strRef'):
        r = getattr(data, attr, None)
        if r is not None: return r.f
    return None

for ws in values.worksheets:
    out('sheet', ws.title)
    out('freeze', ws.title, ws.freeze_panes or '')
    # A sheet's filter is its Excel table's (a table filters itself), else the sheet's own.
    tables = list(ws.tables.values())
    out('filter', ws.title, tables[0].ref if tables else (ws.auto_filter.ref or ''))
    out('state', ws.title, ws.sheet_state)
    for letter, dim in ws.column_dimensions.items():
        out('width', ws.title, letter, dim.width)
    for row in ws.iter_rows():
        for c in row:
            if c.value is None: continue
            kind = 'd' if hasattr(c.value, 'isoformat') else \
                ('n' if isinstance(c.value, (int, float)) else 's')
            out('cell', ws.title, c.coordinate, kind, value(c.value), c.number_format,
                1 if c.font.b else 0)
    for i, ch in enumerate(ws._charts):
        title = ''
        try: title = ''.join(r.t for p in ch.title.tx.rich.p for r in (p.r or []))
        except Exception: pass
        out('chart', ws.title, i, ch.tagname, getattr(ch, 'type', ''), title, len(ch.series),
            ch.legend.position if ch.legend is not None else 'none')
        for j, s in enumerate(ch.series):
            name = s.tx.strRef.f if s.tx is not None and s.tx.strRef is not None else ''
            out('series', ws.title, i, j, ref_of(s.cat) or '', ref_of(s.val) or '', name,
                '|'.join(resolve(ref_of(s.val))), '|'.join(resolve(ref_of(s.cat))),
                '|'.join(resolve(name or None)))

for ws in formulas.worksheets:
    for row in ws.iter_rows():
        for c in row:
            if isinstance(c.value, str) and c.value.startswith('='):
                out('formula', ws.title, c.coordinate, c.value)

p = values.properties
out('prop', 'title', p.title or '')
out('prop', 'subject', p.subject or '')
out('prop', 'creator', p.creator or '')
out('prop', 'created', p.created.isoformat() if p.created else '')
with zipfile.ZipFile(path) as z:
    for info in z.infolist():
        out('zip', info.filename, '%04d-%02d-%02d %02d:%02d:%02d' % info.date_time)
    app = z.read('docProps/app.xml').decode()
    m = re.search(r'<Company>(.*?)</Company>', app)
    out('prop', 'company', m.group(1) if m else '')
    if 'docProps/custom.xml' in z.namelist():
        custom = z.read('docProps/custom.xml').decode()
        for name, val in re.findall(r'name="([^"]*)"[^>]*>\s*<vt:\w+>([^<]*)<', custom):
            out('custom', name, val)
)PY";

std::string unescape(const std::string& s) {
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '\\' && i + 1 < s.size()) {
            const char n = s[++i];
            out += n == 't' ? '\t' : n == 'n' ? '\n' : n;
        } else {
            out += s[i];
        }
    }
    return out;
}

std::vector<std::string> split_tabs(const std::string& line) {
    std::vector<std::string> fields;
    std::string field;
    std::istringstream in(line);
    while (std::getline(in, field, '\t')) fields.push_back(unescape(field));
    if (!line.empty() && line.back() == '\t') fields.emplace_back();
    return fields;
}

/// One cell as openpyxl read it (cached values for formulas).
struct Cell {
    std::string coord;
    std::string type;  ///< n number, s string, d date
    std::string value;
    std::string format;
    bool bold = false;
};

/// One chart series: its references and the values the referenced cells hold.
struct Series {
    std::string categories_ref, values_ref, name_ref;
    std::vector<std::string> values, categories, name;
};

/// One chart: `bar` direction `col` (columns) or `bar` (bars).
struct Chart {
    std::string tag, direction, title;
    std::string legend;  ///< where the legend is (`b`), or `none`
    std::vector<Series> series;
};

/// Everything the reader printed about one annex.
struct Dump {
    std::vector<std::string> sheets;
    std::map<std::string, std::map<std::string, Cell>> cells;  // sheet -> coord -> cell
    std::map<std::string, std::map<std::string, std::string>> formulas;
    std::map<std::string, std::map<std::string, double>> widths;
    std::map<std::string, std::string> freeze, filter, props, custom, state;
    std::map<std::string, std::vector<Chart>> charts;
    std::map<std::string, std::string> zip_dates;
    std::map<std::string, std::pair<int, int>> dims;
};

std::vector<std::string> split_bars(const std::string& s) {
    std::vector<std::string> out;
    if (s.empty()) return out;
    size_t pos = 0;
    while (true) {
        const size_t bar = s.find('|', pos);
        out.push_back(s.substr(pos, bar - pos));
        if (bar == std::string::npos) return out;
        pos = bar + 1;
    }
}

// A directory of this test run, removed when the tests end.
struct ScratchDir {
    fs::path path = fs::temp_directory_path() /
                    ("sitrep-annex-test-" + std::to_string(::getpid()));
    ScratchDir() { fs::create_directories(path); }
    ~ScratchDir() {
        std::error_code ignored;
        fs::remove_all(path, ignored);
    }
};

const fs::path& scratch_dir() {
    static const ScratchDir dir;
    return dir.path;
}

bool reader_available() {
    static const bool ok =
        std::system("/usr/bin/python3 -c 'import openpyxl' >/dev/null 2>&1") == 0;
    return ok;
}

Dump read_annex(const fs::path& xlsx, bool dims_only = false) {
    REQUIRE_MESSAGE(reader_available(),
                    "these tests read the annex with openpyxl: apt-get install python3-openpyxl");
    const fs::path script = scratch_dir() / "read_annex.py";
    {
        std::ofstream(script) << kReader;
    }
    const fs::path output = scratch_dir() / "read_annex.out";
    const fs::path errors = scratch_dir() / "read_annex.err";
    const std::string command = "/usr/bin/python3 '" + script.string() + "' '" +
                                xlsx.string() + "'" + (dims_only ? " dims" : "") + " > '" +
                                output.string() + "' 2> '" + errors.string() + "'";
    const int rc = std::system(command.c_str());
    std::ifstream err_in(errors);
    const std::string err((std::istreambuf_iterator<char>(err_in)), {});
    REQUIRE_MESSAGE(rc == 0, "openpyxl could not read the annex: " << err);

    Dump d;
    std::ifstream in(output);
    std::string line;
    while (std::getline(in, line)) {
        const auto f = split_tabs(line);
        const std::string& what = f.at(0);
        if (what == "sheet") {
            d.sheets.push_back(f.at(1));
        } else if (what == "freeze") {
            d.freeze[f.at(1)] = f.size() > 2 ? f[2] : "";
        } else if (what == "state") {
            d.state[f.at(1)] = f.at(2);
        } else if (what == "filter") {
            d.filter[f.at(1)] = f.size() > 2 ? f[2] : "";
        } else if (what == "width") {
            d.widths[f.at(1)][f.at(2)] = f.at(3) == "None" ? 0 : std::stod(f.at(3));
        } else if (what == "cell") {
            d.cells[f.at(1)][f.at(2)] = {f.at(2), f.at(3), f.at(4), f.at(5), f.at(6) == "1"};
        } else if (what == "formula") {
            d.formulas[f.at(1)][f.at(2)] = f.at(3);
        } else if (what == "chart") {
            d.charts[f.at(1)].push_back({f.at(3), f.at(4), f.at(5), f.at(7), {}});
        } else if (what == "series") {
            d.charts[f.at(1)].at(std::stoul(f.at(2)))
                .series.push_back({f.at(4), f.at(5), f.at(6), split_bars(f.at(7)),
                                   split_bars(f.at(8)), split_bars(f.at(9))});
        } else if (what == "prop") {
            d.props[f.at(1)] = f.size() > 2 ? f[2] : "";
        } else if (what == "custom") {
            d.custom[f.at(1)] = f.at(2);
        } else if (what == "zip") {
            d.zip_dates[f.at(1)] = f.at(2);
        } else if (what == "dims") {
            d.dims[f.at(1)] = {std::stoi(f.at(2)), std::stoi(f.at(3))};
        }
    }
    return d;
}

// The annex of `r`, written to a scratch file named `name` and read back.
Dump written_annex(const Report& r, const std::string& name, bool dims_only = false) {
    const fs::path path = scratch_dir() / name;
    write_annex(r, path.string());
    return read_annex(path, dims_only);
}

std::string column_letters(const std::string& coord) {
    return coord.substr(0, coord.find_first_of("0123456789"));
}

int row_number(const std::string& coord) {
    return std::stoi(coord.substr(coord.find_first_of("0123456789")));
}

/// A sheet's table: the header row and each following row until an empty first cell.
struct Table {
    int header_row = 0;
    std::map<std::string, std::string> letter_of;  // header -> column letters
    std::vector<std::map<std::string, Cell>> rows;  // header -> cell
    std::string last_letter;
};

Table read_table(const Dump& d, const std::string& sheet, const std::string& first_header) {
    Table t;
    const auto& cells = d.cells.at(sheet);
    for (const auto& [coord, cell] : cells)
        if (column_letters(coord) == "A" && cell.value == first_header && cell.bold)
            t.header_row = row_number(coord);
    REQUIRE_MESSAGE(t.header_row > 0, "no table headed " << first_header << " on " << sheet);
    for (const auto& [coord, cell] : cells)
        if (row_number(coord) == t.header_row) {
            t.letter_of[cell.value] = column_letters(coord);
            const std::string l = column_letters(coord);
            if (l.size() > t.last_letter.size() ||
                (l.size() == t.last_letter.size() && l > t.last_letter))
                t.last_letter = l;
        }
    for (int r = t.header_row + 1; cells.count("A" + std::to_string(r)); ++r) {
        std::map<std::string, Cell> row;
        for (const auto& [header, letter] : t.letter_of) {
            const auto it = cells.find(letter + std::to_string(r));
            row[header] = it == cells.end() ? Cell{letter + std::to_string(r), "", "", "", false}
                                            : it->second;
        }
        t.rows.push_back(row);
    }
    return t;
}

/// The table rows whose columns hold the given texts.
std::vector<std::map<std::string, Cell>> rows_where(
    const Table& t, const std::map<std::string, std::string>& match) {
    std::vector<std::map<std::string, Cell>> out;
    for (const auto& row : t.rows) {
        bool ok = true;
        for (const auto& [header, text] : match) ok = ok && row.at(header).value == text;
        if (ok) out.push_back(row);
    }
    return out;
}

std::map<std::string, Cell> row_where(const Table& t,
                                      const std::map<std::string, std::string>& match) {
    const auto rows = rows_where(t, match);
    REQUIRE(rows.size() == 1);
    return rows.front();
}

double num(const Cell& c) {
    REQUIRE_MESSAGE(c.type == "n", c.coord << " holds '" << c.value << "', not a number");
    return std::stod(c.value);
}

// --- the report the tests render -------------------------------------------------------------

const std::string kDvzSha =
    "3f1c9a7b2e4d5f60718293a4b5c6d7e8f90112233445566778899aabbccddeeff";
const std::string kCertSha =
    "9b2e4d5f60718293a4b5c6d7e8f90112233445566778899aabbccddeeff3f1c9a";
const std::string kFedasilSha =
    "c4d7e8f90112233445566778899aabbccddeeff3f1c9a7b2e4d5f60718293a4b5";
const std::string kForemSha =
    "e5a8f90112233445566778899aabbccddeeff3f1c9a7b2e4d5f60718293a4b5c6";
const std::string kUnknownSha =
    "0000000000000000000000000000000000000000000000000000000000000001";

Date day(const char* iso) { return *Date::parse_iso(iso); }

Figure stock(const std::string& indicator, const std::string& area, double value, Date as_of,
             const std::string& sha, const std::string& location) {
    Figure f;
    f.indicator = indicator;
    f.area = area;
    f.value = value;
    f.kind = Kind::kStock;
    f.as_of = as_of;
    f.sources = {sha};
    f.locations = {location};
    return f;
}

// The monthly certificates, deliberately out of order: the annex sorts them.
const std::vector<std::pair<std::string, double>> kMonths = {
    {"2023-01", 2538},  {"2022-12", 2455}, {"2022-11", 2701}, {"2022-10", 2789},
    {"2022-09", 3012},  {"2022-08", 3456}, {"2022-07", 3890}, {"2022-06", 4567},
    {"2022-05", 6123},  {"2022-04", 10234}, {"2022-03", 23456}};

Report sample_report() {
    Report r;
    r.number = 237;
    r.kind = "daily";
    r.issued_at = "2023-02-08T07:00:00+01:00";
    r.as_of = day("2023-02-07");
    r.classification = "TLP:AMBER";
    r.next_report = "2023-02-09T07:00:00+01:00";

    const Date feb5 = day("2023-02-05");
    const std::string dvz_file = "dvz_tp_2023-02-05.csv";
    Figure be = stock("tp.register.persons", "BE", 53450, feb5, kDvzSha, dvz_file + ":line 2");
    be.previous = 52000;
    r.figures.push_back(be);
    r.figures.push_back(
        stock("tp.register.persons", "BE1", 10824, feb5, kDvzSha, dvz_file + ":line 3"));
    Figure be2 = stock("tp.register.persons", "BE2", 31748, feb5, kDvzSha, dvz_file + ":line 4");
    be2.previous = 31000;
    r.figures.push_back(be2);
    r.figures.push_back(
        stock("tp.register.persons", "BE3", 10876, feb5, kDvzSha, dvz_file + ":line 5"));

    Figure cert = stock("tp.certificates.issued", "BE", 65221, day("2023-01-31"), kCertSha,
                        "dvz_certificates_2023-01-31.xlsx:Certificaten!C14");
    cert.kind = Kind::kFlow;
    cert.from = day("2022-03-10");
    cert.to = day("2023-01-31");
    r.figures.push_back(cert);

    Figure share = stock("employment.tp.share_employed", "BE", 0.231, day("2023-01-31"),
                         kFedasilSha, "fedasil_reception_2023-02-06.csv:line 9");
    share.unit = Unit::kShare;
    share.previous = 0.225;
    r.figures.push_back(share);

    Figure occupancy = stock("reception.occupancy", "BE", 1234, day("2023-02-06"), kFedasilSha,
                             "fedasil_reception_2023-02-06.csv:line 2");
    occupancy.previous = 1300;
    occupancy.status = "carried_forward";
    r.figures.push_back(occupancy);

    r.figures.push_back(stock("education.pupils", "BE", 12000, day("2023-02-01"), kCertSha,
                              "onderwijs_2023-02-01.xlsx:Leerlingen!B4"));

    for (const auto& [month, value] : kMonths) {
        Figure m = cert;
        m.breakdown = {{"month", month}};
        m.value = value;
        const Date first = day((month + "-01").c_str());
        m.from = std::max(first, day("2022-03-10"));
        m.to = first.last_of_month();
        r.figures.push_back(m);
    }
    for (const auto& [level, value] : {std::pair{"secondary", 5000}, std::pair{"primary", 7000}}) {
        Figure p = r.figures[7];
        p.breakdown = {{"level", level}};
        p.value = value;
        r.figures.push_back(p);
    }

    Finding regions;
    regions.kind = "regions_vs_national";
    regions.severity = Severity::kWarning;
    regions.indicator = "tp.register.persons";
    regions.area = "BE";
    regions.period = "2023-02-05";
    regions.message = "regions sum to 53448, the national total is 53450 (difference 2)";
    regions.expected = 53450;
    regions.actual = 53448;
    regions.sources = {kDvzSha};
    r.findings.push_back(regions);

    Finding late;
    late.kind = "late_partner";
    late.severity = Severity::kError;
    late.message = "forem: no usable file since 2023-01-24";
    late.sources = {kForemSha, kUnknownSha};
    r.findings.push_back(late);

    auto input = [](std::string file, std::string sha, std::string partner, std::string feed,
                    std::string status, std::string received, const char* reference,
                    uint64_t bytes) {
        InputStatus in;
        in.file = std::move(file);
        in.sha256 = std::move(sha);
        in.partner = std::move(partner);
        in.feed = std::move(feed);
        in.status = std::move(status);
        in.received_at = std::move(received);
        in.reference_date = Date::parse_iso(reference);
        in.bytes = bytes;
        return in;
    };
    r.inputs.push_back(input(dvz_file, kDvzSha, "dvz", "tp_register", "used",
                             "2023-02-06T09:14:03+01:00", "2023-02-05", 18234));
    r.inputs.push_back(input("dvz_certificates_2023-01-31.xlsx", kCertSha, "dvz",
                             "tp_certificates", "used", "2023-02-01T16:02:00+01:00",
                             "2023-01-31", 1203344));
    r.inputs.push_back(input("fedasil_reception_2023-02-06.csv", kFedasilSha, "fedasil",
                             "reception", "used", "2023-02-06T11:30:00+01:00", "2023-02-06",
                             5321));
    InputStatus forem = input("forem_2023-02-01.csv", kForemSha, "forem", "employment",
                              "rejected", "2023-02-01T08:00:00+01:00", "", 977);
    forem.error = "forem_2023-02-01.csv:line 14: 'abc' is not a number";
    r.inputs.push_back(forem);

    r.partners = {{"dvz", "", feb5, dvz_file, 1, "on_time"},
                  {"fedasil", "", day("2023-02-06"), "fedasil_reception_2023-02-06.csv", 7,
                   "on_time"},
                  {"forem", "", std::nullopt, "", 31, "missing"}};

    SituationNote note;
    note.domain = "humanitarian";
    note.lang = "nl";
    note.source = "rode-kruis";
    note.date = "2023-02-07";
    note.title = "Opvang in Brussel";
    note.body = "Het Rode Kruis opende een extra opvangcentrum.";
    r.notes.push_back(note);
    return r;
}

// Adds to `r` a copy of the sample's first monthly certificate figure with this breakdown and
// value: another point of a series. The reference is valid until the next figure is added.
Figure& add_like_a_month(Report& r, Breakdown breakdown, double value) {
    Figure f;
    bool found = false;
    for (const auto& g : r.figures)
        if (!found && !g.breakdown.empty() && g.breakdown[0].first == "month") {
            f = g;
            found = true;
        }
    REQUIRE_MESSAGE(found, "the sample report has no monthly figure");
    f.breakdown = std::move(breakdown);
    f.value = value;
    r.figures.push_back(std::move(f));
    return r.figures.back();
}

fs::path write_sample(const std::string& name) {
    const fs::path path = scratch_dir() / name;
    write_annex(sample_report(), path.string());
    return path;
}

const Dump& sample_dump() {
    static const Dump d = read_annex(write_sample("sample.xlsx"));
    return d;
}

std::string file_bytes(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), {});
}

/// The chart of months on `sheet`: its only column chart.
const Chart& months_chart(const Dump& d, const std::string& sheet) {
    const Chart* months = nullptr;
    for (const Chart& c : d.charts.at(sheet))
        if (c.direction == "col") {
            REQUIRE_MESSAGE(months == nullptr, "two column charts on " << sheet);
            months = &c;
        }
    REQUIRE_MESSAGE(months != nullptr, "no column chart on " << sheet);
    return *months;
}

}  // namespace

TEST_CASE("the annex has a summary, one sheet per domain, the monthly series, findings, sources, "
          "partners, notes") {
    const Dump& d = sample_dump();
    CHECK(d.sheets == std::vector<std::string>{"Report", "Summary", "Education", "Employment",
                                               "Reception", "Temporary protection",
                                               "Monthly series", "Findings",
                                               "Sources", "Partners", "Notes", "Chart data"});
    // The charts' points are on a sheet of their own, out of the reader's way.
    CHECK(d.state.at("Chart data") == "hidden");
    CHECK(d.state.at("Summary") == "visible");
}

TEST_CASE("the report sheet names the report in one row, and the summary lists each headline "
          "figure once") {
    const Dump& d = sample_dump();
    const Table report = read_table(d, "Report", "Report number");
    CHECK(report.header_row == 1);
    REQUIRE(report.rows.size() == 1);
    const auto& about = report.rows[0];
    CHECK(num(about.at("Report number")) == 237);
    CHECK(about.at("Report kind").value == "daily");
    // Times and days are real Excel values, Brussels wall time.
    CHECK(about.at("Issued at").type == "d");
    CHECK(about.at("Issued at").value == "2023-02-08T07:00:00");
    CHECK(about.at("Issued at").format == "dd/mm/yyyy hh:mm");
    CHECK(about.at("As of").type == "d");
    CHECK(about.at("As of").value == "2023-02-07T00:00:00");
    CHECK(about.at("Classification").value == "TLP:AMBER");
    CHECK(about.at("Next report").value == "2023-02-09T07:00:00");

    const Table t = read_table(d, "Summary", "Indicator");
    CHECK(t.header_row == 1);
    CHECK(t.rows.size() == 8);  // headlines only, never a breakdown
    const auto be = row_where(t, {{"Indicator", "tp.register.persons"}, {"Area", "BE"}});
    CHECK(be.at("Area name").value == area_name("BE", "en"));
    CHECK(num(be.at("Value")) == 53450);
    CHECK(be.at("Value").format == "#,##0");
    CHECK(be.at("Kind").value == "stock");
    CHECK(be.at("As of").type == "d");
    CHECK(be.at("As of").value == "2023-02-05T00:00:00");
    CHECK(be.at("As of").format == "dd/mm/yyyy");
    CHECK(be.at("Sources").value == kDvzSha.substr(0, 12));
    CHECK(be.at("Locations").value == "dvz_tp_2023-02-05.csv:line 2");

    const auto cert = row_where(t, {{"Indicator", "tp.certificates.issued"}});
    CHECK(cert.at("Kind").value == "flow");
    CHECK(cert.at("From").value == "2022-03-10T00:00:00");
    CHECK(cert.at("To").value == "2023-01-31T00:00:00");
    CHECK(cert.at("From").format == "dd/mm/yyyy");

    const auto share = row_where(t, {{"Indicator", "employment.tp.share_employed"}});
    CHECK(num(share.at("Value")) == doctest::Approx(0.231));
    CHECK(share.at("Value").format == "0.0%");
    CHECK(share.at("Unit").value == "share");
}

TEST_CASE("the change is a formula that carries its computed value, blank without a previous") {
    const Dump& d = sample_dump();
    const Table t = read_table(d, "Summary", "Indicator");
    const auto& formulas = d.formulas.at("Summary");

    const auto be = row_where(t, {{"Indicator", "tp.register.persons"}, {"Area", "BE"}});
    CHECK(num(be.at("Previous")) == 52000);
    CHECK(num(be.at("Change")) == 1450);  // the cached value, as openpyxl data_only reads it
    CHECK(formulas.at(be.at("Change").coord) ==
          "=" + be.at("Value").coord + "-" + be.at("Previous").coord);

    const auto occupancy = row_where(t, {{"Indicator", "reception.occupancy"}});
    CHECK(num(occupancy.at("Change")) == -66);
    CHECK(occupancy.at("Status").value == "carried_forward");

    const auto share = row_where(t, {{"Indicator", "employment.tp.share_employed"}});
    CHECK(num(share.at("Change")) == doctest::Approx(0.006));
    CHECK(share.at("Change").format == "0.0%");

    const auto be1 = row_where(t, {{"Indicator", "tp.register.persons"}, {"Area", "BE1"}});
    CHECK(be1.at("Previous").value.empty());
    CHECK(be1.at("Change").value.empty());
    CHECK(formulas.count(be1.at("Change").coord) == 0);
}

TEST_CASE("a domain sheet holds every figure of its domain but its months, sorted") {
    const Dump& d = sample_dump();
    const Table tp = read_table(d, "Temporary protection", "Indicator");
    CHECK(tp.header_row == 1);
    // The months of the certificates are on the Monthly series sheet.
    CHECK(tp.rows.size() == 4 + 1);

    std::vector<std::string> order;
    for (const auto& row : tp.rows)
        order.push_back(row.at("Indicator").value + " " + row.at("Area").value + " " +
                        row.at("Breakdown").value);
    CHECK(order.front() == "tp.certificates.issued BE ");
    CHECK(order[1] == "tp.register.persons BE ");
    CHECK(order.back() == "tp.register.persons BE3 ");

    const Table edu = read_table(d, "Education", "Indicator");
    CHECK(edu.rows.size() == 3);
    CHECK(edu.rows[1].at("Breakdown").value == "level=primary");
    CHECK(num(edu.rows[1].at("Value")) == 7000);
    CHECK(edu.rows[2].at("Breakdown").value == "level=secondary");
    CHECK(d.charts.count("Education") == 0);
}

TEST_CASE("the monthly series sheet has a row per series and a column per month, in order") {
    const Dump& d = sample_dump();
    const Table t = read_table(d, "Monthly series", "Indicator");
    CHECK(t.header_row == 1);
    REQUIRE(t.rows.size() == 1);
    const auto& cert = t.rows[0];
    CHECK(cert.at("Indicator").value == "tp.certificates.issued");
    CHECK(cert.at("Area").value == "BE");
    CHECK(cert.at("Area name").value == area_name("BE", "en"));
    CHECK(cert.at("Breakdown").value.empty());
    CHECK(cert.at("Kind").value == "flow");
    CHECK(cert.at("Unit").value == "count");
    // One column per month, sorted, whatever order the figures came in.
    std::vector<std::string> months;
    for (const auto& [header, letter] : t.letter_of)
        if (header.size() == 7 && header[4] == '-') months.push_back(letter + " " + header);
    std::sort(months.begin(), months.end(), [](const std::string& a, const std::string& b) {
        return a.size() != b.size() ? a.size() < b.size() : a < b;
    });
    REQUIRE(months.size() == kMonths.size());
    CHECK(months.front().substr(months.front().find(' ') + 1) == "2022-03");
    CHECK(months.back().substr(months.back().find(' ') + 1) == "2023-01");
    for (const auto& [month, value] : kMonths) {
        CAPTURE(month);
        CHECK(num(cert.at(month)) == value);
        CHECK(cert.at(month).format == "#,##0");
    }
}

TEST_CASE("series of other breakdowns are rows of their own, and a month a series lacks or did "
          "not report is an empty cell") {
    Report r = sample_report();
    const std::vector<std::tuple<const char*, const char*, double>> points = {
        {"0-17", "2022-03", 10}, {"0-17", "2022-04", 20}, {"18-64", "2022-04", 30},
        {"18-64", "2022-05", std::numeric_limits<double>::quiet_NaN()}};
    for (const auto& [age, month, value] : points)
        add_like_a_month(r, {{"age", age}, {"month", month}}, value);
    const Dump d = written_annex(r, "age-series.xlsx");
    const Table t = read_table(d, "Monthly series", "Indicator");
    REQUIRE(t.rows.size() == 3);
    const auto young = row_where(t, {{"Breakdown", "age=0-17"}});
    CHECK(num(young.at("2022-03")) == 10);
    CHECK(num(young.at("2022-04")) == 20);
    CHECK(young.at("2022-05").value.empty());
    const auto adults = row_where(t, {{"Breakdown", "age=18-64"}});
    CHECK(adults.at("2022-03").value.empty());
    CHECK(num(adults.at("2022-04")) == 30);
    // Not reported: empty, never 0 and never text a SUM would trip on.
    CHECK(adults.at("2022-05").value.empty());
    // The domain sheet lists none of them.
    const Table tp = read_table(d, "Temporary protection", "Indicator");
    CHECK(tp.rows.size() == 4 + 1);
}

TEST_CASE("the months are the series sheet's columns in calendar order, whichever series lists "
          "them first") {
    Report r = sample_report();
    // Brussels, listed after Belgium, is the only series with December 2021.
    add_like_a_month(r, {{"month", "2021-12"}}, 42).area = "BE1";
    const Dump d = written_annex(r, "december-series.xlsx");
    const Table t = read_table(d, "Monthly series", "Indicator");
    REQUIRE(t.rows.size() == 2);
    CHECK(t.letter_of.at("2021-12") == "H");
    CHECK(t.letter_of.at("2022-03") == "I");
    CHECK(num(row_where(t, {{"Area", "BE1"}}).at("2021-12")) == 42);
    CHECK(row_where(t, {{"Area", "BE"}}).at("2021-12").value.empty());
}

TEST_CASE("a partner's breakdown named month that is no calendar month stays on its domain "
          "sheet") {
    Report r = sample_report();
    add_like_a_month(r, {{"month", "Indicator"}}, 7).area = "BE2";
    const Dump d = written_annex(r, "odd-month.xlsx");
    const Table series = read_table(d, "Monthly series", "Indicator");
    // Every header cell names a column of its own: `Indicator` is not a month's header too.
    size_t headers = 0;
    for (const auto& [coord, cell] : d.cells.at("Monthly series"))
        if (coord.substr(coord.find_first_of("0123456789")) == "1") ++headers;
    CHECK(headers == series.letter_of.size());
    CHECK(series.letter_of.at("Indicator") == "A");
    CHECK(rows_where(series, {{"Area", "BE2"}}).empty());
    const Table tp = read_table(d, "Temporary protection", "Indicator");
    CHECK(num(row_where(tp, {{"Area", "BE2"}, {"Breakdown", "month=Indicator"}}).at("Value")) == 7);
}

TEST_CASE("an annex written as reports were before the monthly series lists a row per month on "
          "its domain sheet, and has no series sheet") {
    const fs::path path = scratch_dir() / "per-month.xlsx";
    AnnexStyle style;
    style.months = MonthRows::per_month;
    style.chart_data = ChartData::points;  // as those reports were: the points copied
    const Report report = sample_report();
    write_annex(AnnexRows(report), Templates::load(std::string(SITREP_SOURCE_DIR) + "/templates"),
                "en", path.string(), style);
    const Dump d = read_annex(path);
    CHECK(std::find(d.sheets.begin(), d.sheets.end(), "Monthly series") == d.sheets.end());
    const Table tp = read_table(d, "Temporary protection", "Indicator");
    CHECK(tp.rows.size() == 4 + 1 + kMonths.size());

    std::vector<std::string> order;
    for (const auto& row : tp.rows)
        order.push_back(row.at("Indicator").value + " " + row.at("Area").value + " " +
                        row.at("Breakdown").value);
    CHECK(order.front() == "tp.certificates.issued BE ");
    CHECK(order[1] == "tp.certificates.issued BE month=2022-03");
    CHECK(order[11] == "tp.certificates.issued BE month=2023-01");
    CHECK(order[12] == "tp.register.persons BE ");
    CHECK(order.back() == "tp.register.persons BE3 ");

    const auto march =
        row_where(tp, {{"Indicator", "tp.certificates.issued"}, {"Breakdown", "month=2022-03"}});
    CHECK(num(march.at("Value")) == 23456);
    CHECK(march.at("To").value == "2022-03-31T00:00:00");
}

TEST_CASE("the rendering record's word for the month rows reads back, and no word means a row "
          "per month") {
    CHECK(AnnexStyle{}.months == MonthRows::series);
    CHECK(month_rows_of(record_word(MonthRows::series)) == MonthRows::series);
    CHECK(month_rows_of(record_word(MonthRows::per_month)) == MonthRows::per_month);
    CHECK(month_rows_of(std::nullopt) == MonthRows::per_month);
    CHECK_THROWS_AS(month_rows_of(std::string("sideways")), OutputError);
}

TEST_CASE("domain sheets chart monthly breakdowns as columns and regions as bars") {
    const Dump& d = sample_dump();
    REQUIRE(d.charts.count("Temporary protection") == 1);
    const auto& charts = d.charts.at("Temporary protection");
    REQUIRE(charts.size() == 2);

    const Chart& months = charts[0];
    CHECK(months.tag == "barChart");
    CHECK(months.direction == "col");
    CHECK(months.title.find("tp.certificates.issued") != std::string::npos);
    REQUIRE(months.series.size() == 1);
    const Series& s = months.series[0];
    // The chart refers to cells that hold the monthly values and real month dates, in order.
    REQUIRE(s.values.size() == kMonths.size());
    for (size_t i = 0; i < kMonths.size(); ++i) {
        const auto& [month, value] = kMonths[kMonths.size() - 1 - i];
        CHECK(std::stod(s.values[i]) == value);
        CHECK(s.categories[i] == month + "-01T00:00:00");
    }

    const Chart& regions = charts[1];
    CHECK(regions.tag == "barChart");
    CHECK(regions.direction == "bar");
    CHECK(regions.title == "tp.register.persons by region");
    REQUIRE(regions.series.size() == 3);
    const std::vector<std::pair<const char*, double>> expected = {
        {"BE1", 10824}, {"BE2", 31748}, {"BE3", 10876}};
    for (size_t i = 0; i < expected.size(); ++i) {
        REQUIRE(regions.series[i].values.size() == 1);
        CHECK(std::stod(regions.series[i].values[0]) == expected[i].second);
        REQUIRE(regions.series[i].name.size() == 1);
        CHECK(regions.series[i].name[0] == area_name(expected[i].first, "en"));
    }
    CHECK(d.charts.count("Summary") == 0);
    // The months' values are the Monthly series sheet's row of the series, against the months
    // as dates on the hidden chart-data sheet; the regions' bars are their rows on this sheet.
    CHECK(s.values_ref.rfind("'Monthly series'!", 0) == 0);
    CHECK(s.categories_ref.rfind("'Chart data'!", 0) == 0);
    for (const Series& series : regions.series) {
        CHECK(series.values_ref.rfind("'Temporary protection'!", 0) == 0);
        CHECK(series.name_ref.rfind("'Temporary protection'!", 0) == 0);
    }
}

TEST_CASE("the hidden chart-data sheet holds the months the charts draw against, not their "
          "points: the values are read where the tables have them") {
    const Dump& d = sample_dump();
    const Table data = read_table(d, "Chart data", "Month");
    const Table series = read_table(d, "Monthly series", "Indicator");
    // One row per month of the Monthly series sheet, as a real date, in the same order.
    REQUIRE(data.rows.size() == series.letter_of.size() - 7);
    std::vector<std::string> months;
    for (const auto& row : data.rows) months.push_back(row.at("Month").value);
    CHECK(std::is_sorted(months.begin(), months.end()));
    CHECK(months.front() == "2022-03-01T00:00:00");
    for (const auto& month : months) CHECK(series.letter_of.count(month.substr(0, 7)) == 1);
    for (const auto& row : data.rows) CHECK(row.at("Month").format == "mmm yyyy");
    CHECK(data.letter_of.size() == 1);
    CHECK(d.state.at("Chart data") == "hidden");
}

TEST_CASE("a chart whose months begin after the Monthly series sheet's first reads only its "
          "own months' cells, against those months on the chart data sheet") {
    Report r = sample_report();
    // Brussels alone has December 2021: the sheet's first month, which Belgium's chart lacks.
    add_like_a_month(r, {{"month", "2021-12"}}, 42).area = "BE1";
    const Dump d = written_annex(r, "december-chart.xlsx");
    const Chart* months = &months_chart(d, "Temporary protection");
    REQUIRE(months->series.size() == 1);
    CHECK(months->legend == "none");
    // Belgium's row (2) from March 2022 (column I) to January 2023 (S); the months from the
    // chart data sheet's second month row (A3: header, then December 2021 in A2).
    CHECK(months->series[0].values_ref == "'Monthly series'!$I$2:$S$2");
    CHECK(months->series[0].categories_ref == "'Chart data'!$A$3:$A$13");
    CHECK(months->series[0].categories.front() == "2022-03-01T00:00:00");
    CHECK(months->series[0].categories.back() == "2023-01-01T00:00:00");
}

TEST_CASE("a partner's month that is no date is a column of the Monthly series sheet, and text "
          "on the chart data sheet") {
    Report r = sample_report();
    add_like_a_month(r, {{"month", "2022-13"}}, 13).area = "BE2";
    const Dump d = written_annex(r, "month-13.xlsx");
    const Table series = read_table(d, "Monthly series", "Indicator");
    CHECK(num(row_where(series, {{"Area", "BE2"}}).at("2022-13")) == 13);
    // Its column sorts between December and January, as its header does.
    CHECK(series.letter_of.at("2022-13") == "R");
    const Table data = read_table(d, "Chart data", "Month");
    REQUIRE(data.rows.size() == kMonths.size() + 1);
    CHECK(data.rows[10].at("Month").type == "s");
    CHECK(data.rows[10].at("Month").value == "2022-13");
    CHECK(data.rows[9].at("Month").type == "d");
    // Belgium's chart spans its columns, that one an empty point named as its header.
    const Series& be = months_chart(d, "Temporary protection").series.at(0);
    REQUIRE(be.values.size() == kMonths.size() + 1);
    CHECK(be.values[10].empty());
    CHECK(be.categories[10] == "2022-13");
    CHECK(std::stod(be.values[11]) == kMonths.front().second);
}

TEST_CASE("an area whose months came in two units is charted a series per row of the Monthly "
          "series sheet, each month where the table has it") {
    Report r = sample_report();
    // Two more months of Belgium's certificates, sent as shares: a row of their own.
    for (const char* month : {"2023-02", "2023-03"})
        add_like_a_month(r, {{"month", month}}, 0.5).unit = Unit::kShare;
    const Dump d = written_annex(r, "two-units.xlsx");
    const Chart* months = &months_chart(d, "Temporary protection");
    REQUIRE(months->series.size() == 2);
    // Two series of one area: each named by its row, and a legend to tell them apart.
    CHECK(months->legend == "b");
    CHECK(months->series[0].name_ref == "'Monthly series'!$C$2");
    CHECK(months->series[0].values_ref == "'Monthly series'!$H$2:$T$2");
    CHECK(months->series[1].values_ref == "'Monthly series'!$H$3:$T$3");
    // Every month is drawn once: the counts in the first row, the shares in the second.
    size_t counts = 0, shares = 0;
    for (const auto& v : months->series[0].values) counts += v.empty() ? 0 : 1;
    for (const auto& v : months->series[1].values) shares += v.empty() ? 0 : 1;
    CHECK(counts == kMonths.size());
    CHECK(shares == 2);
    CHECK(months->series[1].values.back() == "0.5");
}

TEST_CASE("the rendering record's word for where the charts read reads back, and no word means "
          "every point copied") {
    CHECK(AnnexStyle{}.chart_data == ChartData::tables);
    CHECK(chart_data_of(record_word(ChartData::tables)) == ChartData::tables);
    CHECK(chart_data_of(record_word(ChartData::points)) == ChartData::points);
    CHECK(chart_data_of(std::nullopt) == ChartData::points);
    CHECK_THROWS_AS(chart_data_of(std::string("sideways")), OutputError);
}

TEST_CASE("charts that read the tables need the Monthly series sheet: a record naming them with "
          "a row per month is refused, not drawn from cells that are not there") {
    AnnexStyle style;
    style.months = MonthRows::per_month;
    const Report report = sample_report();
    CHECK_THROWS_WITH_AS(
        write_annex(AnnexRows(report),
                    Templates::load(std::string(SITREP_SOURCE_DIR) + "/templates"), "en",
                    (scratch_dir() / "tables-without-series.xlsx").string(), style),
        doctest::Contains("annex_months=series"), OutputError);
}

TEST_CASE("the annex lists every finding with the files its sources came from") {
    const Dump& d = sample_dump();
    const Table t = read_table(d, "Findings", "Kind");
    REQUIRE(t.rows.size() == 2);

    const auto regions = row_where(t, {{"Kind", "regions_vs_national"}});
    CHECK(regions.at("Severity").value == "warning");
    CHECK(regions.at("Indicator").value == "tp.register.persons");
    CHECK(regions.at("Area").value == "BE");
    CHECK(regions.at("Period").value == "2023-02-05");
    CHECK(regions.at("Message").value.find("53448") != std::string::npos);
    CHECK(num(regions.at("Expected")) == 53450);
    CHECK(num(regions.at("Actual")) == 53448);
    CHECK(regions.at("Expected").format == "#,##0");
    CHECK(regions.at("Sources").value == kDvzSha.substr(0, 12));
    CHECK(regions.at("Files").value == "dvz_tp_2023-02-05.csv");

    const auto late = row_where(t, {{"Kind", "late_partner"}});
    CHECK(late.at("Severity").value == "error");
    CHECK(late.at("Files").value.find("forem_2023-02-01.csv") == 0);
    CHECK(late.at("Files").value.find(kUnknownSha.substr(0, 12) + ": not among") !=
          std::string::npos);
}

TEST_CASE("the sources sheet lists every submission with its full SHA-256 and status") {
    const Dump& d = sample_dump();
    const Table t = read_table(d, "Sources", "Partner");
    REQUIRE(t.rows.size() == 4);
    const auto dvz = row_where(t, {{"File", "dvz_tp_2023-02-05.csv"}});
    CHECK(dvz.at("Partner").value == "dvz");
    CHECK(dvz.at("Feed").value == "tp_register");
    CHECK(dvz.at("SHA-256").value == kDvzSha);
    CHECK(num(dvz.at("Bytes")) == 18234);
    CHECK(dvz.at("Bytes").format == "#,##0");
    CHECK(dvz.at("Received at").type == "d");
    CHECK(dvz.at("Received at").value == "2023-02-06T09:14:03");
    CHECK(dvz.at("Reference date").value == "2023-02-05T00:00:00");
    CHECK(dvz.at("Status").value == "used");

    const auto forem = row_where(t, {{"Partner", "forem"}});
    CHECK(forem.at("Status").value == "rejected");
    CHECK(forem.at("Error").value == "forem_2023-02-01.csv:line 14: 'abc' is not a number");
    CHECK(forem.at("Reference date").value.empty());
    CHECK(d.widths.at("Sources").at(t.letter_of.at("SHA-256")) >= 64);
}

TEST_CASE("the partner-status sheet shows each partner's last as-of, last file and state") {
    const Dump& d = sample_dump();
    const Table t = read_table(d, "Partners", "Partner");
    REQUIRE(t.rows.size() == 3);
    const auto dvz = row_where(t, {{"Partner", "dvz"}});
    CHECK(dvz.at("Last as of").value == "2023-02-05T00:00:00");
    CHECK(dvz.at("Last file").value == "dvz_tp_2023-02-05.csv");
    CHECK(dvz.at("State").value == "on_time");
    const auto forem = row_where(t, {{"Partner", "forem"}});
    CHECK(forem.at("Last as of").value.empty());
    CHECK(forem.at("State").value == "missing");

    const Table notes = read_table(d, "Notes", "Domain");
    REQUIRE(notes.rows.size() == 1);
    CHECK(notes.rows[0].at("Title").value == "Opvang in Brussel");
    CHECK(notes.rows[0].at("Date").type == "d");
}

// The sample the day after: its first finding has stood since report 12, a third one cleared,
// one file is new, and the partners are named per feed.
Report day_after_report() {
    Report r = sample_report();
    r.previous_number = 236;
    r.findings[0].news = "persisting";
    r.findings[0].since = 12;
    r.findings[1].feed = "forem_jobseekers";
    r.findings[1].news = "changed";
    r.findings[1].since = 230;
    Finding cleared = r.findings[0];
    cleared.kind = "cumulative_decrease";
    cleared.period = "2023-01-31";
    cleared.since = 200;
    r.cleared.push_back(cleared);
    r.inputs[2].is_new = true;
    r.partners[0].feed = "tp_register";
    r.partners[1].feed = "reception";
    r.partners[2].feed = "employment";
    r.partners.push_back({"rode-kruis", "notes", std::nullopt, "", 0, "no_cadence"});
    return r;
}

const Dump& day_after_dump() {
    static const Dump d = [] {
        const fs::path path = scratch_dir() / "day-after.xlsx";
        write_annex(day_after_report(), path.string());
        return read_annex(path);
    }();
    return d;
}

TEST_CASE("the findings sheet says whether each finding is new and since which report it stands") {
    const Table t = read_table(day_after_dump(), "Findings", "Kind");
    REQUIRE(t.rows.size() == 2);
    const auto regions = row_where(t, {{"Kind", "regions_vs_national"}});
    CHECK(regions.at("News").value == "persisting");
    CHECK(num(regions.at("Since report")) == 12);
    const auto late = row_where(t, {{"Kind", "late_partner"}});
    CHECK(late.at("News").value == "changed");
    CHECK(num(late.at("Since report")) == 230);
    CHECK(late.at("Feed").value == "forem_jobseekers");
    // The first report's findings are all new; no report number is made up for them.
    const Table first = read_table(sample_dump(), "Findings", "Kind");
    for (const auto& row : first.rows) {
        CHECK(row.at("News").value == "new");
        CHECK(row.at("Since report").value.empty());
    }
}

TEST_CASE("cleared findings are listed on their own sheet, with the findings' columns") {
    const Dump& d = day_after_dump();
    CHECK(d.sheets == std::vector<std::string>{"Report", "Summary", "Education", "Employment",
                                               "Reception", "Temporary protection",
                                               "Monthly series", "Findings", "Cleared", "Sources", "Partners", "Notes",
                                               "Chart data"});
    const Table t = read_table(d, "Cleared", "Kind");
    REQUIRE(t.rows.size() == 1);
    CHECK(t.rows[0].at("Kind").value == "cumulative_decrease");
    CHECK(t.rows[0].at("Period").value == "2023-01-31");
    CHECK(num(t.rows[0].at("Since report")) == 200);
    CHECK(t.letter_of == read_table(d, "Findings", "Kind").letter_of);
}

TEST_CASE("the partners sheet has a row per feed with its cadence, none left empty") {
    const Table t = read_table(day_after_dump(), "Partners", "Partner");
    REQUIRE(t.rows.size() == 4);
    const auto dvz = row_where(t, {{"Partner", "dvz"}});
    CHECK(dvz.at("Feed").value == "tp_register");
    CHECK(num(dvz.at("Every days")) == 1);
    CHECK(num(row_where(t, {{"Partner", "forem"}}).at("Every days")) == 31);
    const auto notes = row_where(t, {{"Partner", "rode-kruis"}});
    CHECK(notes.at("Every days").value.empty());
    CHECK(notes.at("State").value == "no_cadence");
}

TEST_CASE("the sources sheet stays complete and says which files are new") {
    const Table t = read_table(day_after_dump(), "Sources", "Partner");
    REQUIRE(t.rows.size() == 4);
    CHECK(row_where(t, {{"Partner", "fedasil"}}).at("New").value == "yes");
    CHECK(row_where(t, {{"Partner", "forem"}}).at("New").value == "no");
    CHECK(rows_where(t, {{"New", "no"}}).size() == 3);
}

TEST_CASE("every sheet has a bold frozen header in row 1 and an autofilter over its whole table") {
    const Dump& d = sample_dump();
    const std::map<std::string, std::string> first_header = {
        {"Report", "Report number"},  {"Summary", "Indicator"},
        {"Education", "Indicator"},   {"Employment", "Indicator"},
        {"Reception", "Indicator"},   {"Temporary protection", "Indicator"},
        {"Monthly series", "Indicator"},
        {"Findings", "Kind"},         {"Sources", "Partner"},
        {"Partners", "Partner"},      {"Notes", "Domain"},
        {"Chart data", "Month"}};
    for (const auto& sheet : d.sheets) {
        CAPTURE(sheet);
        const Table t = read_table(d, sheet, first_header.at(sheet));
        CHECK(t.header_row == 1);
        CHECK(d.freeze.at(sheet) == "A" + std::to_string(t.header_row + 1));
        const int last_row = t.header_row + static_cast<int>(t.rows.size());
        CHECK(d.filter.at(sheet) == "A" + std::to_string(t.header_row) + ":" + t.last_letter +
                                        std::to_string(last_row));
        for (const auto& [header, letter] : t.letter_of) {
            CHECK(d.cells.at(sheet).at(letter + std::to_string(t.header_row)).bold);
            CHECK(d.widths.at(sheet).at(letter) >= header.size());
        }
    }
}

TEST_CASE("document properties carry the title, author and the issue time as created date") {
    const Dump& d = sample_dump();
    CHECK(d.props.at("title") == "Situation report 237 \xE2\x80\x94 annex");
    CHECK(d.props.at("creator") == "sitrep");
    CHECK(d.props.at("created") == "2023-02-08T06:00:00");  // 07:00 Brussels is 06:00 UTC
    CHECK(d.props.at("subject").find("237") != std::string::npos);
    CHECK_FALSE(d.props.at("company").empty());
    CHECK(d.custom.at("Report number") == "237");
    CHECK(d.custom.at("Classification") == "TLP:AMBER");
}

TEST_CASE("identical input gives a byte-identical annex") {
    const fs::path a = write_sample("same-a.xlsx");
    const fs::path b = write_sample("same-b.xlsx");
    const std::string bytes_a = file_bytes(a);
    CHECK(bytes_a.size() > 1000);
    CHECK(bytes_a == file_bytes(b));
    // No wall-clock time hides in the zip either: every entry has the same fixed date.
    for (const auto& [entry, date] : sample_dump().zip_dates) {
        CAPTURE(entry);
        CHECK(date == "1980-01-01 00:00:00");
    }
}

TEST_CASE("sheet names Excel forbids, repeats and reserved names are made valid and unique") {
    Report r = sample_report();
    r.figures.clear();
    r.notes.clear();
    const Date d = day("2023-02-05");
    r.figures.push_back(stock("a/b:c*d?[e]\\f.x", "BE", 1, d, kDvzSha, "x"));
    r.figures.push_back(stock("an_indicator_domain_name_far_longer_than_31.x", "BE", 2, d,
                              kDvzSha, "x"));
    r.figures.push_back(stock("findings.x", "BE", 3, d, kDvzSha, "x"));
    r.figures.push_back(stock("History.x", "BE", 4, d, kDvzSha, "x"));
    const Dump dump = written_annex(r, "names.xlsx");
    // Domains come in byte order; `History` is Excel's own and `Findings` is the annex's.
    CHECK(dump.sheets == std::vector<std::string>{"Report", "Summary", "History (2)", "a_b_c_d__e__f",
                                                  "an_indicator_domain_name_far_lo",
                                                  "findings (2)", "Findings", "Sources",
                                                  "Partners"});
}

TEST_CASE("text with control characters or broken UTF-8 is written as valid text") {
    Report r = sample_report();
    r.findings.resize(1);
    r.findings[0].message = "bad\x01 byte \xff here \xC3\xA9t\xC3\xA9";
    const Dump d = written_annex(r, "text.xlsx");
    const Table t = read_table(d, "Findings", "Kind");
    REQUIRE(t.rows.size() == 1);
    CHECK(t.rows[0].at("Message").value == "bad  byte \xEF\xBF\xBD here \xC3\xA9t\xC3\xA9");

    CHECK(clean_text(std::string(40, 'x'), 10) == "xxxxxxx\xE2\x80\xA6");
    CHECK(clean_text("\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9", 6) == "\xC3\xA9\xE2\x80\xA6");
}

TEST_CASE("text is taken as clean exactly when cleaning would leave it as it is") {
    const std::vector<std::string> texts = {
        "", "plain", "tab\tnew\nline\r", "bad\x01 byte", "\x7f delete", "\xff", "\xC3\xA9t\xC3\xA9",
        "\xC3", "\xE2\x80\xA6", "\xED\xA0\x80 surrogate", "\xEF\xBF\xBE", "\xF0\x9F\x98\x80",
        "\xF4\x90\x80\x80", "\xC0\xAF overlong", std::string(40, 'x'), std::string("nul\0in", 6)};
    for (const auto& t : texts) {
        CAPTURE(t);
        for (const size_t max : {size_t{10}, size_t{32000}})
            CHECK(is_clean_text(t, max) == (clean_text(t, max) == t));
    }
}

TEST_CASE("a large domain sheet keeps every row in place") {
    Report r = sample_report();
    const Figure base = r.figures[0];
    // Written in reverse: the writer must sort before it streams, or rows would be refused.
    for (int i = 29999; i >= 0; --i) {
        Figure f = base;
        f.indicator = "bulk.persons";
        f.breakdown = {{"nationality", "N" + std::to_string(100000 + i)}};
        f.value = i;
        r.figures.push_back(f);
    }
    const Dump d = written_annex(r, "large.xlsx", true);
    CHECK(d.dims.at("bulk") == std::pair{30001, 16});
}

TEST_CASE("a failed write throws OutputError naming the file") {
    const std::string path = (scratch_dir() / "no-such-dir" / "annex.xlsx").string();
    CHECK_THROWS_WITH_AS(write_annex(sample_report(), path),
                         doctest::Contains("no-such-dir/annex.xlsx"), OutputError);

    Report r = sample_report();
    r.issued_at = "8 February 2023";
    CHECK_THROWS_WITH_AS(write_annex(r, (scratch_dir() / "x.xlsx").string()),
                         doctest::Contains("8 February 2023"), OutputError);
}

TEST_CASE("issue times with an offset convert to the UTC instant and wall-clock serials") {
    const auto t = parse_wall_time("2023-02-08T07:00:00+01:00");
    REQUIRE(t);
    CHECK(t->utc() == 1675836000);
    CHECK(t->excel_serial() == doctest::Approx(44965.0 + 7.0 / 24));
    CHECK(parse_wall_time("2023-02-08T06:00:00Z")->utc() == 1675836000);
    CHECK(parse_wall_time("2023-03-26T07:00:00.250+0200")->utc() == 1679806800);
    CHECK(parse_wall_time("2023-02-08T07:00+01:00")->utc() == 1675836000);
    CHECK_FALSE(parse_wall_time("2023-02-08"));
    CHECK_FALSE(parse_wall_time("2023-02-08T07:00:00"));
    CHECK_FALSE(parse_wall_time("2023-02-30T07:00:00+01:00"));
    CHECK_FALSE(parse_wall_time("2023-02-08T25:00:00+01:00"));
    CHECK(excel_serial(day("2023-02-08")) == 44965);
}

}  // namespace sitrep

namespace sitrep {
namespace {

// A year of DVZ's daily decision files, all used, and the certificates summed over them.
Report report_of_daily_files(int files) {
    Report r = sample_report();
    r.inputs.clear();
    Figure year;
    year.indicator = "tp.certificates.issued";
    year.area = "BE";
    year.kind = Kind::kFlow;
    year.value = 65000;
    year.from = day("2022-03-10");
    year.to = day("2023-01-31");
    year.as_of = day("2023-01-31");
    for (int i = 0; i < files; ++i) {
        const Date d = day("2022-03-10") + i;
        char sha[65];
        std::snprintf(sha, sizeof sha, "%08x%056d", i + 1, 0);
        InputStatus in;
        in.file = "dvz_tp_beslissingen_" + d.iso() + ".csv";
        in.sha256 = sha;
        in.partner = "dvz";
        in.feed = "dvz.decisions";
        in.status = "used";
        in.reference_date = d;
        r.inputs.push_back(in);
        year.sources.push_back(sha);
        year.locations.push_back(in.file + ":lines 2-40");
    }
    r.figures = {year};
    return r;
}

}  // namespace

TEST_CASE("a flow summed over hundreds of daily files cites the feed and its days in the annex") {
    const fs::path path = scratch_dir() / "daily-files.xlsx";
    write_annex(report_of_daily_files(300), path.string());
    const Dump d = read_annex(path);
    const Table t = read_table(d, "Summary", "Indicator");
    const auto cert = row_where(t, {{"Indicator", "tp.certificates.issued"}});
    CHECK(cert.at("Sources").value ==
          "all 300 files of dvz.decisions dated 2022-03-10 to 2023-01-03");
    CHECK(cert.at("Locations").value ==
          "all 300 files of dvz.decisions dated 2022-03-10 to 2023-01-03: every row for this figure");
    // Every file is still listed one by one on the sources sheet.
    CHECK(read_table(d, "Sources", "Partner").rows.size() == 300);
}

TEST_CASE("a flow of a few files lists each of them in the annex") {
    const fs::path path = scratch_dir() / "few-files.xlsx";
    write_annex(report_of_daily_files(3), path.string());
    const Table t = read_table(read_annex(path), "Summary", "Indicator");
    const auto cert = row_where(t, {{"Indicator", "tp.certificates.issued"}});
    CHECK(cert.at("Sources").value == "000000010000, 000000020000, 000000030000");
}


namespace {

// The sample with its certificates by month given per region instead of for Belgium;
// Brussels sent nothing for April.
Report regional_months_report() {
    Report r = sample_report();
    std::vector<Figure> kept;
    std::optional<Figure> month;
    for (const auto& f : r.figures) {
        if (f.breakdown.size() == 1 && f.breakdown[0].first == "month") month = f;
        else kept.push_back(f);
    }
    REQUIRE(month);
    r.figures = kept;
    const std::vector<std::tuple<const char*, const char*, double>> values = {
        {"BE1", "2022-03", 5},    {"BE2", "2022-03", 50},  {"BE2", "2022-04", 60},
        {"BE3", "2022-03", 500},  {"BE3", "2022-04", 600}, {"BE1", "2022-05", 7},
        {"BE2", "2022-05", 70},   {"BE3", "2022-05", 700}};
    for (const auto& [area, m, value] : values) {
        Figure f = *month;
        f.area = area;
        f.breakdown = {{"month", m}};
        f.value = value;
        f.from = day((std::string(m) + "-01").c_str());
        f.to = f.from->last_of_month();
        r.figures.push_back(f);
    }
    return r;
}

}  // namespace

TEST_CASE("the months of three regions are one chart, a series per region named by its cell, "
          "a month Brussels did not send an empty cell") {
    const fs::path path = scratch_dir() / "regional-months.xlsx";
    write_annex(regional_months_report(), path.string());
    const Dump d = read_annex(path);
    REQUIRE(d.charts.count("Temporary protection") == 1);
    const Chart* months = nullptr;
    for (const Chart& c : d.charts.at("Temporary protection"))
        if (c.title == "tp.certificates.issued by region, by month") months = &c;
    REQUIRE(months != nullptr);
    CHECK(months->direction == "col");
    REQUIRE(months->series.size() == 3);
    const std::vector<std::pair<const char*, std::vector<std::string>>> expected = {
        {"BE1", {"5", "", "7"}}, {"BE2", {"50", "60", "70"}}, {"BE3", {"500", "600", "700"}}};
    for (size_t i = 0; i < expected.size(); ++i) {
        CAPTURE(i);
        const Series& s = months->series[i];
        REQUIRE(s.name.size() == 1);
        CHECK(s.name[0] == area_name(expected[i].first, "en"));
        REQUIRE(s.values.size() == 3);
        for (size_t m = 0; m < 3; ++m)
            if (expected[i].second[m].empty()) CHECK(s.values[m].empty());
            else CHECK(std::stod(s.values[m]) == std::stod(expected[i].second[m]));
        REQUIRE(s.categories.size() == 3);
        CHECK(s.categories[0] == "2022-03-01T00:00:00");
        CHECK(s.categories[2] == "2022-05-01T00:00:00");
        // Each region's row of the Monthly series sheet, named by its area-name cell there.
        CHECK(s.values_ref.rfind("'Monthly series'!", 0) == 0);
        CHECK(s.name_ref.rfind("'Monthly series'!$C$", 0) == 0);
    }
}

TEST_CASE("charts that read the tables plot what the charts with their points copied plotted") {
    const Report report = regional_months_report();
    const auto charts_of = [&](ChartData data, const char* file) {
        AnnexStyle style;
        style.chart_data = data;
        const fs::path path = scratch_dir() / file;
        write_annex(AnnexRows(report),
                    Templates::load(std::string(SITREP_SOURCE_DIR) + "/templates"), "en",
                    path.string(), style);
        return read_annex(path).charts.at("Temporary protection");
    };
    const auto tables = charts_of(ChartData::tables, "regional-months-tables.xlsx");
    const auto points = charts_of(ChartData::points, "regional-months-points.xlsx");
    REQUIRE(tables.size() == points.size());
    REQUIRE(tables.size() >= 2);  // the regions' months, and their bars
    for (size_t c = 0; c < tables.size(); ++c) {
        CAPTURE(tables[c].title);
        CHECK(tables[c].title == points[c].title);
        CHECK(tables[c].direction == points[c].direction);
        CHECK(tables[c].legend == points[c].legend);
        REQUIRE(tables[c].series.size() == points[c].series.size());
        for (size_t i = 0; i < tables[c].series.size(); ++i) {
            CAPTURE(i);
            const Series &now = tables[c].series[i], &then = points[c].series[i];
            CHECK(then.values_ref.rfind("'Chart data'!", 0) == 0);
            CHECK(now.values_ref.rfind("'Chart data'!", 0) == std::string::npos);
            CHECK(now.values == then.values);
            CHECK(now.categories == then.categories);
            CHECK(now.name == then.name);
        }
    }
}

}  // namespace sitrep
