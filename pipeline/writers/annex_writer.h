#pragma once

#include <memory>
#include <string>
#include <vector>

#include "pipeline/model/report.h"
#include "pipeline/report/source_spans.h"
#include "pipeline/report/templates.h"
#include "pipeline/writers/annex_style.h"

namespace sitrep {

class AnnexWords;

/// What a report's annex says the same way in every language: each figure's sources and
/// locations as the annex cites them, the figures of each domain sheet in their order, and
/// the monthly series with their months.
/// Worked out once per report for all its languages; `report` must outlive it.
class AnnexRows {
public:
    explicit AnnexRows(const Report& report);
    /// The same from the figures' sources `split_sources(report)` gave (the manifest's too);
    /// throws OutputError when they are not one per figure.
    AnnexRows(const Report& report, const std::vector<FigureSources>& sources);
    ~AnnexRows();
    AnnexRows(const AnnexRows&) = delete;
    AnnexRows& operator=(const AnnexRows&) = delete;

    struct Rows;
    /// The rows, for the annex writer.
    const Rows& rows() const { return *rows_; }
    /// The report they were worked out for.
    const Report& report() const { return report_; }

private:
    const Report& report_;
    std::unique_ptr<Rows> rows_;
};

/// Writes the Excel annex of `report` in `lang` to `path` (the caller renames it into place
/// atomically), its words from `templates`' labels. Sheets: Report, Summary, one per indicator
/// domain with charts, Monthly series, Findings, Cleared, Sources, Partners, Notes and a hidden
/// sheet of the charts' data; each holds one Excel table from A1 and nothing else. Identical reports give
/// byte-identical files. Throws OutputError naming the sheet and cell when libxlsxwriter
/// refuses a write.
void write_annex(const Report& report, const Templates& templates, const std::string& lang,
                 const std::string& path);

/// The annex in the built-in English words, without templates.
void write_annex(const Report& report, const std::string& path);

/// The annex in `words`' language.
void write_annex(const Report& report, const AnnexWords& words, const std::string& path);

/// The annex of `rows`' report in `lang`, from rows shared with its other languages, written
/// in `style`.
void write_annex(const AnnexRows& rows, const Templates& templates, const std::string& lang,
                 const std::string& path, AnnexStyle style = {});

}  // namespace sitrep
