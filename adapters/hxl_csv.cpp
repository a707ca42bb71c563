// Any other contributor (education departments, Red Cross, regions): HXL-tagged CSV, read as
// the HXL standard (1.1) describes it: the hashtag row under any number of header or title rows,
// hashtags and attributes in any letter case and order, white space around them ignored.
#include "adapters/hxl_csv.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <mutex>
#include <optional>

#include "pipeline/foundation/errors.h"
#include "pipeline/foundation/file_names.h"
#include "pipeline/catalogue/active_catalogue.h"
#include "pipeline/foundation/strings.h"
#include "pipeline/reference/areas.h"
#include "pipeline/readers/csv.h"
#include "pipeline/text/dates.h"
#include "pipeline/text/encoding.h"
#include "pipeline/text/numbers.h"

namespace sitrep {
namespace {

constexpr std::string_view kBlank = " \t";

// A hashtag and its attributes, lower-cased: `#adm1 +Code` is {"#adm1", {"code"}}.
struct Tag {
    std::string name;
    std::vector<std::string> attributes;  // in the file's order, for messages

    bool has(const std::string& attribute) const {
        return std::find(attributes.begin(), attributes.end(), attribute) != attributes.end();
    }
    // As the file wrote it, without its white space: `#affected+idps+num`.
    std::string text() const {
        std::string s = name;
        for (const auto& a : attributes) s += "+" + a;
        return s;
    }
};

// HXL's names: a letter, then letters, digits and `_`.
bool is_token(std::string_view s) {
    if (s.empty() || !std::isalpha(static_cast<unsigned char>(s.front()))) return false;
    return std::all_of(s.begin(), s.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
    });
}

// `#name+attribute+...`, or nullopt when the cell is not a well-formed hashtag.
std::optional<Tag> parse_tag(std::string_view cell) {
    cell = trim(cell, kBlank);
    if (cell.empty() || cell.front() != '#') return std::nullopt;
    Tag t;
    size_t start = 1;
    for (bool first = true;; first = false) {
        const size_t plus = cell.find('+', start);
        const std::string part = ascii_lower(trim(cell.substr(start, plus - start), kBlank));
        if (!is_token(part)) return std::nullopt;
        if (first) t.name = "#" + part;
        else if (!t.has(part)) t.attributes.push_back(part);
        if (plus == std::string_view::npos) return t;
        start = plus + 1;
    }
}

// Whether a column's tag matches a mapping's pattern: the same hashtag, and every attribute of
// the pattern among the column's.
bool matches(const Tag& column, const Tag& pattern) {
    return column.name == pattern.name &&
           std::all_of(pattern.attributes.begin(), pattern.attributes.end(),
                       [&](const std::string& a) { return column.has(a); });
}

bool blank_cell(std::string_view cell) { return trim(cell, kBlank).empty(); }

// The hashtag row is the first whose non-empty cells are all hashtags; a blank row is none.
bool is_hashtag_row(const CsvRow& row) {
    bool any = false;
    for (const auto& f : row.fields) {
        if (blank_cell(f)) continue;
        if (!parse_tag(f)) return false;
        any = true;
    }
    return any;
}

// A row every non-empty cell of which starts with `#`: meant as the hashtag row.
bool looks_like_hashtag_row(const CsvRow& row) {
    bool any = false;
    for (const auto& f : row.fields) {
        const std::string_view cell = trim(f, kBlank);
        if (cell.empty()) continue;
        if (cell.front() != '#') return false;
        any = true;
    }
    return any;
}

// `A`, `B` ... `Z`, `AA`: the column as a spreadsheet shows the file.
std::string column_letters(size_t index) {
    std::string s;
    for (size_t n = index + 1; n > 0; n = (n - 1) / 26)
        s.insert(s.begin(), static_cast<char>('A' + (n - 1) % 26));
    return s;
}

// The thing a mapping gives, which one column at most may give: the value, the area, the level.
std::string slot_of(const HxlMapping& m) {
    switch (m.role) {
        case HxlRole::kDate:
            return "the date";
        case HxlRole::kArea:
            return "the area";
        case HxlRole::kIndicator:
            return "the indicator";
        case HxlRole::kValue:
            return "the value";
        case HxlRole::kBreakdown:
            return "the " + m.dimension;
        case HxlRole::kOrg:
            return "the organisation";
    }
    return "";
}

// Which column gives what, as the hashtag row and the mapping decide.
struct Columns {
    struct Use {
        int column = -1;
        const HxlMapping* mapping = nullptr;
    };
    std::map<std::string, Use> by_slot;  // "the value" -> its column

