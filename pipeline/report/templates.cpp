#include "pipeline/report/templates.h"

#include "pipeline/catalogue/active_catalogue.h"

#include <Poco/AutoPtr.h>
#include <Poco/Exception.h>
#include <Poco/Util/AbstractConfiguration.h>
#include <Poco/Util/PropertyFileConfiguration.h>

#include <algorithm>
#include <filesystem>
#include <functional>

#include "pipeline/foundation/errors.h"
#include "pipeline/foundation/ini_file.h"
#include "pipeline/foundation/strings.h"
#include "pipeline/reference/areas.h"
#include "pipeline/text/encoding.h"

namespace sitrep {
namespace {

using Poco::Util::AbstractConfiguration;

const std::set<std::string> kBlockKinds = {
    "figures",    "bar_chart",     "line_chart", "hbar_chart", "breakdown_table",
    "area_table", "compare_table", "notes",      "partners",   "findings",
    "sources",    "text",          "map"};
// The words a map block draws besides its title: legend header and class limits, the
// no-data swatch and the licence line of the boundaries. Needed only by templates with a map.
const std::vector<std::string> kMapLabels = {"map.per",           "map.class.below",
                                             "map.class.between", "map.class.above",
                                             "map.no_data",       "map.licence"};
const std::set<std::string> kHighlightKinds = {"figure", "latest_in_series", "findings", "partners",
                                               "notes"};
const std::set<std::string> kAreaKeywords = {"regions", "provinces", "regions_and_provinces"};
const std::set<std::string> kClassifications = {"TLP:CLEAR", "TLP:GREEN", "TLP:AMBER",
                                                "TLP:AMBER+STRICT", "TLP:RED"};
const std::set<std::string> kLocaleStyles = {"nl", "fr", "en"};
const std::set<std::string> kBlockKeys = {
    "kind",  "title", "note",    "text",           "figures",      "figure", "rows",   "by",
    "areas", "total", "unknown", "column_sources", "current_days", "per",    "classes"};

bool valid_utf8(std::string_view s) { return is_valid_utf8(s); }

// The `{name}` placeholders of a label.
std::set<std::string> placeholders(const std::string& s) {
    std::set<std::string> out;
    size_t pos = 0;
    while ((pos = s.find('{', pos)) != std::string::npos) {
        const size_t end = s.find('}', pos);
        if (end == std::string::npos) break;
        const std::string name = s.substr(pos + 1, end - pos - 1);
        if (!name.empty() && std::all_of(name.begin(), name.end(),
                                         [](char c) { return (c >= 'a' && c <= 'z') || c == '_'; }))
            out.insert(name);
        pos = end + 1;
    }
    return out;
}

// Reads report.ini and turns every problem into a ConfigError naming the file, the line, the
// section and the key: the key's own line, or its section's header when the key is missing.
class IniReader {
public:
    explicit IniReader(IniFile ini) : ini_(std::move(ini)) {}

    [[noreturn]] void fail(const std::string& section, const std::string& key,
                           const std::string& what) const {
        int line = 0;
        if (const IniValue* v = ini_.find(section, key)) line = v->line;
        else if (const auto s = ini_.sections().find(section); s != ini_.sections().end())
            line = s->second;
        throw ConfigError(file() + (line > 0 ? ":" + std::to_string(line) : "") + ": [" +
                          section + "] " + key + ": " + what);
    }

    bool has_section(const std::string& section) const {
        return ini_.sections().count(section) > 0;
    }

    std::optional<std::string> get(const std::string& section, const std::string& key) const {
        const IniValue* v = ini_.find(section, key);
        if (!v) return std::nullopt;
        if (!valid_utf8(v->text)) fail(section, key, "not valid UTF-8");
        return v->text;
    }

    std::string required(const std::string& section, const std::string& key) const {
        auto v = get(section, key);
        if (!v || v->empty()) fail(section, key, "missing");
        return *v;
    }

    std::string optional(const std::string& section, const std::string& key) const {
        return get(section, key).value_or("");
    }

