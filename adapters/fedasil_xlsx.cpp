// Fedasil: referrals to crisis reception and registration-centre visits, an Excel workbook.
#include <cmath>
#include <map>
#include <sstream>

#include "adapters/adapter.h"
#include "pipeline/foundation/file_names.h"
#include "pipeline/foundation/errors.h"
#include "pipeline/readers/xlsx_reader.h"
#include "pipeline/reference/areas.h"
#include "pipeline/readers/csv.h"
#include "pipeline/text/dates.h"
#include "pipeline/text/numbers.h"

namespace sitrep {
namespace {

std::string folded(const XlsxCell* c) { return c ? fold_header(c->text) : std::string(); }

bool contains(const std::string& haystack, std::initializer_list<const char*> needles) {
    for (const char* n : needles)
        if (haystack.find(n) != std::string::npos) return true;
    return false;
}

// Sheets are found by name, not position: partners reorder them.
std::optional<std::string> find_sheet(const XlsxReader& book,
                                      std::initializer_list<const char*> words) {
    for (const auto& name : book.sheet_names())
        if (contains(fold_header(name), words)) return name;
    return std::nullopt;
}

// Reads one sheet laid out as: title rows, a header row, one row per day (and province),
// and possibly a total row. `columns` maps each wanted column to words of its header.
class SheetReader {
public:
    struct Column {
        const char* indicator;  // nullptr for the date and province columns
        std::initializer_list<const char*> header_words;
    };

    SheetReader(const XlsxReader& book, std::string sheet, std::vector<Column> columns,
                bool by_province, ParseResult& r)
        : book_(book), sheet_(std::move(sheet)), columns_(std::move(columns)),
          by_province_(by_province), r_(r) {}

    void read() {
        book_.read_sheet(sheet_, [&](const XlsxRow& row) { on_row(row); });
        if (index_.empty()) {
            r_.add_problem({sheet_, "no header row with a 'Datum / Date' column", ""});
            return;
        }
        if (total_.empty()) return;
        for (auto& [indicator, total] : total_) {
            if (!first_ || !last_) continue;
            r_.observations.push_back({indicator, "BE", *first_, *last_, {}, total.first,
                                       Unit::kCount, total.second});
        }
    }

private:
    std::string where(const XlsxCell* c, const XlsxRow& row, uint32_t column) const {
        return sheet_ + "!" +
               (c ? c->ref : std::string(1, static_cast<char>('A' + column)) +
                                 std::to_string(row.number));
    }

    void on_row(const XlsxRow& row) {
        if (index_.empty()) {
            find_header(row);
            return;
        }
        if (row.cells.empty()) return;
        const XlsxCell* first = row.at(index_[0]);
        const std::string label = folded(first);
        if (first && first->type == XlsxCell::Type::kString &&
            (label.rfind("totaal", 0) == 0 || label.rfind("total", 0) == 0)) {
            read_total(row);
            return;
        }
        ++r_.rows;
        auto day = read_day(row);
        std::optional<std::string> area = "BE";
        if (by_province_) {
            const XlsxCell* p = row.at(index_[1]);
            const std::string name = p ? p->text : "";
            area = resolve_area(name);
            if (!area || area->size() < 3 || (*area != "BE1" && area->size() != 4)) {
                r_.add_problem({where(p, row, index_[1]), "unknown province '" + name + "'",
                                ""});
                area.reset();
            } else {
                area = as_province(*area);
            }
        }
        for (size_t c = first_value_column(); c < columns_.size(); ++c) {
            auto v = read_count(row, index_[c]);
            if (!day || !area || !v) continue;
            r_.observations.push_back({columns_[c].indicator, *area, *day, *day, {}, *v,
                                       Unit::kCount, where(row.at(index_[c]), row, index_[c])});
        }
        if (day) {
            if (!first_ || *day < *first_) first_ = day;
            if (!last_ || *day > *last_) last_ = day;
            if (!r_.reference_date || *day > *r_.reference_date) r_.reference_date = day;
        }
    }

    size_t first_value_column() const { return by_province_ ? 2 : 1; }

    void find_header(const XlsxRow& row) {
        std::vector<uint32_t> found(columns_.size(), UINT32_MAX);
        for (const auto& cell : row.cells) {
            const std::string h = fold_header(cell.text);
            for (size_t c = 0; c < columns_.size(); ++c)
                if (found[c] == UINT32_MAX && contains(h, columns_[c].header_words))
                    found[c] = cell.column;
        }
        if (found[0] == UINT32_MAX) return;  // a title row or a blank row above the header
        for (size_t c = 0; c < columns_.size(); ++c) {
            if (found[c] == UINT32_MAX) {
                r_.add_problem({sheet_ + "!row " + std::to_string(row.number),
                                std::string("header lacks the column for ") +
                                    (columns_[c].indicator ? columns_[c].indicator
                                                           : *columns_[c].header_words.begin()),
                                ""});
                index_.clear();
                header_failed_ = true;
                return;
            }
        }
        if (!header_failed_) index_ = found;
    }