    int of(const std::string& slot) const {
        const auto it = by_slot.find(slot);
        return it == by_slot.end() ? -1 : it->second.column;
    }
};

class HxlAdapter : public Adapter {
public:
    explicit HxlAdapter(std::vector<HxlMapping> mapping) : mapping_(std::move(mapping)) {
        for (const auto& m : mapping_) {
            const auto tag = parse_tag(m.pattern);
            if (!tag) throw ConfigError("HXL mapping: '" + m.pattern + "' is not a tag pattern");
            patterns_.push_back(*tag);
        }
    }

    std::string partner(std::string_view name) const override {
        const size_t sep = name.find('_');
        return std::string(name.substr(0, sep == std::string_view::npos ? name.find('.') : sep));
    }
    std::string_view feed() const override { return "hxl"; }
    std::string pattern() const override { return "PARTNER_*.hxl.csv, PARTNER_*_hxl.csv"; }
    bool accepts(std::string_view name) const override { return is_hxl_csv_name(name); }

    ParseResult parse(std::string_view, std::istream& in) const override {
        ParseResult r;
        auto text = read_limited(in, kMaxSmallFileBytes, r.problems);
        if (!text) return with_counted_problems(std::move(r));
        if (size_t bad = first_invalid_utf8_line(*text)) {
            r.add_problem({"line " + std::to_string(bad), "is not valid UTF-8", ""});
            return r;
        }
        CsvDocument doc = read_csv(*text);
        for (auto& p : doc.problems) r.add_problem(std::move(p));
        const auto tag_row = find_hashtag_row(doc, r);
        if (!tag_row) return r;
        const CsvRow& tags = doc.rows[*tag_row];
        const CsvRow* header = *tag_row > 0 ? &doc.rows[*tag_row - 1] : nullptr;
        const auto columns = map_columns(tags, header, r);
        if (!columns) return r;
        read_rows(doc, *tag_row, *columns, r);
        if (r.rows == 0 && r.problem_count == 0)
            r.add_problem({"", "the file has no data rows", ""});
        return r;
    }

private:
    // The CSV reader takes its delimiter from the first record, which here may be a title
    // without any: the delimiter is then the one that gives a hashtag row.
    static CsvDocument read_csv(std::string_view text) {
        CsvDocument doc = parse_csv(text);
        if (std::any_of(doc.rows.begin(), doc.rows.end(), is_hashtag_row)) return doc;
        CsvDocument other = parse_csv(text, doc.delimiter == ';' ? ',' : ';');
        if (std::any_of(other.rows.begin(), other.rows.end(), is_hashtag_row)) return other;
        return doc;
    }

    // The index of the hashtag row, or nullopt with the problem recorded.
    static std::optional<size_t> find_hashtag_row(const CsvDocument& doc, ParseResult& r) {
        for (size_t i = 0; i < doc.rows.size(); ++i)
            if (is_hashtag_row(doc.rows[i])) return i;
        // A row meant as the hashtag row, with a malformed hashtag: name the cells.
        for (const auto& row : doc.rows) {
            if (!looks_like_hashtag_row(row)) continue;
            for (size_t c = 0; c < row.fields.size(); ++c)
                if (!blank_cell(row.fields[c]) && !parse_tag(row.fields[c]))
                    r.add_problem({"line " + std::to_string(row.line) + ", column " +
                                       column_letters(c),
                                   "'" + std::string(trim(row.fields[c], kBlank)) +
                                       "' is not an HXL hashtag (#name+attribute: letters, "
                                       "digits and _)",
                                   excerpt(row.raw)});
            return std::nullopt;
        }
        r.add_problem({"line 2", "no HXL hashtag row (#date, #adm1+code, #indicator+code, "
                                 "#affected+num) under the header",
                       doc.rows.size() > 1 ? excerpt(doc.rows[1].raw) : ""});
        return std::nullopt;
    }

