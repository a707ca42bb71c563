#pragma once

#include "adapters/adapter.h"
#include "pipeline/catalogue/feed_definition.h"

namespace sitrep {

/// A CSV file or a workbook sheet read as its catalogue definition says: no code per partner.
/// The columns are found by name, each row gives facts per value column, and every cell that
/// cannot be read is a problem naming it (`line 12, column 'aantal'`, `Sheet!C12`).
class TabularFeed : public Adapter {
public:
    /// Reads files as `definition` says.
    explicit TabularFeed(FeedDefinition definition) : def_(std::move(definition)) {}

    std::string partner(std::string_view) const override { return def_.partner; }
    std::string_view feed() const override { return def_.name; }
    bool accepts(std::string_view file_name) const override { return def_.accepts(file_name); }
    std::string pattern() const override { return def_.pattern_text(); }
    ParseResult parse(std::string_view file_name, std::istream& in) const override;

    /// The definition it reads by.
    const FeedDefinition& definition() const { return def_; }

private:
    FeedDefinition def_;
};

}  // namespace sitrep
