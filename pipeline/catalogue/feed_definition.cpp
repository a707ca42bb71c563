#include "pipeline/catalogue/feed_definition.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "pipeline/foundation/ini_file.h"
#include "pipeline/foundation/errors.h"
#include "pipeline/foundation/strings.h"
#include "pipeline/model/indicators.h"
#include "pipeline/reference/areas.h"

namespace sitrep {

bool matches_pattern(std::string_view pattern, std::string_view name) {
    // Iterative wildcard match: remembers the last `*` to backtrack to.
    size_t p = 0, n = 0, star = std::string_view::npos, mark = 0;
    const auto same = [](char a, char b) {
        return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
    };
    while (n < name.size()) {
        if (p < pattern.size() && pattern[p] == '*') {
            star = p++;
            mark = n;
        } else if (p < pattern.size() && same(pattern[p], name[n])) {
            ++p;
            ++n;
        } else if (star != std::string_view::npos) {
            p = star + 1;
            n = ++mark;
        } else {
            return false;
        }
    }
    while (p < pattern.size() && pattern[p] == '*') ++p;
    return p == pattern.size();
}

bool FeedDefinition::accepts(std::string_view file_name) const {
    return std::any_of(files.begin(), files.end(),
                       [&](const std::string& p) { return matches_pattern(p, file_name); });
}

std::string FeedDefinition::pattern_text() const {
    std::string out;
    for (const auto& f : files) out += (out.empty() ? "" : ", ") + f;
    return out;
}

std::vector<std::string> FeedDefinition::indicator_codes() const {
    std::vector<std::string> out;
    for (const auto& v : values) out.push_back(v.indicator);
    return out;
}

namespace {

// Reads one definition, naming the file and line of each mistake.
class Reader {
public:
    Reader(const IniFile& ini, const std::vector<Indicator>& indicators)
        : ini_(ini), indicators_(indicators) {}

    [[noreturn]] void fail(int line, const std::string& why) const {
        throw ConfigError(ini_.path() + ":" + std::to_string(line) + ": " + why);
    }
    [[noreturn]] void fail_section(const std::string& section, const std::string& why) const {
        auto it = ini_.sections().find(section);
        fail(it == ini_.sections().end() ? 1 : it->second, why);
    }

    const IniValue* get(const std::string& section, const std::string& key) const {
        return ini_.find(section, key);
    }
    const IniValue& need(const std::string& section, const std::string& key) const {
        const IniValue* v = get(section, key);
        if (!v || v->text.empty()) fail_section(section, "[" + section + "] needs '" + key + " = …'");
        return *v;
    }
    void only_keys(const std::string& section, const std::set<std::string>& known,
                   const std::string& prefix = "") const {
        for (const auto& key : ini_.keys(section)) {
            if (known.count(key) || (!prefix.empty() && key.rfind(prefix, 0) == 0)) continue;
            std::string list;
            for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
            fail(get(section, key)->line,
                 "[" + section + "] has no key '" + key + "' (known: " + list + ")");
        }
    }
    bool yes_no(const std::string& section, const std::string& key, bool fallback) const {
        const IniValue* v = get(section, key);
        if (!v) return fallback;
        if (v->text == "yes") return true;
        if (v->text == "no") return false;
        fail(v->line, "[" + section + "] " + key + " is yes or no, not '" + v->text + "'");
    }
    ColumnName column(const std::string& section, const std::string& key) const {
        const IniValue& v = need(section, key);
        ColumnName c{split_list(v.text), v.line};
        if (c.names.empty()) fail(v.line, "[" + section + "] " + key + " names no column");
        return c;
    }
    std::string area(const IniValue& v, const std::string& what) const {
        if (!find_area(v.text)) fail(v.line, what + " '" + v.text + "' is no NUTS code of a Belgian area (BE, BE1 … BE35)");
        return v.text;
    }
    const Indicator* indicator(const std::string& code) const {
        for (const auto& i : indicators_)
            if (i.code == code) return &i;
        return nullptr;
    }