    // Which column gives what; nullopt with the problems recorded when a column matches two
    // things, two columns give one thing, or a fact lacks a part.
    std::optional<Columns> map_columns(const CsvRow& tags, const CsvRow* header,
                                       ParseResult& r) const {
        const std::string loc = "line " + std::to_string(tags.line);
        auto describe_column = [&](size_t c, const Tag& tag) {
            std::string s = column_letters(c) + " (";
            if (header && c < header->fields.size() && !blank_cell(header->fields[c]))
                s += "'" + std::string(trim(header->fields[c], kBlank)) + "', ";
            return s + tag.text() + ")";
        };
        Columns out;
        bool ok = true;
        for (size_t c = 0; c < tags.fields.size(); ++c) {
            if (blank_cell(tags.fields[c])) continue;
            const Tag tag = *parse_tag(tags.fields[c]);
            // The things this column gives, each with the first pattern of it that matched.
            std::vector<const HxlMapping*> gives;
            for (size_t m = 0; m < mapping_.size(); ++m) {
                if (!matches(tag, patterns_[m])) continue;
                const bool known = std::any_of(gives.begin(), gives.end(), [&](const auto* g) {
                    return slot_of(*g) == slot_of(mapping_[m]);
                });
                if (!known) gives.push_back(&mapping_[m]);
            }
            if (gives.size() > 1) {
                std::string what;
                for (const auto* g : gives)
                    what += (what.empty() ? "" : " and ") + g->pattern + " (" + slot_of(*g) + ")";
                r.add_problem({loc, "column " + describe_column(c, tag) + " matches " + what +
                                        ": which one is it?",
                               excerpt(tags.raw)});
                ok = false;
                continue;
            }
            if (gives.empty()) continue;  // a column sitrep does not read
            const std::string slot = slot_of(*gives.front());
            const auto [it, fresh] =
                out.by_slot.emplace(slot, Columns::Use{static_cast<int>(c), gives.front()});
            if (!fresh) {
                const size_t first = static_cast<size_t>(it->second.column);
                std::string as = it->second.mapping->pattern;
                if (gives.front()->pattern != as) as += " and " + gives.front()->pattern;
                r.add_problem({loc, "columns " +
                                        describe_column(first, *parse_tag(tags.fields[first])) +
                                        " and " + describe_column(c, tag) + " both give " + slot +
                                        ", as " + as + ": which one counts?",
                               excerpt(tags.raw)});
                ok = false;
            }
        }
        std::string missing;
        for (const HxlRole role :
             {HxlRole::kDate, HxlRole::kArea, HxlRole::kIndicator, HxlRole::kValue}) {
            const auto first = std::find_if(mapping_.begin(), mapping_.end(),
                                            [&](const HxlMapping& m) { return m.role == role; });
            if (first != mapping_.end() && out.of(slot_of(*first)) < 0)
                missing += " " + first->pattern;
        }
        if (!missing.empty()) {
            r.add_problem({loc, "hashtag row lacks" + missing, excerpt(tags.raw)});
            ok = false;
        }
        if (!ok) return std::nullopt;
        return out;
    }

    void read_rows(const CsvDocument& doc, size_t tag_row, const Columns& columns,
                   ParseResult& r) const {
        const CsvRow& tags = doc.rows[tag_row];
        const int c_date = columns.of("the date"), c_area = columns.of("the area"),
                  c_indicator = columns.of("the indicator"), c_value = columns.of("the value");
        // Row problems name a column by its hashtag as the file wrote it.
        auto label = [&](int c) { return parse_tag(tags.fields[c])->text(); };
        for (size_t i = tag_row + 1; i < doc.rows.size(); ++i) {
            const CsvRow& row = doc.rows[i];
            if (row.blank()) continue;
            ++r.rows;
            const std::string loc = "line " + std::to_string(row.line);
            auto cell = [&](int c) -> std::string_view {
                if (c < 0 || static_cast<size_t>(c) >= row.fields.size()) return {};
                return trim(row.fields[c], " ");
            };
            auto bad = [&](int c, const std::string& msg) {
                r.add_problem({loc + ", column " + label(c), msg, excerpt(row.raw)});
            };
            if (row.fields.size() != tags.fields.size()) {
                r.add_problem({loc, std::to_string(tags.fields.size()) + " fields expected, found " +
                                        std::to_string(row.fields.size()),
                               excerpt(row.raw)});
                continue;
            }
            std::optional<Date> from, to;
            if (auto d = parse_day(cell(c_date))) from = to = d;
            else if (auto m = parse_month(cell(c_date))) from = m->first, to = m->last;
            else bad(c_date, "'" + std::string(cell(c_date)) + "' is not a date");
            auto area = resolve_area(cell(c_area));
            if (!area) bad(c_area, "unknown area '" + std::string(cell(c_area)) + "'");
            const std::string indicator(cell(c_indicator));
            if (!find_indicator(indicator))
                bad(c_indicator, "unknown indicator '" + indicator + "'");
            // An empty value is "not reported", which is not zero: it is kept as such.
            const bool reported = !cell(c_value).empty();
            NumberParse value = reported ? parse_count(cell(c_value)) : NumberParse{0.0, ""};
            if (!value.value) bad(c_value, value.error);
            Breakdown b;
            bool breakdown_ok = true;
            for (const auto& [slot, use] : columns.by_slot) {
                if (use.mapping->role != HxlRole::kBreakdown) continue;
                const std::string v(cell(use.column));
                if (v.empty()) continue;
                const auto& allowed = use.mapping->values;
                if (!allowed.empty() && std::find(allowed.begin(), allowed.end(), v) == allowed.end()) {
                    std::string list;
                    for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
                    bad(use.column, "unknown " + use.mapping->dimension + " '" + v + "' (" + list + ")");
                    breakdown_ok = false;
                }
                b.emplace_back(use.mapping->dimension, v);
            }
            std::sort(b.begin(), b.end());
            if (!from || !area || !find_indicator(indicator) || !value.value || !breakdown_ok)
                continue;
            r.observations.push_back({indicator, *area, *from, *to, std::move(b), *value.value,
                                      Unit::kCount, loc, reported});
            if (!r.reference_date || *to > *r.reference_date) r.reference_date = *to;
        }
    }