    std::optional<Date> read_day(const XlsxRow& row) {
        const XlsxCell* c = row.at(index_[0]);
        if (c && c->type == XlsxCell::Type::kNumber && c->is_date) {
            try {
                return excel_serial_to_date(c->number);
            } catch (const InputError& e) {
                r_.add_problem({where(c, row, index_[0]), e.what(), ""});
                return std::nullopt;
            }
        }
        if (c && c->type == XlsxCell::Type::kString)
            if (auto d = parse_day(c->text)) return d;
        r_.add_problem({where(c, row, index_[0]),
                        "'" + (c ? c->text : std::string()) + "' is not a date", ""});
        return std::nullopt;
    }

    std::optional<double> read_count(const XlsxRow& row, uint32_t column) {
        const XlsxCell* c = row.at(column);
        if (c && c->type == XlsxCell::Type::kNumber) {
            // As parse_number: no head count nears 10^18, and casting beyond it is undefined.
            if (c->number >= 1e18) {
                r_.add_problem({where(c, row, column),
                                "'" + c->text + "' is too large to be a plausible figure", ""});
                return std::nullopt;
            }
            if (c->number < 0 || c->number != std::floor(c->number)) {
                r_.add_problem({where(c, row, column),
                                "'" + c->text + "' is not a whole non-negative count", ""});
                return std::nullopt;
            }
            return c->number;
        }
        if (c && c->type == XlsxCell::Type::kString) {
            NumberParse n = parse_count(c->text);
            if (n.value) return n.value;
            r_.add_problem({where(c, row, column), n.error, ""});
            return std::nullopt;
        }
        if (c && c->has_formula && !c->has_cached_value) {
            r_.add_problem({where(c, row, column),
                            "formula without a computed value (open and save the workbook in "
                            "Excel, or send values)",
                            ""});
            return std::nullopt;
        }
        r_.add_problem({where(c, row, column), "empty cell where a count is expected", ""});
        return std::nullopt;
    }

    void read_total(const XlsxRow& row) {
        for (size_t c = first_value_column(); c < columns_.size(); ++c)
            if (auto v = read_count(row, index_[c]))
                total_[columns_[c].indicator] = {*v, where(row.at(index_[c]), row, index_[c])};
    }

    const XlsxReader& book_;
    std::string sheet_;
    std::vector<Column> columns_;
    bool by_province_;
    ParseResult& r_;
    std::vector<uint32_t> index_;
    bool header_failed_ = false;
    std::optional<Date> first_, last_;
    std::map<std::string, std::pair<double, std::string>> total_;
};

class FedasilAdapter : public Adapter {
public:
    std::string partner(std::string_view) const override { return "fedasil"; }
    std::string_view feed() const override { return "fedasil.reception"; }
    std::string pattern() const override { return "fedasil_crisisopvang_*.xlsx"; }
    bool accepts(std::string_view name) const override {
        return has_prefix_and_extension(name, "fedasil_crisisopvang_", ".xlsx");
    }

    ParseResult parse(std::string_view, std::istream& in) const override {
        ParseResult r;
        // The reader holds the zip in memory: a workbook is bounded like any small feed.
        auto bytes = read_limited(in, kMaxSmallFileBytes, r.problems);
        if (!bytes) return with_counted_problems(std::move(r));
        std::istringstream workbook(std::move(*bytes));
        try {
            XlsxReader book(workbook);
            auto referrals = find_sheet(book, {"doorverwijzing", "orientation"});
            auto registration = find_sheet(book, {"registratie", "enregistrement"});
            if (!referrals)
                r.add_problem({"", "no sheet 'Doorverwijzingen - Orientations'", ""});
            if (!registration)
                r.add_problem({"", "no sheet 'Registratie - Enregistrement'", ""});
            if (referrals)
                SheetReader(book, *referrals,
                            {{nullptr, {"datum", "date"}},
                             {nullptr, {"provincie", "province"}},
                             {"reception.crisis.referred", {"doorverwezen", "orientes"}}},
                            true, r)
                    .read();
            if (registration)
                SheetReader(book, *registration,
                            {{nullptr, {"datum", "date"}},
                             {"reception.registration.visitors", {"bezoekers", "visiteurs"}},
                             {"reception.registration.housing_requests",
                              {"huisvesting", "logement"}}},
                            false, r)
                    .read();
        } catch (const InputError& e) {
            r.add_problem({"", e.what(), ""});
        }
        return r;
    }
};

const AdapterRegistrar kRegistrar{std::make_unique<FedasilAdapter>()};

}  // namespace
}  // namespace sitrep
