#include "pipeline/writers/annex_writer.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>

#include "pipeline/foundation/errors.h"
#include "pipeline/reference/areas.h"
#include "pipeline/report/source_spans.h"
#include "pipeline/writers/annex_book.h"
#include "pipeline/writers/annex_charts.h"
#include "pipeline/model/wall_time.h"

namespace sitrep {
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

// The first segment of an indicator code: tp, reception, employment, education ...
std::string domain_of(const std::string& indicator) {
    const std::string d = indicator.substr(0, indicator.find('.'));
    return d.empty() ? "other" : d;
}

// Counts are whole numbers; a count that is not (an average) keeps its decimals visible.
lxw_format* value_format(const AnnexFormats& f, Unit unit, double v) {
    if (unit == Unit::kShare) return f.share;
    return std::trunc(v) == v ? f.count : f.decimal;
}

std::string title_of(const Report& r) {
    return "Situation report " + std::to_string(r.number) + " \xE2\x80\x94 annex";
}

// --- figure tables ---------------------------------------------------------------------------

std::vector<AnnexColumn> figure_columns(bool with_breakdown) {
    std::vector<AnnexColumn> cols = {
        {"Indicator", 12, 40}, {"Area", 6, 10}, {"Area name", 10, 32}};
    if (with_breakdown) cols.push_back({"Breakdown", 10, 40});
    const std::vector<AnnexColumn> rest = {
        {"Kind", 7, 8},    {"Value", 10, 16},    {"Unit", 7, 8},     {"From", 12, 12},
        {"To", 12, 12},    {"As of", 12, 12},    {"Status", 9, 16},  {"Previous", 11, 16},
        {"Change", 10, 16}, {"Sources", 14, 60}, {"Locations", 14, 80}};
    cols.insert(cols.end(), rest.begin(), rest.end());
    return cols;
}

void write_figure(AnnexSheet& s, lxw_row_t row, const Figure& f, bool with_breakdown,
                  const SourceIndex& index) {
    const AnnexFormats& fmt = s.formats();
    lxw_col_t c = 0;
    s.text(row, c++, f.indicator);
    s.text(row, c++, f.area);
    s.text(row, c++, area_name(f.area, "en"));
    if (with_breakdown) s.text(row, c++, breakdown_key(f.breakdown));
    s.text(row, c++, kind_name(f.kind));
    const lxw_col_t value_col = c;
    // Not reported stays an empty cell: an analyst's SUM must not read it as zero.
    if (std::isfinite(f.value)) s.number(row, c, f.value, value_format(fmt, f.unit, f.value));
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
    // A flow of hundreds of DVZ files gives the feed and its days, as the manifest does: a
    // cell holds at most 32,767 characters, and a reader wants the span, not 250 hashes.
    const FigureSources sources = index.split(f);
    std::vector<std::string> cited = {short_shas(sources.listed)};
    std::vector<std::string> where = sources.locations;
    for (const auto& span : sources.spans) {
        const std::string text = "all " + std::to_string(span.files) + " files of " + span.feed +
                                 " dated " + span.from.iso() + " to " + span.to.iso();
        cited.push_back(text);
        where.push_back(text + ": every row for this figure");
    }
    if (cited.front().empty()) cited.erase(cited.begin());
    s.text(row, c++, join(cited, ", "));
    s.text(row, c++, join(where, "; "));
}

void write_summary(AnnexSheet& s, const Report& r, const SourceIndex& index) {
    const AnnexFormats& fmt = s.formats();
    lxw_row_t row = 0;
    s.text(row++, 0, title_of(r), fmt.title);
    auto label = [&](const char* name) { s.text(row, 0, name, fmt.label); };
    label("Report number");
    s.number(row++, 1, r.number, nullptr);
    label("Kind");
    s.text(row++, 1, r.kind);
    if (!r.reason.empty()) {
        label("Reason");
        s.text(row++, 1, r.reason);
    }
    label("Issued at");
    s.text(row++, 1, r.issued_at);
    label("As of");
    s.date(row++, 1, r.as_of);
    label("Classification");
    s.text(row++, 1, r.classification);
    if (!r.next_report.empty()) {
        label("Next report");
        s.text(row++, 1, r.next_report);
    }
    ++row;
    const lxw_row_t header_row = row++;
    s.header(header_row, figure_columns(false));
    for (const auto& f : r.figures)
        if (f.breakdown.empty()) write_figure(s, row++, f, false, index);
    s.finish_table(header_row, row - 1);
}

// One row of a domain sheet, with its breakdown key computed once for sorting.
struct DomainRow {
    const Figure* figure;
    std::string breakdown;
};

void write_domain(AnnexBook& book, AnnexSheet& s, std::vector<DomainRow>& rows,
                  const SourceIndex& index) {
    auto key = [](const DomainRow& r) {
        const Figure& f = *r.figure;
        return std::tie(f.indicator, f.area, r.breakdown);
    };
    auto period = [](const Figure& f) {
        return std::make_tuple(f.from.value_or(f.as_of), f.to.value_or(f.as_of), f.as_of);
    };
    std::stable_sort(rows.begin(), rows.end(), [&](const DomainRow& a, const DomainRow& b) {
        if (key(a) != key(b)) return key(a) < key(b);
        return period(*a.figure) < period(*b.figure);
    });
    const auto columns = figure_columns(true);
    s.header(0, columns);
    lxw_row_t row = 1;
    std::vector<const Figure*> figures;
    figures.reserve(rows.size());
    for (const auto& r : rows) {
        write_figure(s, row++, *r.figure, true, index);
        figures.push_back(r.figure);
    }
    s.finish_table(0, row - 1);
    draw_charts(book, s, plan_charts(figures), row + 1,
                static_cast<lxw_col_t>(columns.size() + 1));
}

// --- findings, sources, partners, notes ------------------------------------------------------

// Findings and cleared findings share their columns, so that an analyst can stack them.
void write_findings(AnnexSheet& s, const Report& r, const std::vector<Finding>& findings) {
    const AnnexFormats& fmt = s.formats();
    std::map<std::string, std::vector<std::string>> files_by_sha;
    for (const auto& in : r.inputs) {
        auto& files = files_by_sha[in.sha256];
        if (std::find(files.begin(), files.end(), in.file) == files.end())
            files.push_back(in.file);
    }
    std::map<std::string, Unit> unit_of;
    for (const auto& f : r.figures) unit_of.emplace(f.indicator, f.unit);

    s.header(0, {{"Kind", 10, 24}, {"Severity", 10, 10}, {"Indicator", 12, 40},
                 {"Area", 6, 10}, {"Period", 10, 24}, {"Message", 30, 100},
                 {"Expected", 10, 16}, {"Actual", 10, 16}, {"Sources", 14, 60},
                 {"Files", 14, 80}, {"Feed", 8, 30}, {"News", 8, 12},
                 {"Since report", 12, 14}});
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
        s.text(row, c++, f.area);
        s.text(row, c++, f.period);
        s.text(row, c++, f.message);
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
    s.finish_table(0, row - 1);
}

void write_sources(AnnexSheet& s, const Report& r) {
    const AnnexFormats& fmt = s.formats();
    s.header(0, {{"Partner", 10, 20}, {"Feed", 10, 30}, {"File", 14, 60},
                 {"SHA-256", 66, 66}, {"Bytes", 10, 16}, {"Received at", 17, 30},
                 {"Reference date", 12, 17}, {"Status", 10, 12}, {"Error", 14, 100},
                 {"New", 6, 6}});
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
    s.finish_table(0, row - 1);
}

void write_partners(AnnexSheet& s, const Report& r) {
    s.header(0, {{"Partner", 10, 24}, {"Feed", 8, 30}, {"Every days", 11, 11},
                 {"Last as of", 12, 12}, {"Last file", 14, 60}, {"State", 10, 12}});
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
    s.finish_table(0, row - 1);
}

void write_notes(AnnexSheet& s, const Report& r) {
    s.header(0, {{"Domain", 10, 20}, {"Lang", 6, 6}, {"Source", 10, 30}, {"Date", 12, 12},
                 {"Title", 20, 80}, {"New", 6, 6}});
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
    s.finish_table(0, row - 1);
}

}  // namespace

