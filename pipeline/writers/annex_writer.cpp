#include "pipeline/writers/annex_writer.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>

#include "pipeline/foundation/errors.h"
#include "pipeline/model/indicators.h"
#include "pipeline/reference/areas.h"
#include "pipeline/report/source_spans.h"
#include "pipeline/writers/annex_book.h"
#include "pipeline/writers/annex_charts.h"
#include "pipeline/writers/annex_words.h"
#include "pipeline/model/wall_time.h"

namespace sitrep {

std::string record_word(MonthRows months) {
    return months == MonthRows::series ? "series" : "per_month";
}

MonthRows month_rows_of(const std::optional<std::string>& word) {
    if (!word || *word == "per_month") return MonthRows::per_month;
    if (*word == "series") return MonthRows::series;
    throw OutputError("the rendering record names an unknown annex month layout '" + *word +
                      "' (made by a newer sitrep?)");
}

namespace {

// Twelve hex digits tell a report's submissions apart; the Sources sheet has the full hash.
constexpr size_t kShortSha = 12;
// Whose workbook this is: a document property, not a report word, so not in templates/.
constexpr const char* kCompany = "NCCN - National Crisis Center";

std::string join(const std::vector<std::string>& parts, const char* sep) {
    std::string out;
    for (const auto& p : parts) {
        if (!out.empty()) out += sep;
        out += p;
    }
    return out;
}

std::string short_shas(const std::vector<std::string>& shas) {
    std::vector<std::string> out;
    for (const auto& s : shas) out.push_back(s.substr(0, kShortSha));
    return join(out, ", ");
}

const char* kind_name(Kind k) { return k == Kind::kFlow ? "flow" : "stock"; }
const char* unit_name(Unit u) { return u == Unit::kShare ? "share" : "count"; }

// Counts are whole numbers; a count that is not (an average) keeps its decimals visible.
lxw_format* value_format(const AnnexFormats& f, Unit unit, double v) {
    if (unit == Unit::kShare) return f.share;
    return std::trunc(v) == v ? f.count : f.decimal;
}

std::string title_of(const Report& r, const AnnexWords& w) {
    return w.format("annex.title", {{"number", std::to_string(r.number)}});
}

// An ISO 8601 time as a real Excel date-time (Brussels wall time); other text stays text.
void write_time(AnnexSheet& s, lxw_row_t row, lxw_col_t col, const std::string& iso) {
    if (const auto t = parse_wall_time(iso))
        s.number(row, col, t->excel_serial(), s.formats().datetime);
    else
        s.text(row, col, iso);
}

// --- figure tables ---------------------------------------------------------------------------

std::vector<AnnexColumn> figure_columns(const AnnexWords& w, bool with_breakdown) {
    std::vector<AnnexColumn> cols = {{w.column("indicator"), 12, 40},
                                     {w.column("area"), 6, 10},
                                     {w.column("area_name"), 10, 32}};
    if (with_breakdown) cols.push_back({w.column("breakdown"), 10, 40});
    const std::vector<AnnexColumn> rest = {
        {w.column("kind"), 7, 8},        {w.column("value"), 10, 16},
        {w.column("unit"), 7, 8},        {w.column("from"), 12, 12},
        {w.column("to"), 12, 12},        {w.column("as_of"), 12, 12},
        {w.column("status"), 9, 16},     {w.column("previous"), 11, 16},
        {w.column("change"), 10, 16},    {w.column("sources"), 14, 60},
        {w.column("locations"), 14, 80},
        // Last, so that the columns before it stay where scripts written for the first annex
        // look for them.
        {w.column("indicator_name"), 14, 50}};
    cols.insert(cols.end(), rest.begin(), rest.end());
    return cols;
}

// The column that names a figure's area, on the sheets of `figure_columns` and on the
// Monthly series sheet alike, and the one of `figure_columns` that holds its value.
constexpr lxw_col_t kAreaNameColumn = 2;
constexpr lxw_col_t value_column(bool with_breakdown) { return with_breakdown ? 5 : 4; }

// The Monthly series sheet's columns before its months.
std::vector<AnnexColumn> series_columns(const AnnexWords& w) {
    return {{w.column("indicator"), 12, 40}, {w.column("area"), 6, 10},
            {w.column("area_name"), 10, 32}, {w.column("breakdown"), 10, 40},
            {w.column("kind"), 7, 8},        {w.column("unit"), 7, 8},
            {w.column("indicator_name"), 14, 50}};
}

}  // namespace

// What a figure's row says in every language: its breakdown, the files it cites and where in
// them its rows are.
struct FigureCells {
    std::string breakdown, cited, where;
};

// A row of the Monthly series sheet: an indicator's figures for one area and breakdown, by
// month.
struct SeriesRow {
    size_t first;          // a figure of the series, for what all its months share
    std::string breakdown; // the figures' breakdown without their month
    std::vector<std::pair<size_t, size_t>> points;  // (month's column among `months`, figure)
};

struct AnnexRows::Rows {
    std::vector<FigureCells> figures;  // by index in the report's figures
    // Per domain (its sheet), the report's figures in the order the sheet lists them.
    std::map<std::string, std::vector<size_t>> domains;
    // The months of all series, in order (`2022-03`), and the series in the domains' order.
    std::vector<std::string> months;
    std::vector<SeriesRow> series;
};

namespace {

// The month (`2022-03`) a figure is one cell of, or nullptr for a figure that is not by month.
// A partner's own breakdown named `month` with other values stays on its domain sheet: the
// series sheet's headers are its months, and must differ from each other and from its words.
const std::string* month_of(const Figure& f) {
    for (const auto& [key, value] : f.breakdown)
        if (key == "month") {
            const bool iso = value.size() == 7 && value[4] == '-' &&
                             std::all_of(value.begin(), value.end(), [](char c) {
                                 return c == '-' || (c >= '0' && c <= '9');
                             });
            return iso ? &value : nullptr;
        }
    return nullptr;
}

// The series of the domains' monthly figures, in the order the domain sheets list them.
void gather_series(const Report& report, AnnexRows::Rows& rows) {
    std::map<std::string, size_t> column;
    for (const auto& [domain, order] : rows.domains)
        for (const size_t i : order)
            if (const std::string* m = month_of(report.figures[i])) column.emplace(*m, 0);
    for (auto& [month, at] : column) {
        at = rows.months.size();
        rows.months.push_back(month);
    }
    // A series is what identifies a figure from one report to the next, without its month.
    std::map<std::tuple<std::string, std::string, std::string, Unit>, size_t> row_of;
    for (const auto& [domain, order] : rows.domains)
        for (const size_t i : order) {
            const Figure& f = report.figures[i];
            const std::string* m = month_of(f);
            if (m == nullptr) continue;
            Breakdown rest;
            for (const auto& part : f.breakdown)
                if (part.first != "month") rest.push_back(part);
            std::string key = breakdown_key(rest);
            const auto [it, added] =
                row_of.emplace(std::make_tuple(f.indicator, f.area, key, f.unit), rows.series.size());
            if (added) rows.series.push_back({i, std::move(key), {}});
            rows.series[it->second].points.emplace_back(column.at(*m), i);
        }
}

FigureCells cells_of(const Figure& f, const FigureSources& sources) {
    FigureCells cells;
    cells.breakdown = breakdown_key(f.breakdown);
    // A flow of hundreds of DVZ files gives the feed and its days, as the manifest does: a
    // cell holds at most 32,767 characters, and a reader wants the span, not 250 hashes.
    std::vector<std::string> cited = {short_shas(sources.listed)};
    std::vector<std::string> where = sources.locations;
    for (const auto& span : sources.spans) {
        const std::string text = "all " + std::to_string(span.files) + " files of " + span.feed +
                                 " dated " + span.from.iso() + " to " + span.to.iso();
        cited.push_back(text);
        where.push_back(text + ": every row for this figure");
    }
    if (cited.front().empty()) cited.erase(cited.begin());
    cells.cited = join(cited, ", ");
    cells.where = join(where, "; ");
    return cells;
}

void write_figure(AnnexSheet& s, lxw_row_t row, const Figure& f, bool with_breakdown,
                  const FigureCells& cells, const AnnexWords& w) {
    const AnnexFormats& fmt = s.formats();
    lxw_col_t c = 0;
    s.text(row, c++, f.indicator);
    s.text(row, c++, f.area);
    s.text(row, c++, w.area(f.area));
    if (with_breakdown) s.text(row, c++, cells.breakdown);
    s.text(row, c++, kind_name(f.kind));
    const lxw_col_t value_col = value_column(with_breakdown);
    // Not reported stays an empty cell: an analyst's SUM must not read it as zero.
    if (std::isfinite(f.value))
        s.number(row, value_col, f.value, value_format(fmt, f.unit, f.value));
    ++c;
    s.text(row, c++, unit_name(f.unit));
    s.date(row, c++, f.from);
    s.date(row, c++, f.to);
    s.date(row, c++, f.as_of);
    s.text(row, c++, f.status);
    const lxw_col_t previous_col = c++;
    const lxw_col_t change_col = c++;
    if (f.previous && std::isfinite(f.value)) {
        s.number(row, previous_col, *f.previous, value_format(fmt, f.unit, *f.previous));
        // A formula, so that an analyst who corrects a value sees the change follow; it
        // carries its value for readers that do not recalculate.
        const double change = f.value - *f.previous;
        s.formula(row, change_col,
                  "=" + cell_name(row, value_col) + "-" + cell_name(row, previous_col), change,
                  value_format(fmt, f.unit, change));
    }
    s.text(row, c++, cells.cited);
    s.text(row, c++, cells.where);
    s.text(row, c++, w.indicator(f.indicator));
}

// What the report is: one row, so that the sheet is a table like every other.
void write_report(AnnexSheet& s, const Report& r, const AnnexWords& w) {
    s.header({{w.column("number"), 10, 14},
              {w.column("report_kind"), 10, 14},
              {w.column("reason"), 10, 60},
              {w.column("issued_at"), 17, 20},
              {w.column("as_of"), 12, 14},
              {w.column("classification"), 12, 20},
              {w.column("next_report"), 17, 20}});
    s.number(1, 0, r.number, nullptr);
    s.text(1, 1, r.kind);
    s.text(1, 2, r.reason);
    write_time(s, 1, 3, r.issued_at);
    s.date(1, 4, r.as_of);
    s.text(1, 5, r.classification);
    if (!r.next_report.empty()) write_time(s, 1, 6, r.next_report);
    s.finish_table(1);
}

void write_summary(AnnexSheet& s, const Report& r, const AnnexRows::Rows& rows,
                   const AnnexWords& w) {
    s.header(figure_columns(w, false));
    lxw_row_t row = 1;
    for (size_t i = 0; i < r.figures.size(); ++i)
        if (r.figures[i].breakdown.empty())
            write_figure(s, row++, r.figures[i], false, rows.figures[i], w);
    s.finish_table(row - 1);
}

// `order`: the report's figures of the domain, as the sheet lists them; its monthly figures
// only when `style.months` gives them a row each.
void write_domain(AnnexBook& book, AnnexSheet& s, const Report& r,
                  const std::vector<size_t>& order, const AnnexRows::Rows& rows,
                  const AnnexWords& w, AnnexCharts& charts, const AnnexStyle& style) {
    const auto columns = figure_columns(w, true);
    s.header(columns);
    lxw_row_t row = 1;
    std::vector<const Figure*> figures;
    figures.reserve(order.size());
    DomainCells cells{kAreaNameColumn, value_column(true), {}};
    for (const size_t i : order) {
        // The charts draw every month, wherever its row is.
        figures.push_back(&r.figures[i]);
        if (style.months == MonthRows::series && month_of(r.figures[i]) != nullptr) continue;
        cells.row[&r.figures[i]] = row;
        write_figure(s, row++, r.figures[i], true, rows.figures[i], w);
    }
    s.finish_table(row - 1);
    charts.place(book, s, plan_charts(figures, w, style.charts),
                 static_cast<lxw_col_t>(columns.size() + 1), cells);
}

// Where the Monthly series sheet, named `sheet`, will hold each monthly figure.
SeriesCells series_cells(const Report& r, const AnnexRows::Rows& rows, const AnnexWords& w,
                         std::string sheet) {
    SeriesCells cells;
    cells.sheet = std::move(sheet);
    cells.area_name = kAreaNameColumn;
    cells.first_month = static_cast<lxw_col_t>(series_columns(w).size());
    cells.months = rows.months;
    for (size_t s = 0; s < rows.series.size(); ++s)
        for (const auto& [month, i] : rows.series[s].points)
            cells.row[&r.figures[i]] = static_cast<lxw_row_t>(s + 1);
    return cells;
}

// The monthly figures of every domain: a row per indicator, area and breakdown, a column per
// month, as an analyst charts them. A month a series lacks, or one not reported, is an empty
// cell. Each month's status, previous value, sources and locations are in the manifest
// (sitrep-NNNN.json), and a revised month is a finding of its own.
void write_series(AnnexSheet& s, const Report& r, const AnnexRows::Rows& rows,
                  const AnnexWords& w) {
    const AnnexFormats& fmt = s.formats();
    std::vector<AnnexColumn> columns = series_columns(w);
    const auto first_month = static_cast<lxw_col_t>(columns.size());
    for (const auto& m : rows.months) columns.push_back({m, 9, 14});
    s.header(columns);
    lxw_row_t row = 1;
    for (const auto& series : rows.series) {
        const Figure& f = r.figures[series.first];
        lxw_col_t c = 0;
        s.text(row, c++, f.indicator);
        s.text(row, c++, f.area);
        s.text(row, c++, w.area(f.area));
        s.text(row, c++, series.breakdown);
        s.text(row, c++, kind_name(f.kind));
        s.text(row, c++, unit_name(f.unit));
        s.text(row, c++, w.indicator(f.indicator));
        for (const auto& [month, i] : series.points) {
            const double v = r.figures[i].value;
            // Not reported stays empty, as on the domain sheets.
            if (std::isfinite(v))
                s.number(row, static_cast<lxw_col_t>(first_month + month), v,
                         value_format(fmt, r.figures[i].unit, v));
        }
        ++row;
    }
    s.finish_table(row - 1);
}

// --- findings, sources, partners, notes ------------------------------------------------------

// Findings and cleared findings share their columns, so that an analyst can stack them.
void write_findings(AnnexSheet& s, const Report& r, const std::vector<Finding>& findings,
                    const AnnexWords& w) {
    const AnnexFormats& fmt = s.formats();
    std::map<std::string, std::vector<std::string>> files_by_sha;
    for (const auto& in : r.inputs) {
        auto& files = files_by_sha[in.sha256];
        if (std::find(files.begin(), files.end(), in.file) == files.end())
            files.push_back(in.file);
    }
    std::map<std::string, Unit> unit_of;
    for (const auto& f : r.figures) unit_of.emplace(f.indicator, f.unit);

    s.header({{w.column("kind"), 10, 24},      {w.column("severity"), 10, 10},
              {w.column("indicator"), 12, 40}, {w.column("indicator_name"), 14, 50},
              {w.column("area"), 6, 10},       {w.column("period"), 10, 24},
              {w.column("message"), 30, 100},  {w.column("details"), 14, 100},
              {w.column("expected"), 10, 16},  {w.column("actual"), 10, 16},
              {w.column("sources"), 14, 60},   {w.column("files"), 14, 80},
              {w.column("feed"), 8, 30},       {w.column("news"), 8, 12},
              {w.column("since"), 12, 14}});
    lxw_row_t row = 1;
    for (const auto& f : findings) {
        const auto u = unit_of.find(f.indicator);
        const Unit unit = u == unit_of.end() ? Unit::kCount : u->second;
        std::vector<std::string> files;
        for (const auto& sha : f.sources) {
            const auto it = files_by_sha.find(sha);
            if (it == files_by_sha.end())
                files.push_back(sha.substr(0, kShortSha) + ": not among the report's inputs");
            else
                files.insert(files.end(), it->second.begin(), it->second.end());
        }
        lxw_col_t c = 0;
        s.text(row, c++, f.kind);
        s.text(row, c++, to_string(f.severity));
        s.text(row, c++, f.indicator);
        s.text(row, c++, f.indicator.empty() ? "" : w.indicator(f.indicator));
        s.text(row, c++, f.area);
        s.text(row, c++, f.period);
        // The reader's words, with the reconciler's English (files and lines) beside them.
        const std::string message = w.finding(f);
        s.text(row, c++, message);
        s.text(row, c++, message == f.message ? "" : f.message);
        s.number(row, c++, f.expected, value_format(fmt, unit, f.expected));
        s.number(row, c++, f.actual, value_format(fmt, unit, f.actual));
        s.text(row, c++, short_shas(f.sources));
        s.text(row, c++, join(files, "; "));
        s.text(row, c++, f.feed);
        s.text(row, c++, f.news);
        if (f.since > 0) s.number(row, c, f.since, nullptr);
        ++c;
        ++row;
    }
    s.finish_table(row - 1);
}

void write_sources(AnnexSheet& s, const Report& r, const AnnexWords& w) {
    const AnnexFormats& fmt = s.formats();
    s.header({{w.column("partner"), 10, 20},        {w.column("feed"), 10, 30},
              {w.column("file"), 14, 60},           {w.column("sha256"), 66, 66},
              {w.column("bytes"), 10, 16},          {w.column("received_at"), 17, 30},
              {w.column("reference_date"), 12, 17}, {w.column("status"), 10, 12},
              {w.column("error"), 14, 100},         {w.column("new"), 6, 6}});
    lxw_row_t row = 1;
    for (const auto& in : r.inputs) {
        lxw_col_t c = 0;
        s.text(row, c++, in.partner);
        s.text(row, c++, in.feed);
        s.text(row, c++, in.file);
        s.text(row, c++, in.sha256);
        s.number(row, c++, static_cast<double>(in.bytes), fmt.count);
        // Brussels wall-clock time as a real date-time; anything unparsable stays as given.
        if (const auto t = parse_wall_time(in.received_at))
            s.number(row, c++, t->excel_serial(), fmt.datetime);
        else
            s.text(row, c++, in.received_at);
        s.date(row, c++, in.reference_date);
        s.text(row, c++, in.status);
        s.text(row, c++, in.error);
        s.text(row, c++, in.is_new ? "yes" : "no");
        ++row;
    }
    s.finish_table(row - 1);
}

void write_partners(AnnexSheet& s, const Report& r, const AnnexWords& w) {
    s.header({{w.column("partner"), 10, 24},   {w.column("feed"), 8, 30},
              {w.column("every_days"), 11, 20}, {w.column("last_as_of"), 12, 16},
              {w.column("last_file"), 14, 60},  {w.column("state"), 10, 12}});
    lxw_row_t row = 1;
    for (const auto& p : r.partners) {
        s.text(row, 0, p.partner);
        s.text(row, 1, p.feed);
        // No cadence stays an empty cell: 0 would read as "every 0 days".
        if (p.every_days > 0) s.number(row, 2, p.every_days, nullptr);
        s.date(row, 3, p.last_as_of);
        s.text(row, 4, p.last_file);
        s.text(row, 5, p.state);
        ++row;
    }
    s.finish_table(row - 1);
}

void write_notes(AnnexSheet& s, const Report& r, const AnnexWords& w) {
    s.header({{w.column("domain"), 10, 20}, {w.column("lang"), 6, 8},
              {w.column("source"), 10, 30}, {w.column("date"), 12, 12},
              {w.column("title"), 20, 80},  {w.column("new"), 6, 8}});
    lxw_row_t row = 1;
    for (const auto& n : r.notes) {
        s.text(row, 0, n.domain);
        s.text(row, 1, n.lang);
        s.text(row, 2, n.source);
        if (const auto d = Date::parse_iso(n.date)) s.date(row, 3, *d);
        else s.text(row, 3, n.date);
        s.text(row, 4, n.title);
        s.text(row, 5, n.is_new ? "yes" : "no");
        ++row;
    }
    s.finish_table(row - 1);
}

void write_annex(const AnnexRows& shared, const AnnexWords& words, const std::string& path,
                 AnnexStyle style = {});

}  // namespace

AnnexRows::AnnexRows(const Report& report) : AnnexRows(report, split_sources(report)) {}

AnnexRows::AnnexRows(const Report& report, const std::vector<FigureSources>& sources)
    : report_(report), rows_(std::make_unique<Rows>()) {
    if (sources.size() != report.figures.size())
        throw OutputError("annex of report " + std::to_string(report.number) +
                          ": sources for " + std::to_string(sources.size()) +
                          " figures, but it has " + std::to_string(report.figures.size()));
    rows_->figures.reserve(report.figures.size());
    for (size_t i = 0; i < report.figures.size(); ++i)
        rows_->figures.push_back(cells_of(report.figures[i], sources[i]));
    for (size_t i = 0; i < report.figures.size(); ++i) {
        const std::string domain = domain_of(report.figures[i].indicator);
        rows_->domains[domain.empty() ? "other" : domain].push_back(i);
    }
    const auto& figures = report.figures;
    const auto& cells = rows_->figures;
    auto key = [&](size_t i) {
        return std::tie(figures[i].indicator, figures[i].area, cells[i].breakdown);
    };
    auto period = [&](size_t i) {
        const Figure& f = figures[i];
        return std::make_tuple(f.from.value_or(f.as_of), f.to.value_or(f.as_of), f.as_of);
    };
    for (auto& [domain, order] : rows_->domains)
        std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
            if (key(a) != key(b)) return key(a) < key(b);
            return period(a) < period(b);
        });
    gather_series(report, *rows_);
}

