#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "pipeline/model/observation.h"

namespace sitrep {

class Catalogue;

/// A figure named in a template: `indicator@AREA{key=value}`; area and breakdown are optional.
struct FigureRef {
    std::string indicator;
    std::string area;     ///< empty where the block supplies the areas
    Breakdown breakdown;  ///< empty for a headline figure
};

/// Parses `indicator@AREA{key=value,key=value}`; nullopt when malformed.
std::optional<FigureRef> parse_figure_ref(std::string_view text);

/// One table, chart or list inside a section, as `report.ini` describes it.
struct BlockSpec {
    std::string name;                ///< the block's name inside its section
    std::string kind;                ///< figures, bar_chart, area_table ... (see report.ini)
    std::string title;               ///< label key of the caption, may be empty
    std::string note;                ///< label key of a line under the block, may be empty
    std::string text;                ///< label key of a `text` block's paragraph
    std::vector<FigureRef> figures;  ///< the figures, the rows, or the one charted figure
    std::string by;                  ///< breakdown dimension of a chart or breakdown table
    std::vector<std::string> areas;  ///< NUTS codes or regions/provinces/regions_and_provinces
    std::string total;               ///< the area whose figure is the table's total row
    bool unknown_area = false;       ///< add the `{area=unknown}` row of the total area
    std::vector<std::string> column_sources;  ///< who reports each column, shown under its name
    /// A notes block shows, besides new notes, those dated at most this many days before as_of.
    int current_days = 14;
    /// A map block shows values per this many inhabitants (1000: per 1,000); 0 shows counts.
    int per = 0;
    /// A map block's number of colour classes (2 to 7).
    int classes = 5;
};

/// One titled section of the report.
struct SectionSpec {
    std::string name;
    std::string title;  ///< label key
    std::vector<BlockSpec> blocks;
};

/// One key-figure tile of the first page.
struct TileSpec {
    FigureRef figure;
    std::string label;  ///< label key of the tile's caption
};

/// One highlight sentence of the first page.
struct HighlightSpec {
    std::string name;
    std::string kind;  ///< figure, latest_in_series, findings, partners, notes
    std::string text;  ///< label key of the sentence
    FigureRef figure;
    std::string by;
};

/// Placeholder values for a label: {"number", "237"}.
using LabelVars = std::vector<std::pair<std::string, std::string>>;

/// Replaces each `{name}` in `pattern` by its value; unknown placeholders stay as written.
std::string fill_placeholders(const std::string& pattern, const LabelVars& vars);

/// The report's layout and words, loaded from a templates folder and validated once at start.
///
/// `report.ini` holds the layout (sections in order, their blocks, tiles, highlights, fonts,
/// issuer); `labels/<lang>.properties` hold the words, one UTF-8 `key = value` per line. Every
/// language must have every key of the first (reference) language, so a missing translation
/// fails at start-up rather than in a partner's inbox. Other parts of sitrep may keep their
/// own keys (e-mail subjects and bodies) in the same label files and read them with `label`.
class Templates {
public:
    /// Loads and validates `dir`; throws ConfigError naming the file and the key at fault.
    /// Indicators' names come from the active catalogue.
    static Templates load(const std::string& dir);
    /// The same with indicators' names from `catalogue` (a report's snapshot of it).
    static Templates load(const std::string& dir, const Catalogue& catalogue);

    /// The folder the templates were loaded from.
    const std::string& dir() const { return dir_; }
    /// Who issues the report, as the header shows it.
    const std::string& issuer() const { return issuer_; }
    /// The TLP marking used when the report carries none.
    const std::string& classification() const { return classification_; }
    /// Path of the regular TrueType font.
    const std::string& font_regular() const { return font_regular_; }
    /// Path of the bold TrueType font.
    const std::string& font_bold() const { return font_bold_; }
    /// The report languages in configured order; the first is the reference.
    const std::vector<std::string>& languages() const { return languages_; }
    /// Whether `lang` has a label file.
    bool has_language(const std::string& lang) const { return labels_.count(lang) > 0; }
    /// The sections in the order the report shows them.
    const std::vector<SectionSpec>& sections() const { return sections_; }
    /// The first page's key-figure tiles.
    const std::vector<TileSpec>& tiles() const { return tiles_; }
    /// The first page's highlight sentences, in order.
    const std::vector<HighlightSpec>& highlights() const { return highlights_; }

    /// Whether `lang` has a label `key`.
    bool has_label(const std::string& lang, const std::string& key) const;
    /// The label `key` in `lang`; throws ConfigError naming the label file when it is missing.
    const std::string& label(const std::string& lang, const std::string& key) const;
    /// The label `key` in `lang`, or nullptr.
    const std::string* find_label(const std::string& lang, const std::string& key) const;
    /// The label `key` in `lang` with its `{placeholders}` filled.
    std::string format(const std::string& lang, const std::string& key,
                       const LabelVars& vars) const;
    /// Every label key of `lang`, sorted.
    std::vector<std::string> label_keys(const std::string& lang) const;
    /// The path of `lang`'s label file, for error messages.
    std::string label_file(const std::string& lang) const;

    /// Label keys the writers use directly; every label file must have them.
    static const std::vector<std::string>& required_labels();

private:
    std::string dir_;
    std::string issuer_;
    std::string classification_;
    std::string font_regular_;
    std::string font_bold_;
    std::vector<std::string> languages_;
    std::vector<SectionSpec> sections_;
    std::vector<TileSpec> tiles_;
    std::vector<HighlightSpec> highlights_;
    std::map<std::string, std::map<std::string, std::string>> labels_;
};

}  // namespace sitrep
