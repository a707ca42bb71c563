#include "adapters/tabular_feed.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <memory>
#include <sstream>

#include "adapters/csv_feed_rows.h"
#include "adapters/xlsx_feed_rows.h"
#include "pipeline/catalogue/active_catalogue.h"
#include "pipeline/foundation/errors.h"
#include "pipeline/reference/areas.h"
#include "pipeline/text/encoding.h"

namespace sitrep {
namespace {

// Windows-1252 by definition, but a file re-saved as UTF-8 is read as such rather than garbled.
std::string decode(std::string_view bytes, const std::string& encoding) {
    if (encoding != "windows-1252" || is_valid_utf8(bytes)) return std::string(bytes);
    return windows1252_to_utf8(bytes);
}

// The date a file name carries: 2023-02-08, 20230208, 2023-02 or 202302 (the first found).
std::optional<Month> month_in_name(std::string_view name, std::optional<Date>& day) {
    for (size_t i = 0; i + 6 <= name.size(); ++i) {
        if (i > 0 && std::isdigit(static_cast<unsigned char>(name[i - 1]))) continue;
        size_t n = i;
        std::string digits;
        while (n < name.size() && (std::isdigit(static_cast<unsigned char>(name[n])) || name[n] == '-')) {
            if (name[n] != '-') digits += name[n];
            ++n;
        }
        if (digits.size() != 8 && digits.size() != 6) continue;
        if (digits.size() == 8) {
            day = parse_day(digits.substr(0, 4) + "-" + digits.substr(4, 2) + "-" + digits.substr(6, 2));
            if (!day) continue;
        }
        if (auto m = parse_month(digits.substr(0, 4) + "-" + digits.substr(4, 2))) return m;
    }
    return std::nullopt;
}

// The facts of one file before they leave: with aggregation, rows add up per fact.
class FactSink {
public:
    FactSink(bool aggregate, const FeedRows& rows, ParseResult& r)
        : aggregate_(aggregate), rows_(rows), r_(r) {}

    // The fact read from column `column` of data row `row`.
    void add(Observation o, size_t row, size_t column) {
        if (!aggregate_) {
            o.location = rows_.location(row, row, column);
            r_.observations.push_back(std::move(o));
            return;
        }
        const std::string key = o.indicator + '\x1f' + o.area + '\x1f' + o.from.iso() + '\x1f' +
                                o.to.iso() + '\x1f' + breakdown_key(o.breakdown);
        auto [it, fresh] = cells_.try_emplace(key, Cell{std::move(o), row, row, column});
        if (!fresh) {
            it->second.fact.value += o.value;
            it->second.last = row;
        }
        if (fresh) order_.push_back(key);
    }