AnnexRows::~AnnexRows() = default;

void write_annex(const Report& report, const Templates& templates, const std::string& lang,
                 const std::string& path) {
    write_annex(report, AnnexWords(&templates, lang), path);
}

void write_annex(const Report& report, const std::string& path) {
    write_annex(report, AnnexWords(nullptr, "en"), path);
}

void write_annex(const Report& report, const AnnexWords& words, const std::string& path) {
    write_annex(AnnexRows(report), words, path);
}

void write_annex(const AnnexRows& rows, const Templates& templates, const std::string& lang,
                 const std::string& path, AnnexStyle style) {
    write_annex(rows, AnnexWords(&templates, lang), path, style);
}

namespace {

void write_annex(const AnnexRows& shared, const AnnexWords& words, const std::string& path,
                 AnnexStyle style) {
    const Report& report = shared.report();
    const AnnexRows::Rows& rows = shared.rows();
    // The creation date is the only moment an .xlsx records; pinning it to the issue time
    // makes a report rendered again byte-identical.
    const auto issued = parse_wall_time(report.issued_at);
    if (!issued)
        throw OutputError("annex: report " + std::to_string(report.number) + ": issued_at '" +
                          report.issued_at + "' is not an ISO 8601 time with offset");

    if (style.chart_data == ChartData::tables && style.months != MonthRows::series)
        throw OutputError("annex: charts that read the tables need the Monthly series sheet "
                          "(annex_months=series), which this rendering record does not name");
    AnnexBook book(path, words.month_format(), style.deflate);
    for (const char* fixed : {"report", "summary", "findings", "cleared", "sources", "partners",
                              "notes", "chart_data"})
        book.reserve_name(words.word(std::string("annex.sheet.") + fixed));
    const bool series = style.months == MonthRows::series && !rows.series.empty();
    if (series) book.reserve_name(words.word("annex.sheet.series"));
    const std::string page_title = title_of(report, words);
    auto add = [&](const char* fixed) -> AnnexSheet& {
        AnnexSheet& s = book.add_sheet(words.word(std::string("annex.sheet.") + fixed), true);
        s.set_print_layout(report.classification, page_title);
        return s;
    };

    const std::string data_sheet = book.claimed_name(words.word("annex.sheet.chart_data"));
    AnnexCharts charts =
        style.chart_data == ChartData::tables
            ? AnnexCharts(data_sheet,
                          series_cells(report, rows, words,
                                       book.claimed_name(words.word("annex.sheet.series"))))
            : AnnexCharts(data_sheet);
    write_report(add("report"), report, words);
    write_summary(add("summary"), report, rows, words);
    for (const auto& [domain, order] : rows.domains) {
        AnnexSheet& s = book.add_sheet(words.domain(domain));
        s.set_print_layout(report.classification, page_title);
        write_domain(book, s, report, order, rows, words, charts, style);
    }
    if (series) write_series(add("series"), report, rows, words);
    write_findings(add("findings"), report, report.findings, words);
    if (!report.cleared.empty()) write_findings(add("cleared"), report, report.cleared, words);
    write_sources(add("sources"), report, words);
    write_partners(add("partners"), report, words);
    if (!report.notes.empty()) write_notes(add("notes"), report, words);
    if (charts.needs_data()) charts.write_data(add("chart_data"), words);

    const std::string number = std::to_string(report.number);
    book.set_properties(page_title,
                        words.format("annex.subject",
                                     {{"number", number}, {"date", report.as_of.iso()}}),
                        kCompany, "sitrep; situation report " + number + "; annex",
                        report.classification + ". Issued " + report.issued_at + ".",
                        issued->utc());
    book.set_custom_property("Report number", static_cast<double>(report.number));
    book.set_custom_property("Report kind", report.kind);
    book.set_custom_property("As of", report.as_of.iso());
    book.set_custom_property("Classification", report.classification);
    book.set_custom_property("Language", words.lang());
    book.close();
}

}  // namespace

}  // namespace sitrep
