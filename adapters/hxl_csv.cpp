// Any other contributor (education departments, Red Cross, regions): HXL-tagged CSV.
#include <algorithm>
#include <set>

#include "adapters/adapter.h"
#include "pipeline/foundation/file_names.h"
#include "pipeline/catalogue/active_catalogue.h"
#include "pipeline/reference/areas.h"
#include "pipeline/readers/csv.h"
#include "pipeline/text/dates.h"
#include "pipeline/text/encoding.h"
#include "pipeline/text/numbers.h"

namespace sitrep {
namespace {

// A hashtag and its attributes: `#adm1 +code` is {"#adm1", {"code"}}.
struct Tag {
    std::string name;
    std::set<std::string> attributes;
};

Tag parse_tag(std::string_view text) {
    Tag t;
    std::string cur;
    auto flush = [&] {
        if (cur.empty()) return;
        if (t.name.empty()) t.name = cur;
        else t.attributes.insert(cur);
        cur.clear();
    };
    for (char c : text) {
        if (c == '+') flush();
        else if (c != ' ' && c != '\t') cur += static_cast<char>(std::tolower(c));
    }
    flush();
    return t;
}

bool is_hashtag_row(const CsvRow& row) {
    size_t tags = 0;
    for (const auto& f : row.fields) {
        const auto pos = f.find_first_not_of(" \t");
        if (pos != std::string::npos && f[pos] == '#') ++tags;
    }
    return tags > 0;
}

class HxlAdapter : public Adapter {
public:
    std::string partner(std::string_view name) const override {
        const size_t sep = name.find('_');
        return std::string(name.substr(0, sep == std::string_view::npos ? name.find('.') : sep));
    }
    std::string_view feed() const override { return "hxl"; }
    std::string pattern() const override { return "PARTNER_*.hxl.csv"; }
    bool accepts(std::string_view name) const override {
        return has_prefix_and_extension(name, "", ".hxl.csv");
    }

    ParseResult parse(std::string_view, std::istream& in) const override {
        ParseResult r;
        auto text = read_limited(in, kMaxSmallFileBytes, r.problems);
        if (!text) return with_counted_problems(std::move(r));
        if (size_t bad = first_invalid_utf8_line(*text)) {
            r.add_problem({"line " + std::to_string(bad), "is not valid UTF-8", ""});
            return r;
        }
        CsvDocument doc = parse_csv(*text);
        for (auto& p : doc.problems) r.add_problem(std::move(p));
        // HXL allows the hashtag row anywhere in the first rows; it is usually row 2.
        size_t tag_row = doc.rows.size();
        for (size_t i = 0; i < std::min<size_t>(doc.rows.size(), 5); ++i)
            if (is_hashtag_row(doc.rows[i])) {
                tag_row = i;
                break;
            }
        if (tag_row == doc.rows.size()) {
            r.add_problem({"line 2", "no HXL hashtag row (#date, #adm1+code, #indicator+code, "
                                     "#affected+num) under the header",
                           doc.rows.size() > 1 ? excerpt(doc.rows[1].raw) : ""});
            return r;
        }
        const CsvRow& tags = doc.rows[tag_row];
        int c_date = -1, c_area = -1, c_indicator = -1, c_value = -1, c_level = -1, c_sex = -1;
        for (size_t i = 0; i < tags.fields.size(); ++i) {
            const Tag t = parse_tag(tags.fields[i]);
            const int col = static_cast<int>(i);
            if (t.name == "#date") c_date = col;
            else if ((t.name == "#adm1" || t.name == "#adm2" || t.name == "#adm3" ||
                      t.name == "#country") && t.attributes.count("code")) c_area = col;
            else if (t.name == "#indicator" && t.attributes.count("code")) c_indicator = col;
            else if (t.name == "#affected" || (t.name == "#indicator" && t.attributes.count("num")))
                c_value = col;
            else if (t.name == "#meta" && t.attributes.count("level")) c_level = col;
            else if (t.name == "#meta" && t.attributes.count("sex")) c_sex = col;
        }
        std::string missing;
        if (c_date < 0) missing += " #date";
        if (c_area < 0) missing += " #adm1+code";
        if (c_indicator < 0) missing += " #indicator+code";
        if (c_value < 0) missing += " #affected+num";
        if (!missing.empty()) {
            r.add_problem({"line " + std::to_string(tags.line),
                           "hashtag row lacks" + missing, excerpt(tags.raw)});
            return r;
        }
        for (size_t i = tag_row + 1; i < doc.rows.size(); ++i) {
            const CsvRow& row = doc.rows[i];
            if (row.blank()) continue;
            ++r.rows;
            const std::string loc = "line " + std::to_string(row.line);
            auto cell = [&](int c) -> std::string_view {
                if (c < 0 || static_cast<size_t>(c) >= row.fields.size()) return {};
                std::string_view s = row.fields[c];
                while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
                while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
                return s;
            };
            auto bad = [&](const char* tag, const std::string& msg) {
                r.add_problem({loc + ", column " + tag, msg, excerpt(row.raw)});
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
            else bad("#date", "'" + std::string(cell(c_date)) + "' is not a date");
            auto area = resolve_area(cell(c_area));
            if (!area) bad("#adm1+code", "unknown area '" + std::string(cell(c_area)) + "'");
            const std::string indicator(cell(c_indicator));
            if (!find_indicator(indicator))
                bad("#indicator+code", "unknown indicator '" + indicator + "'");
            // An empty value is "not reported", which is not zero: it is kept as such.
            const bool reported = !cell(c_value).empty();
            NumberParse value = reported ? parse_count(cell(c_value)) : NumberParse{0.0, ""};
            if (!value.value) bad("#affected+num", value.error);
            Breakdown b;
            static const std::set<std::string> kLevels = {"kindergarten", "primary",
                                                          "secondary",    "special",
                                                          "higher",       "home"};
            if (std::string level(cell(c_level)); !level.empty()) {
                if (!kLevels.count(level)) bad("#meta+level", "unknown level '" + level + "'");
                b.emplace_back("level", level);
            }
            if (std::string sex(cell(c_sex)); !sex.empty()) {
                if (sex != "F" && sex != "M") bad("#meta+sex", "sex must be F or M");
                b.emplace_back("sex", sex);
            }
            std::sort(b.begin(), b.end());
            if (!from || !area || !find_indicator(indicator) || !value.value) continue;
            r.observations.push_back({indicator, *area, *from, *to, std::move(b), *value.value,
                                      Unit::kCount, loc, reported});
            if (!r.reference_date || *to > *r.reference_date) r.reference_date = *to;
        }
        if (r.rows == 0 && r.problem_count == 0)
            r.add_problem({"", "the file has no data rows", ""});
        return r;
    }
};

const AdapterRegistrar kRegistrar{std::make_unique<HxlAdapter>()};

}  // namespace
}  // namespace sitrep