    FeedDefinition read() const {
        FeedDefinition d;
        d.where = ini_.path();
        for (const auto& [section, line] : ini_.sections()) {
            static const std::set<std::string> kSections = {"feed", "date", "area", "values",
                                                            "checks", "aliases", "long", "long.names"};
            if (!kSections.count(section) && section.rfind("breakdown.", 0) != 0)
                fail(line, "unknown section [" + section + "] (known: [feed], [date], [area], "
                           "[breakdown.NAME], [values] or [long] and [long.names], [checks], [aliases])");
        }
        read_feed(d);
        read_date(d);
        read_area(d);
        read_values(d);
        read_breakdowns(d);
        read_checks(d);
        return d;
    }

private:
    void read_feed(FeedDefinition& d) const {
        if (!ini_.sections().count("feed")) fail(1, "a feed definition needs a [feed] section");
        only_keys("feed", {"name", "partner", "files", "format", "sheet", "encoding", "aggregate", "header"});
        d.name = need("feed", "name").text;
        d.partner = need("feed", "partner").text;
        d.files = split_list(need("feed", "files").text);
        if (const IniValue* f = get("feed", "format")) {
            if (f->text != "csv" && f->text != "xlsx")
                fail(f->line, "format '" + f->text + "' is not one sitrep reads as data (csv, xlsx); other formats need code");
            d.format = f->text;
        }
        if (const IniValue* s = get("feed", "sheet")) {
            if (d.format != "xlsx")
                fail(s->line, "sheet names a workbook's sheet: it needs format = xlsx, and this feed is " + d.format);
            if (s->text.empty()) fail(s->line, "sheet names no sheet: give its name, or leave the key out for the first visible sheet");
            d.sheet = s->text;
        }
        if (const IniValue* e = get("feed", "encoding")) {
            // A workbook's text is always Unicode: an encoding would be a mistake.
            if (d.format == "xlsx") fail(e->line, "encoding is for csv feeds; a workbook (xlsx) carries its own");
            if (e->text != "utf-8" && e->text != "windows-1252")
                fail(e->line, "encoding '" + e->text + "' is not utf-8 or windows-1252");
            d.encoding = e->text;
        }
        d.aggregate = yes_no("feed", "aggregate", false);
        if (const IniValue* h = get("feed", "header")) {
            if (h->text != "first" && h->text != "search")
                fail(h->line, "header is 'first' (the first row) or 'search' (the first row with every column), not '" + h->text + "'");
            d.search_header = h->text == "search";
        }
    }

    void read_date(FeedDefinition& d) const {
        if (!ini_.sections().count("date")) fail(1, "a feed definition needs a [date] section");
        only_keys("date", {"column", "from", "kind"});
        if (const IniValue* from = get("date", "from")) {
            if (from->text != "file_name") fail(from->line, "[date] from is 'file_name', or give 'column'");
            d.period_from = PeriodFrom::kFileName;
        } else {
            d.date_column = column("date", "column");
        }
        const IniValue& kind = need("date", "kind");
        if (kind.text == "day") d.period = PeriodKind::kDay;
        else if (kind.text == "month") d.period = PeriodKind::kMonth;
        else fail(kind.line, "[date] kind is day or month, not '" + kind.text + "'");
    }

    void read_area(FeedDefinition& d) const {
        if (!ini_.sections().count("area")) fail(1, "a feed definition needs an [area] section");
        only_keys("area", {"column", "fixed", "within", "within_error", "total", "total_area",
                           "also", "municipalities"});
        if (const IniValue* f = get("area", "fixed")) d.fixed_area = area(*f, "[area] fixed");
        else d.area_column = column("area", "column");
        if (const IniValue* w = get("area", "within")) {
            d.within = area(*w, "[area] within");
            d.within_error = get("area", "within_error") ? get("area", "within_error")->text
                                                         : "is not in " + area_name(d.within, "en");
        }
        if (const IniValue* t = get("area", "total")) {
            d.total_labels = split_list(t->text);
            const IniValue* a = get("area", "total_area");
            if (!a) fail(t->line, "[area] total needs total_area = the area the total row gives");
            d.total_area = area(*a, "[area] total_area");
        }
        if (const IniValue* a = get("area", "also")) d.also_area = area(*a, "[area] also");
        d.municipalities = yes_no("area", "municipalities", false);
        for (const auto& key : ini_.keys("aliases"))
            d.aliases[key] = area(*get("aliases", key), "[aliases] " + key);
        if ((d.municipalities || !d.also_area.empty()) && !d.aggregate)
            fail(ini_.sections().at("area"),
                 "[area] municipalities and also add rows up: set aggregate = yes in [feed]");
    }