    std::vector<std::string> keys(const std::string& section) const { return ini_.keys(section); }

    FigureRef figure(const std::string& section, const std::string& key, const std::string& text,
                     bool need_area) const {
        auto ref = parse_figure_ref(text);
        if (!ref) fail(section, key, "'" + text + "' is not indicator@AREA{key=value}");
        if (need_area && ref->area.empty()) fail(section, key, "'" + text + "' names no area");
        if (!ref->area.empty() && !find_area(ref->area))
            fail(section, key, "unknown area '" + ref->area + "' in '" + text + "'");
        return *ref;
    }

    const std::string& file() const { return ini_.path(); }

private:
    IniFile ini_;
};

bool parse_bool(const IniReader& ini, const std::string& section, const std::string& key,
                const std::string& v) {
    if (v.empty() || v == "false" || v == "no" || v == "0") return false;
    if (v == "true" || v == "yes" || v == "1") return true;
    ini.fail(section, key, "'" + v + "' is not true or false");
}

BlockSpec read_block(const IniReader& ini, const std::string& section, const std::string& name) {
    BlockSpec b;
    b.name = name;
    const auto key = [&](const char* k) { return name + "." + k; };
    b.kind = ini.required(section, key("kind"));
    if (!kBlockKinds.count(b.kind)) {
        std::string known;
        for (const auto& k : kBlockKinds) known += (known.empty() ? "" : ", ") + k;
        ini.fail(section, key("kind"),
                 "unknown block kind '" + b.kind + "' (known: " + known + ")");
    }
    b.title = ini.optional(section, key("title"));
    b.note = ini.optional(section, key("note"));
    b.text = ini.optional(section, key("text"));
    b.by = ini.optional(section, key("by"));
    b.total = ini.optional(section, key("total"));
    b.unknown_area =
        parse_bool(ini, section, key("unknown"), ini.optional(section, key("unknown")));
    b.areas = split_list(ini.optional(section, key("areas")));
    b.column_sources = split_list(ini.optional(section, key("column_sources")));
    for (const auto& a : b.areas)
        if (!kAreaKeywords.count(a) && !find_area(a))
            ini.fail(section, key("areas"), "unknown area '" + a + "'");
    if (!b.total.empty() && !find_area(b.total))
        ini.fail(section, key("total"), "unknown area '" + b.total + "'");

    const auto need = [&](const char* k, bool present) {
        if (!present) ini.fail(section, key(k), "missing (a " + b.kind + " block needs it)");
    };
    if (b.kind == "figures") {
        need("figures", ini.get(section, key("figures")).has_value());
        for (const auto& f : split_list(ini.required(section, key("figures"))))
            b.figures.push_back(ini.figure(section, key("figures"), f, true));
    } else if (b.kind == "compare_table") {
        need("rows", ini.get(section, key("rows")).has_value());
        need("areas", !b.areas.empty());
        for (const auto& f : split_list(ini.required(section, key("rows"))))
            b.figures.push_back(ini.figure(section, key("rows"), f, false));
        if (!b.column_sources.empty() && b.column_sources.size() != b.areas.size())
            ini.fail(section, key("column_sources"), "needs one entry per area");
    } else if (b.kind == "bar_chart" || b.kind == "line_chart" || b.kind == "breakdown_table") {
        b.figures.push_back(
            ini.figure(section, key("figure"), ini.required(section, key("figure")), true));
        need("by", !b.by.empty());
    } else if (b.kind == "hbar_chart") {
        b.figures.push_back(
            ini.figure(section, key("figure"), ini.required(section, key("figure")), false));
        need("areas", !b.areas.empty());
    } else if (b.kind == "area_table") {
        b.figures.push_back(
            ini.figure(section, key("figure"), ini.required(section, key("figure")), false));
        need("areas", !b.areas.empty());
    } else if (b.kind == "text") {
        need("text", !b.text.empty());
    } else if (b.kind == "map") {
        const std::string text = ini.required(section, key("figure"));
        b.figures.push_back(ini.figure(section, key("figure"), text, false));
        if (!b.figures.back().area.empty())
            ini.fail(section, key("figure"),
                     "'" + text + "': a map shows the provinces, so it names no @AREA");
        if (!b.areas.empty()) ini.fail(section, key("areas"), "a map block takes no areas");
    }
    // A whole number in `lo`..`hi`, for keys only a map block takes.
    const auto map_number = [&](const char* k, int lo, int hi, int fallback) {
        const auto v = ini.get(section, key(k));
        if (!v) return fallback;
        if (b.kind != "map") ini.fail(section, key(k), "only a map block takes it");
        const bool digits =
            !v->empty() && v->size() <= 7 &&
            std::all_of(v->begin(), v->end(), [](char c) { return c >= '0' && c <= '9'; });
        const int n = digits ? std::stoi(*v) : -1;
        if (n < lo || n > hi)
            ini.fail(section, key(k),
                     "'" + *v + "' is not a whole number from " + std::to_string(lo) + " to " +
                         std::to_string(hi));
        return n;
    };
    b.per = map_number("per", 1, 1000000, 0);
    b.classes = map_number("classes", 2, 7, 5);
    if (const auto days = ini.get(section, key("current_days"))) {
        if (b.kind != "notes")
            ini.fail(section, key("current_days"), "only a notes block takes it");
        const bool digits = !days->empty() && days->size() <= 4 &&
                            std::all_of(days->begin(), days->end(),
                                        [](char c) { return c >= '0' && c <= '9'; });
        if (!digits)
            ini.fail(section, key("current_days"),
                     "'" + *days + "' is not a number of days (0 to 9999)");
        b.current_days = std::stoi(*days);
    }
    return b;
}

SectionSpec read_section(const IniReader& ini, const std::string& name) {
    const std::string section = "section." + name;
    if (!ini.has_section(section))
        ini.fail("sections", "order", "unknown section '" + name + "' (no [" + section + "])");
    SectionSpec s;
    s.name = name;
    s.title = ini.required(section, "title");
    const auto blocks = split_list(ini.required(section, "blocks"));
    const std::set<std::string> names(blocks.begin(), blocks.end());
    for (const auto& k : ini.keys(section)) {
        if (k == "title" || k == "blocks") continue;
        const size_t dot = k.find('.');
        if (dot == std::string::npos || !names.count(k.substr(0, dot)))
            ini.fail(section, k, "not a key of a block listed in 'blocks'");
        if (!kBlockKeys.count(k.substr(dot + 1))) ini.fail(section, k, "unknown key");
    }
    for (const auto& b : blocks) s.blocks.push_back(read_block(ini, section, b));
    return s;
}

// Where each referenced label key is used, so a missing one names its origin.
using KeyUses = std::map<std::string, std::string>;

void use(KeyUses& uses, const std::string& key, const std::string& where) {
    if (!key.empty()) uses.emplace(key, where);
}

void use_figure(KeyUses& uses, const FigureRef& f, const std::string& where) {
    use(uses, "indicator." + f.indicator, where);
    for (const auto& [dim, value] : f.breakdown) use(uses, "breakdown." + dim + "." + value, where);
}

// A label file as Poco reads it, with its map of keys open to iteration.
class LabelFile : public Poco::Util::PropertyFileConfiguration {
public:
    using PropertyFileConfiguration::PropertyFileConfiguration;
    using MapConfiguration::begin;
    using MapConfiguration::end;
};

std::map<std::string, std::string> read_labels(const std::string& file) {
    Poco::AutoPtr<LabelFile> cfg;
    try {
        cfg = new LabelFile(file);
    } catch (const Poco::Exception& e) {
        throw ConfigError(file + ": cannot read: " + e.displayText());
    }
    // Every key with its raw value, straight from the map the file was read into: walking
    // the key tree level by level costs a pass over all keys per level (a third of a run's
    // start-up).
    std::map<std::string, std::string> out;
    for (auto it = cfg->begin(); it != cfg->end(); ++it) {
        const auto& [k, v] = *it;
        if (!valid_utf8(v)) throw ConfigError(file + ": key '" + k + "': not valid UTF-8");
        out.emplace(k, trim(v));
    }
    return out;
}

}  // namespace

std::optional<FigureRef> parse_figure_ref(std::string_view text) {
    FigureRef ref;
    std::string s(trim(text));
    if (const size_t brace = s.find('{'); brace != std::string::npos) {
        if (s.back() != '}') return std::nullopt;
        const std::string inner = s.substr(brace + 1, s.size() - brace - 2);
        for (const auto& part : split_list(inner)) {
            const size_t eq = part.find('=');
            if (eq == std::string::npos || eq == 0 || eq + 1 == part.size()) return std::nullopt;
            ref.breakdown.emplace_back(std::string(trim(part.substr(0, eq))),
                                       std::string(trim(part.substr(eq + 1))));
        }
        if (ref.breakdown.empty()) return std::nullopt;
        std::sort(ref.breakdown.begin(), ref.breakdown.end());
        s = trim(s.substr(0, brace));
    }
    if (const size_t at = s.find('@'); at != std::string::npos) {
        ref.area = trim(s.substr(at + 1));
        s = trim(s.substr(0, at));
        if (ref.area.empty()) return std::nullopt;
    }
    if (s.empty()) return std::nullopt;
    for (char c : s)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_'))
            return std::nullopt;
    ref.indicator = s;
    return ref;
}

std::string fill_placeholders(const std::string& pattern, const LabelVars& vars) {
    std::string out;
    size_t pos = 0;
    while (pos < pattern.size()) {
        const size_t open = pattern.find('{', pos);
        if (open == std::string::npos) break;
        const size_t close = pattern.find('}', open);
        if (close == std::string::npos) break;
        out.append(pattern, pos, open - pos);
        const std::string name = pattern.substr(open + 1, close - open - 1);
        const auto it =
            std::find_if(vars.begin(), vars.end(), [&](const auto& v) { return v.first == name; });
        if (it != vars.end())
            out += it->second;
        else
            out.append(pattern, open, close - open + 1);
        pos = close + 1;
    }
    out.append(pattern, pos, std::string::npos);
    return out;
}

const std::vector<std::string>& Templates::required_labels() {
    static const std::vector<std::string> keys = [] {
        std::vector<std::string> k = {
            "locale.style",      "doc.subject",
            "header.title",      "header.issued",
            "header.page",       "first.key_figures",
            "first.highlights",  "first.next_report",
            "urgent.banner",     "urgent.reason",
            "tile.change",       "tile.unchanged",
            "carried_forward",   "no_data",
            "column.indicator",  "column.period",
            "column.value",      "column.change",
            "column.share",      "column.area",
            "column.partner",    "column.state",
            "column.last_as_of", "column.last_file",
            "column.file",       "column.reference_date",
            "column.status",     "column.fingerprint",
            "column.severity",   "column.finding",
            "row.as_of",         "area.unknown",
            "severity.info",     "severity.warning",
            "severity.error",    "state.on_time",
            "state.late",        "state.missing",
            "input.used",        "input.duplicate",
            "input.superseded",  "input.rejected",
            "finding.detail",    "note.meta",
            "sources.intro",     "figure.as_of",
            "figure.period",     "unit.percentage_points",
            "row.total",         "findings.none",
        };
        for (int m = 1; m <= 12; ++m) {
            k.push_back("month." + std::to_string(m));
            k.push_back("month_short." + std::to_string(m));
        }
        return k;
    }();
    return keys;
}

Templates Templates::load(const std::string& dir) { return load(dir, *active_catalogue()); }

Templates Templates::load(const std::string& dir, const Catalogue& catalogue) {
    namespace fs = std::filesystem;
    Templates t;
    t.dir_ = dir;
    const std::string ini_file = dir + "/report.ini";
    if (!fs::is_regular_file(ini_file)) throw ConfigError(ini_file + ": no such file");
    const IniReader ini(IniFile::read(ini_file, {.what = "the report's layout"}));
    KeyUses uses;

    // [document]
    t.issuer_ = ini.required("document", "issuer");
    t.classification_ = ini.required("document", "classification");
    if (!kClassifications.count(t.classification_))
        ini.fail("document", "classification",
                 "'" + t.classification_ +
                     "' is not a TLP 2.0 marking (TLP:CLEAR, TLP:GREEN, TLP:AMBER, "
                     "TLP:AMBER+STRICT, TLP:RED)");
    t.font_regular_ = ini.required("document", "font_regular");
    t.font_bold_ = ini.required("document", "font_bold");
    for (const char* key : {"font_regular", "font_bold"})
        if (!fs::is_regular_file(ini.required("document", key)))
            ini.fail("document", key, "no such font file '" + ini.required("document", key) + "'");
    t.languages_ = split_list(ini.required("document", "languages"));
    for (const auto& lang : t.languages_)
        if (lang.size() < 2 || lang.size() > 3 ||
            !std::all_of(lang.begin(), lang.end(), [](char c) { return c >= 'a' && c <= 'z'; }))
            ini.fail("document", "languages", "'" + lang + "' is not a language code");

    // [first_page]
    const auto tiles = split_list(ini.required("first_page", "tiles"));
    if (tiles.size() < 3 || tiles.size() > 5)
        ini.fail("first_page", "tiles",
                 "needs 3 to 5 tiles, found " + std::to_string(tiles.size()));
    for (const auto& text : tiles) {
        TileSpec tile{ini.figure("first_page", "tiles", text, true), ""};
        tile.label = "indicator." + tile.figure.indicator;
        use_figure(uses, tile.figure, "[first_page] tiles");
        t.tiles_.push_back(tile);
    }
    for (const auto& name : split_list(ini.optional("first_page", "highlights"))) {
        HighlightSpec h;
        h.name = name;
        h.kind = ini.required("first_page", name + ".kind");
        if (!kHighlightKinds.count(h.kind))
            ini.fail("first_page", name + ".kind", "unknown highlight kind '" + h.kind + "'");
        h.text = ini.required("first_page", name + ".text");
        h.by = ini.optional("first_page", name + ".by");
        if (h.kind == "figure" || h.kind == "latest_in_series") {
            h.figure = ini.figure("first_page", name + ".figure",
                                  ini.required("first_page", name + ".figure"), true);
            use_figure(uses, h.figure, "[first_page] " + name + ".figure");
        }
        if (h.kind == "latest_in_series" && h.by.empty())
            ini.fail("first_page", name + ".by", "missing (a latest_in_series highlight needs it)");
        const std::string where = "[first_page] " + name + ".text";
        use(uses, h.text, where);
        if (h.kind == "figure") use(uses, h.text + ".change", where);
        if (h.kind == "findings") use(uses, h.text + ".none", where);
        if (h.kind == "partners" || h.kind == "notes") use(uses, h.text + ".item", where);
        t.highlights_.push_back(h);
    }

    // [sections]
    for (const auto& name : split_list(ini.required("sections", "order"))) {
        if (std::any_of(t.sections_.begin(), t.sections_.end(),
                        [&](const auto& s) { return s.name == name; }))
            ini.fail("sections", "order", "section '" + name + "' listed twice");
        t.sections_.push_back(read_section(ini, name));
        const auto& s = t.sections_.back();
        const std::string where = "[section." + name + "]";
        use(uses, s.title, where + " title");
        for (const auto& b : s.blocks) {
            use(uses, b.title, where + " " + b.name + ".title");
            use(uses, b.note, where + " " + b.name + ".note");
            use(uses, b.text, where + " " + b.name + ".text");
            for (const auto& f : b.figures) use_figure(uses, f, where + " " + b.name);
            if (b.kind == "map")
                for (const auto& k : kMapLabels) use(uses, k, where + " " + b.name + ".kind");
        }
    }

    // labels/<lang>.properties
    if (t.languages_.empty()) ini.fail("document", "languages", "missing");
    for (const auto& lang : t.languages_) {
        const std::string file = t.label_file(lang);
        if (!fs::is_regular_file(file))
            ini.fail("document", "languages", "no label file " + file + " for '" + lang + "'");
        t.labels_[lang] = read_labels(file);
        // An indicator's name comes from the catalogue, unless the labels give their own.
        for (const auto& ind : catalogue.indicators())
            if (auto it = ind.labels.find(lang); it != ind.labels.end())
                t.labels_[lang].emplace("indicator." + ind.code, it->second);
    }
    const std::string& ref_lang = t.languages_.front();
    const auto& ref = t.labels_[ref_lang];
    // A language the catalogue does not name its indicators in yet uses the reference
    // language's names, so that a new language stays a label file and a line in report.ini.
    for (const auto& lang : t.languages_)
        for (const auto& ind : catalogue.indicators())
            if (auto it = ref.find("indicator." + ind.code); it != ref.end())
                t.labels_[lang].emplace(it->first, it->second);
    const std::string ref_file = t.label_file(ref_lang);
    for (const auto& key : required_labels())
        if (!ref.count(key))
            throw ConfigError(ref_file + ": missing key '" + key + "' (the report writer uses it)");
    for (const auto& [key, where] : uses)
        if (key.rfind("indicator.", 0) == 0 && !ref.count(key))
            throw ConfigError(catalogue.folder() + "/indicators.ini: [" + key.substr(10) +
                              "] needs label." + ref_lang + " (used by " + ini_file + " " + where +
                              "), or " + ref_file + " a key '" + key + "'");
    for (const auto& [key, where] : uses)
        if (!ref.count(key))
            throw ConfigError(ref_file + ": missing key '" + key + "' (used by " + ini_file + " " +
                              where + ")");
    if (!kLocaleStyles.count(ref.at("locale.style")))
        throw ConfigError(ref_file + ": key 'locale.style': '" + ref.at("locale.style") +
                          "' is not nl, fr or en");
    for (const auto& lang : t.languages_) {
        if (lang == ref_lang) continue;
        const auto& labels = t.labels_[lang];
        const std::string file = t.label_file(lang);
        for (const auto& [key, value] : ref) {
            const auto it = labels.find(key);
            if (it == labels.end())
                throw ConfigError(file + ": missing key '" + key + "' (present in " + ref_file +
                                  ")");
            const auto ref_names = placeholders(value);
            for (const auto& p : placeholders(it->second))
                if (!ref_names.count(p))
                    throw ConfigError(file + ": key '" + key + "': unknown placeholder {" + p +
                                      "} (" + ref_file + " has no such placeholder)");
        }
        if (!kLocaleStyles.count(labels.at("locale.style")))
            throw ConfigError(file + ": key 'locale.style': '" + labels.at("locale.style") +
                              "' is not nl, fr or en");
    }
    return t;
}

bool Templates::has_label(const std::string& lang, const std::string& key) const {
    return find_label(lang, key) != nullptr;
}

const std::string* Templates::find_label(const std::string& lang, const std::string& key) const {
    const auto l = labels_.find(lang);
    if (l == labels_.end()) return nullptr;
    const auto it = l->second.find(key);
    return it == l->second.end() ? nullptr : &it->second;
}

const std::string& Templates::label(const std::string& lang, const std::string& key) const {
    if (!labels_.count(lang))
        throw ConfigError(label_file(lang) + ": no labels for language '" + lang + "'");
    const std::string* v = find_label(lang, key);
    if (!v) throw ConfigError(label_file(lang) + ": missing key '" + key + "'");
    return *v;
}

std::string Templates::format(const std::string& lang, const std::string& key,
                              const LabelVars& vars) const {
    return fill_placeholders(label(lang, key), vars);
}

std::vector<std::string> Templates::label_keys(const std::string& lang) const {
    std::vector<std::string> out;
    if (const auto l = labels_.find(lang); l != labels_.end())
        for (const auto& [k, v] : l->second) out.push_back(k);
    return out;
}

std::string Templates::label_file(const std::string& lang) const {
    return dir_ + "/labels/" + lang + ".properties";
}

}  // namespace sitrep