    void finish() {
        for (const auto& key : order_) {
            Cell& c = cells_.at(key);
            c.fact.location = rows_.location(c.first, c.last, c.column);
            r_.observations.push_back(std::move(c.fact));
        }
    }

private:
    struct Cell {
        Observation fact;
        size_t first, last;  // data rows
        size_t column;
    };
    bool aggregate_;
    const FeedRows& rows_;
    ParseResult& r_;
    std::map<std::string, Cell> cells_;
    std::vector<std::string> order_;
};

bool is_total_row(const FeedDefinition& d, std::string_view name) {
    const std::string folded = fold_header(name);
    for (const auto& label : d.total_labels)
        if (matches_pattern(fold_header(label), folded)) return true;
    return false;
}

}  // namespace

ParseResult TabularFeed::parse(std::string_view file_name, std::istream& in) const {
    ParseResult r;
    auto bytes = read_limited(in, kMaxSmallFileBytes, r.problems);
    if (!bytes) return with_counted_problems(std::move(r));

    // The columns, in a fixed order: date, area, values, breakdowns.
    std::vector<ColumnSpec> specs;
    const auto add_spec = [&specs](const ColumnName& c) {
        specs.push_back({c.names.front(), {c.names.begin() + 1, c.names.end()}});
        return specs.size() - 1;
    };
    std::optional<size_t> c_date, c_area;
    if (def_.period_from == PeriodFrom::kColumn) c_date = add_spec(def_.date_column);
    if (def_.fixed_area.empty()) c_area = add_spec(def_.area_column);
    std::vector<size_t> c_values, c_breakdowns;
    std::optional<size_t> c_indicator;
    if (def_.long_table()) {
        // One indicator column and one value column, whichever indicator a row names.
        c_indicator = add_spec(def_.indicator_column);
        const size_t value = add_spec(def_.values.front().column);
        c_values.assign(def_.values.size(), value);
    } else {
        for (const auto& v : def_.values) c_values.push_back(add_spec(v.column));
    }
    for (const auto& b : def_.breakdowns) c_breakdowns.push_back(add_spec(b.column));
    const auto column_of = [&](const std::string& name) -> std::optional<size_t> {
        for (size_t i = 0; i < def_.values.size(); ++i)
            for (const auto& n : def_.values[i].column.names)
                if (fold_header(n) == fold_header(name)) return c_values[i];
        return std::nullopt;
    };

    std::optional<Month> named_month;
    std::optional<Date> named_day;
    if (def_.period_from == PeriodFrom::kFileName) {
        named_month = month_in_name(file_name, named_day);
        if (!named_month || (def_.period == PeriodKind::kDay && !named_day)) {
            r.add_problem({"", std::string("the file name carries no ") +
                                   (def_.period == PeriodKind::kDay ? "day (YYYY-MM-DD or YYYYMMDD)"
                                                                    : "month (YYYY-MM or YYYYMM)"),
                           ""});
            return with_counted_problems(std::move(r));
        }
    }

    // The rows as the file's format gives them; from here on CSV and XLSX read alike.
    std::unique_ptr<FeedRows> rows;
    if (def_.format == "xlsx") {
        // The reader holds the zip in memory: a workbook is bounded like any small feed.
        std::istringstream workbook(std::move(*bytes));
        try {
            XlsxReader book(workbook);
            rows = std::make_unique<XlsxFeedRows>(book, def_.sheet, specs, r, def_.search_header);
        } catch (const InputError& e) {
            r.add_problem({"", e.what(), ""});
            return r;
        }
    } else {
        rows = std::make_unique<CsvFeedRows>(decode(*bytes, def_.encoding), specs, r, def_.search_header);
    }
    const FeedRows& t = *rows;

    const std::shared_ptr<const Catalogue> catalogue = active_catalogue();
    FactSink sink(def_.aggregate, t, r);
    for (size_t row = 0; row < t.size(); ++row) {
        // The period.
        Date from, to;
        bool period_ok = true;
        if (c_date && def_.period == PeriodKind::kDay) {
            auto d = t.day(row, *c_date);
            if (d) from = to = *d;
            period_ok = d.has_value();
        } else if (c_date) {
            auto m = t.month(row, *c_date);
            if (m) from = m->first, to = m->last;
            period_ok = m.has_value();
        } else if (def_.period == PeriodKind::kDay) {
            from = to = *named_day;
        } else {
            from = named_month->first, to = named_month->last;
        }

        // The area.
        std::optional<std::string> area;
        if (!c_area) {
            area = def_.fixed_area;
        } else {
            const std::string_view name = t.text(row, *c_area);
            if (!def_.total_labels.empty() && is_total_row(def_, name)) {
                area = def_.total_area;
            } else if (auto alias = std::find_if(def_.aliases.begin(), def_.aliases.end(),
                                                 [&](const auto& a) { return fold_header(a.first) == fold_header(name); });
                       alias != def_.aliases.end()) {
                area = alias->second;
            } else if (def_.municipalities && name.size() == 5 && province_of_nis(name)) {
                area = province_of_nis(name);
            } else {
                area = t.area(row, *c_area);
            }
            if (area && !def_.within.empty() && region_of(*area) != def_.within)
                t.problem(row, *c_area, "'" + std::string(name) + "' " + def_.within_error);
            // Every row already adds to the `also` area: a row of that area would count twice.
            if (area && !def_.also_area.empty() && *area == def_.also_area) {
                t.problem(row, *c_area, "'" + std::string(name) + "' is " + def_.also_area +
                                            ", which the feed sums from every row (also = " +
                                            def_.also_area + "): it would count twice");
                area.reset();
            }
        }

        // The breakdown parts: a value meaning "not known" is the explicit part `unknown`.
        Breakdown parts;
        for (size_t b = 0; b < def_.breakdowns.size(); ++b) {
            std::string value(t.text(row, c_breakdowns[b]));
            for (const auto& u : def_.breakdowns[b].unknown)
                if (value == u) value = "unknown";
            if (value.empty()) {
                t.problem(row, c_breakdowns[b], "no " + def_.breakdowns[b].dimension +
                                                     " (an empty cell; the feed's [breakdown." +
                                                     def_.breakdowns[b].dimension + "] unknown = (empty) would count it as unknown)");
                period_ok = false;
            }
            parts.emplace_back(def_.breakdowns[b].dimension, value);
        }

        std::vector<std::optional<double>> values(def_.values.size());
        if (c_indicator) {
            // A long table's row gives one indicator: the one its indicator column names.
            const std::string named(t.text(row, *c_indicator));
            std::string code;
            for (const auto& [name, indicator] : def_.indicator_names)
                if (fold_header(name) == fold_header(named)) code = indicator;
            size_t v = def_.values.size();
            for (size_t i = 0; i < def_.values.size(); ++i)
                if (def_.values[i].indicator == code) v = i;
            if (v == def_.values.size()) {
                std::string known;
                for (const auto& [name, code] : def_.indicator_names) known += (known.empty() ? "" : ", ") + name;
                t.problem(row, *c_indicator, "'" + named + "' is no indicator of this feed (it names: " + known + ")");
                period_ok = false;
            } else {
                values[v] = t.count(row, c_values[v]);
            }
        } else {
            for (size_t v = 0; v < def_.values.size(); ++v) values[v] = t.count(row, c_values[v]);
        }
        for (const auto& check : def_.checks) {
            auto a = column_of(check.column), b = column_of(check.at_most);
            if (!a || !b) continue;
            const auto va = values[*a - c_values.front()], vb = values[*b - c_values.front()];
            if (va && vb && *va > *vb) t.problem(row, *a, check.message);
        }
        if (!period_ok || !area) continue;
        std::vector<std::string> areas = {*area};
        if (!def_.also_area.empty() && *area != def_.also_area) areas.push_back(def_.also_area);
        for (size_t v = 0; v < def_.values.size(); ++v) {
            if (!values[v]) continue;
            const Indicator* ind = catalogue->indicator(def_.values[v].indicator);
            const Unit unit = ind ? ind->unit : Unit::kCount;
            for (const auto& a : areas) {
                sink.add({def_.values[v].indicator, a, from, to, {}, *values[v], unit, ""}, row, c_values[v]);
                // Each dimension on its own, so that its parts add up to the total.
                for (const auto& part : parts)
                    sink.add({def_.values[v].indicator, a, from, to, {part}, *values[v], unit, ""}, row,
                             c_values[v]);
            }
        }
        if (!r.reference_date || from > *r.reference_date) r.reference_date = from;
    }
    sink.finish();
    return r;
}

}  // namespace sitrep