void write_annex(const Report& report, const std::string& path) {
    // The creation date is the only moment an .xlsx records; pinning it to the issue time
    // makes a report rendered again byte-identical.
    const auto issued = parse_wall_time(report.issued_at);
    if (!issued)
        throw OutputError("annex: report " + std::to_string(report.number) + ": issued_at '" +
                          report.issued_at + "' is not an ISO 8601 time with offset");

    std::map<std::string, std::vector<DomainRow>> domains;
    for (const auto& f : report.figures)
        domains[domain_of(f.indicator)].push_back({&f, breakdown_key(f.breakdown)});

    AnnexBook book(path);
    for (const char* fixed : {"Findings", "Cleared", "Sources", "Partners", "Notes"})
        book.reserve_name(fixed);
    const std::string page_title = title_of(report);
    auto add = [&](const std::string& name, bool fixed = true) -> AnnexSheet& {
        AnnexSheet& s = book.add_sheet(name, fixed);
        s.set_print_layout(report.classification, page_title);
        return s;
    };

    const SourceIndex index(report.inputs);
    write_summary(add("Summary"), report, index);
    for (auto& [domain, rows] : domains) {
        AnnexSheet& s = add(domain, false);
        write_domain(book, s, rows, index);
    }
    write_findings(add("Findings"), report, report.findings);
    if (!report.cleared.empty()) write_findings(add("Cleared"), report, report.cleared);
    write_sources(add("Sources"), report);
    write_partners(add("Partners"), report);
    if (!report.notes.empty()) write_notes(add("Notes"), report);

    const std::string number = std::to_string(report.number);
    book.set_properties(title_of(report),
                        "Figures, findings and sources of situation report " + number +
                            " as of " + report.as_of.iso(),
                        kCompany, "sitrep; situation report " + number + "; annex",
                        report.classification + ". Issued " + report.issued_at + ".",
                        issued->utc());
    book.set_custom_property("Report number", static_cast<double>(report.number));
    book.set_custom_property("Report kind", report.kind);
    book.set_custom_property("As of", report.as_of.iso());
    book.set_custom_property("Classification", report.classification);
    book.close();
}

}  // namespace sitrep