    std::vector<HxlMapping> mapping_;
    std::vector<Tag> patterns_;  // mapping_'s patterns, parsed
};

// The HXL feed as registered: it reads with the mapping of the catalogue in use
// (catalogue/hxl.ini), so that an operator maps a contributor's hashtags without code, or with
// the standard one when the catalogue has none.
class CatalogueHxlAdapter : public Adapter {
public:
    std::string partner(std::string_view name) const override { return standard_->partner(name); }
    std::string_view feed() const override { return standard_->feed(); }
    std::string pattern() const override { return standard_->pattern(); }
    bool accepts(std::string_view name) const override { return standard_->accepts(name); }
    ParseResult parse(std::string_view name, std::istream& in) const override {
        return reader().parse(name, in);
    }

private:
    const Adapter& reader() const {
        const auto catalogue = active_catalogue();
        if (catalogue->hxl_rules().empty()) return *standard_;
        std::lock_guard lock(mutex_);
        auto& made = made_[catalogue.get()];
        if (!made) {
            std::vector<HxlMapping> mapping;
            for (const auto& rule : catalogue->hxl_rules()) {
                static const std::map<std::string, HxlRole> kRoles = {
                    {"date", HxlRole::kDate},           {"area", HxlRole::kArea},
                    {"indicator", HxlRole::kIndicator}, {"value", HxlRole::kValue},
                    {"breakdown", HxlRole::kBreakdown}, {"org", HxlRole::kOrg}};
                mapping.push_back({rule.pattern, kRoles.at(rule.role), rule.dimension, rule.values});
            }
            made = make_hxl_adapter(std::move(mapping));
        }
        return *made;
    }

    std::unique_ptr<Adapter> standard_ = make_hxl_adapter(default_hxl_mapping());
    mutable std::mutex mutex_;
    // One reader per catalogue used; catalogues live as long as the process.
    mutable std::map<const Catalogue*, std::unique_ptr<Adapter>> made_;
};

const AdapterRegistrar kRegistrar{std::make_unique<CatalogueHxlAdapter>()};

}  // namespace

const std::vector<HxlMapping>& default_hxl_mapping() {
    // The first pattern of each role is the one an error names when the role is missing.
    static const std::vector<HxlMapping> kMapping = {
        {"#date", HxlRole::kDate, "", {}},
        {"#adm1+code", HxlRole::kArea, "", {}},
        {"#adm2+code", HxlRole::kArea, "", {}},
        {"#adm3+code", HxlRole::kArea, "", {}},
        {"#country+code", HxlRole::kArea, "", {}},
        {"#indicator+code", HxlRole::kIndicator, "", {}},
        {"#affected+num", HxlRole::kValue, "", {}},
        {"#indicator+num", HxlRole::kValue, "", {}},
        {"#meta+level",
         HxlRole::kBreakdown,
         "level",
         {"kindergarten", "primary", "secondary", "special", "higher", "home"}},
        {"#meta+sex", HxlRole::kBreakdown, "sex", {"F", "M"}},
        {"#org", HxlRole::kOrg, "", {}},
    };
    return kMapping;
}

std::unique_ptr<Adapter> make_hxl_adapter(std::vector<HxlMapping> mapping) {
    return std::make_unique<HxlAdapter>(std::move(mapping));
}

}  // namespace sitrep