    // A long table: each row names its indicator in one column and gives its count in another.
    void read_long(FeedDefinition& d) const {
        if (ini_.sections().count("values"))
            fail(ini_.sections().at("long"), "a feed has [values] (a column per indicator) or [long] (a column naming the indicator), not both");
        only_keys("long", {"indicator", "value", "indicators"});
        d.indicator_column = column("long", "indicator");
        const ColumnName value = column("long", "value");
        const IniValue& codes = need("long", "indicators");
        for (const auto& code : split_list(codes.text)) {
            if (!indicator(code))
                fail(codes.line, "unknown indicator '" + code + "': add it to catalogue/indicators.ini first");
            d.values.push_back({code, ColumnName{value.names, codes.line}});
            d.indicator_names[code] = code;
        }
        for (const auto& name : ini_.keys("long.names")) {
            const IniValue& v = *get("long.names", name);
            if (std::none_of(d.values.begin(), d.values.end(), [&](const ValueColumn& c) { return c.indicator == v.text; }))
                fail(v.line, "[long.names] " + name + " names '" + v.text + "', which is not in [long] indicators");
            d.indicator_names[name] = v.text;
        }
    }

    void read_values(FeedDefinition& d) const {
        if (ini_.sections().count("long")) return read_long(d);
        if (!ini_.sections().count("values")) fail(1, "a feed definition needs a [values] section (indicator = column), or [long]");
        for (const auto& key : ini_.keys("values")) {
            const IniValue& v = *get("values", key);
            if (!indicator(key))
                fail(v.line, "unknown indicator '" + key + "': add it to catalogue/indicators.ini first");
            d.values.push_back({key, column("values", key)});
        }
        if (d.values.empty()) fail_section("values", "[values] maps no column to an indicator");
    }

    void read_breakdowns(FeedDefinition& d) const {
        for (const auto& [section, line] : ini_.sections()) {
            if (section.rfind("breakdown.", 0) != 0) continue;
            only_keys(section, {"column", "unknown"});
            BreakdownColumn b;
            b.dimension = section.substr(std::string("breakdown.").size());
            b.column = column(section, "column");
            if (const IniValue* u = get(section, "unknown")) {
                for (auto& v : split_list(u->text)) b.unknown.push_back(v == "(empty)" ? "" : v);
            }
            for (const auto& v : d.values) {
                const Indicator* ind = indicator(v.indicator);
                if (std::find(ind->breakdowns.begin(), ind->breakdowns.end(), b.dimension) ==
                    ind->breakdowns.end())
                    fail(line, "indicator '" + v.indicator + "' has no breakdown '" + b.dimension +
                                   "' (" + ind->where + " lists what it may carry)");
            }
            if (!d.aggregate)
                fail(line, "a breakdown column adds rows up per part: set aggregate = yes in [feed]");
            d.breakdowns.push_back(std::move(b));
        }
    }

    void read_checks(FeedDefinition& d) const {
        if (d.long_table() && !ini_.keys("checks").empty())
            fail(ini_.sections().at("checks"), "[checks] compare value columns of one row: a long table has one");
        const auto is_value_column = [&](const std::string& name) {
            for (const auto& v : d.values)
                for (const auto& n : v.column.names)
                    if (iequal(n, name)) return true;
            return false;
        };
        for (const auto& key : ini_.keys("checks")) {
            const IniValue& v = *get("checks", key);
            if (!is_value_column(key))
                fail(v.line, "[checks] " + key + " is no value column of [values]");
            // `open = at most gelanceerd: more vacancies open than were launched`
            const std::string kAtMost = "at most ";
            const size_t colon = v.text.find(':');
            if (v.text.rfind(kAtMost, 0) != 0 || colon == std::string::npos)
                fail(v.line, "a check is 'COLUMN = at most OTHER COLUMN: message'");
            const std::string other(trim(v.text.substr(kAtMost.size(), colon - kAtMost.size())));
            if (!is_value_column(other))
                fail(v.line, "[checks] " + key + ": '" + other + "' is no value column of [values]");
            d.checks.push_back({key, other, std::string(trim(v.text.substr(colon + 1)))});
        }
    }

    const IniFile& ini_;
    const std::vector<Indicator>& indicators_;
};

}  // namespace

FeedDefinition parse_feed_definition(const IniFile& ini, const std::vector<Indicator>& indicators) {
    return Reader(ini, indicators).read();
}

}  // namespace sitrep
