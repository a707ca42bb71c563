#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace sitrep {

class IniFile;
struct Indicator;

/// A column of a tabular feed: the header the partner writes, then other accepted spellings.
struct ColumnName {
    std::vector<std::string> names;  ///< names[0] is the one errors show
    int line = 0;                    ///< where the definition gives it
    /// The name errors show.
    const std::string& shown() const { return names.front(); }
};

/// A breakdown dimension read from a column; values meaning "not known" become `unknown`.
struct BreakdownColumn {
    std::string dimension;             ///< sex, age, level …
    ColumnName column;
    std::vector<std::string> unknown;  ///< e.g. NA, and "" for an empty cell
};

/// A column whose counts are facts of one indicator (a wide table).
struct ValueColumn {
    std::string indicator;
    ColumnName column;
};

/// A rule between two columns of one row: `column` may not be above `at_most`.
struct ColumnCheck {
    std::string column;
    std::string at_most;
    std::string message;
};

/// How the period of a row is found.
enum class PeriodFrom { kColumn, kFileName };
/// What a row's period is: one day, or one calendar month.
enum class PeriodKind { kDay, kMonth };

/// A tabular feed defined as data (catalogue/feeds/*.ini): which files it takes, and how their
/// rows become facts. README.md, "The catalogue", lists every key.
struct FeedDefinition {
    std::string name;                 ///< vdab.jobseekers
    std::string partner;              ///< the partner that sends it
    std::vector<std::string> files;   ///< file-name patterns, `*` any text, case ignored
    std::string format = "csv";       ///< csv | xlsx
    std::string sheet;                ///< xlsx: the sheet's name (case ignored); empty: the first visible
    std::string encoding = "utf-8";   ///< utf-8 | windows-1252
    bool aggregate = false;           ///< rows giving the same fact add up
    bool search_header = false;       ///< the header is the first row holding every column

    PeriodFrom period_from = PeriodFrom::kColumn;
    PeriodKind period = PeriodKind::kDay;
    ColumnName date_column;

    ColumnName area_column;            ///< empty names: `fixed_area` for every row
    std::string fixed_area;
    std::string within;                ///< every area must lie in this region
    std::string within_error;          ///< the text after `'NAME' ` when it does not
    std::vector<std::string> total_labels;  ///< the partner's own total row (`*` any text)
    std::string total_area;
    std::string also_area;             ///< every row also adds to this area (e.g. BE)
    bool municipalities = false;       ///< NIS municipality codes add up per province
    std::map<std::string, std::string> aliases;  ///< a name as written -> NUTS (matched folded)

    std::vector<BreakdownColumn> breakdowns;
    std::vector<ValueColumn> values;   ///< wide: a column per indicator; long: each indicator
                                       ///< the indicator column may name, all with the value column
    ColumnName indicator_column;       ///< long tables: the column naming each row's indicator
    std::map<std::string, std::string> indicator_names;  ///< long: a name as written -> indicator code
    std::vector<ColumnCheck> checks;

    std::string where;                ///< the definition's file, for errors

    /// Whether a file of this name is one of this feed's.
    bool accepts(std::string_view file_name) const;
    /// The file-name patterns as one text: `vdab_oekraine_*.csv`.
    std::string pattern_text() const;
    /// Whether each row names its indicator (a long table) rather than a column per indicator.
    bool long_table() const { return !indicator_column.names.empty(); }
    /// The indicators its value columns give.
    std::vector<std::string> indicator_codes() const;
};

/// Whether `name` matches `pattern` (`*` any text, letter case ignored).
bool matches_pattern(std::string_view pattern, std::string_view name);

/// Reads one feed definition; `find` looks an indicator up. Throws ConfigError `FILE:LINE: what`.
FeedDefinition parse_feed_definition(const IniFile& ini,
                                     const std::vector<Indicator>& indicators);

}  // namespace sitrep
