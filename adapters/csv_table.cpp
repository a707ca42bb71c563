#include "adapters/csv_table.h"

#include "pipeline/foundation/strings.h"
#include "pipeline/reference/areas.h"
#include "pipeline/text/numbers.h"

namespace sitrep {

namespace {

// Where each spec's column is in `header`; `missing` lists the specs it lacks.
std::vector<size_t> find_columns(const CsvRow& header, const std::vector<ColumnSpec>& specs,
                                 std::vector<std::string>& missing) {
    std::vector<std::string> folded;
    for (const auto& f : header.fields) folded.push_back(fold_header(f));
    std::vector<size_t> index;
    for (const auto& spec : specs) {
        size_t found = folded.size();
        for (size_t i = 0; i < folded.size() && found == folded.size(); ++i) {
            if (folded[i] == fold_header(spec.name)) found = i;
            for (const auto& alias : spec.aliases)
                if (folded[i] == fold_header(alias)) found = i;
        }
        if (found == folded.size()) missing.push_back("'" + spec.name + "'");
        index.push_back(found);
    }
    return index;
}

}  // namespace

CsvTable::CsvTable(std::string_view utf8_text, std::vector<ColumnSpec> columns,
                   ParseResult& result, bool search_header)
    : doc_(parse_csv(utf8_text)), specs_(std::move(columns)), result_(result) {
    for (auto& p : doc_.problems) result_.add_problem(std::move(p));
    size_t first = 0;
    while (first < doc_.rows.size() && doc_.rows[first].blank()) ++first;
    if (first == doc_.rows.size()) {
        result_.add_problem({"", "the file is empty", ""});
        return;
    }
    std::vector<std::string> missing;
    index_ = find_columns(doc_.rows[first], specs_, missing);
    // Title rows above the header: the first row holding every column is the header.
    for (size_t r = first + 1; search_header && !missing.empty() && r < doc_.rows.size(); ++r) {
        std::vector<std::string> lacking;
        auto index = find_columns(doc_.rows[r], specs_, lacking);
        if (lacking.empty()) {
            first = r;
            index_ = std::move(index);
            missing.clear();
        }
    }
    const CsvRow& header = doc_.rows[first];
    if (!missing.empty()) {
        std::string list;
        for (const auto& m : missing) list += (list.empty() ? "" : ", ") + m;
        std::string expected;
        for (const auto& s : specs_) expected += (expected.empty() ? "" : std::string(1, doc_.delimiter)) + s.name;
        result_.add_problem({"line " + std::to_string(header.line),
                             "header lacks column " + list + "; expected '" + expected + "'",
                             excerpt(header.raw)});
        return;
    }
    ok_ = true;
    for (size_t r = first + 1; r < doc_.rows.size(); ++r) {
        const CsvRow& row = doc_.rows[r];
        if (row.blank()) continue;
        if (row.fields.size() != header.fields.size()) {
            result_.add_problem({location(row),
                                 std::to_string(header.fields.size()) + " fields expected, found " +
                                     std::to_string(row.fields.size()) + " (separator '" +
                                     std::string(1, doc_.delimiter) + "')",
                                 excerpt(row.raw)});
            continue;
        }
        data_.push_back(&row);
        ++result_.rows;
    }
}

std::string CsvTable::location(const CsvRow& row) { return "line " + std::to_string(row.line); }

std::string_view CsvTable::text(const CsvRow& row, size_t c) const {
    return trim(row.fields[index_[c]], " \t");
}

void CsvTable::problem(const CsvRow& row, std::optional<size_t> c,
                       const std::string& message) const {
    std::string where = location(row);
    if (c) where += ", column '" + specs_[*c].name + "'";
    result_.add_problem({where, message, excerpt(row.raw)});
}

std::optional<double> CsvTable::count(const CsvRow& row, size_t c) const {
    NumberParse n = parse_count(text(row, c));
    if (!n.value) problem(row, c, n.error);
    return n.value;
}

std::optional<std::string> CsvTable::area(const CsvRow& row, size_t c) const {
    auto a = resolve_area(text(row, c));
    if (!a) problem(row, c, "unknown area '" + std::string(text(row, c)) + "'");
    return a;
}

std::optional<Date> CsvTable::day(const CsvRow& row, size_t c) const {
    auto d = parse_day(text(row, c));
    if (!d) problem(row, c, "'" + std::string(text(row, c)) + "' is not a date (dd/mm/yyyy)");
    return d;
}

std::optional<Month> CsvTable::month(const CsvRow& row, size_t c) const {
    auto m = parse_month(text(row, c));
    if (!m) problem(row, c, "'" + std::string(text(row, c)) + "' is not a month (yyyy-mm)");
    return m;
}

}  // namespace sitrep
