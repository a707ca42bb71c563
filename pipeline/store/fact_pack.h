#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "pipeline/model/observation.h"
#include "pipeline/store/database.h"

namespace sitrep {

/// A fact as a pack holds it: its place among its submission's facts (the order stored) and
/// the submission whose same fact it repeats unchanged (0: none).
struct PackedFact {
    uint32_t position = 0;
    int64_t repeat_of = 0;
    Observation fact;
};

/// A submission's facts in one value: reconciliation reads a year's ten thousand facts as a
/// few hundred packs, one per submission, instead of as rows whose columns the database
/// decodes one by one (most of a year-end run's reading).
/// Layout per fact: varint position, varint repeat_of, text indicator, text area, zigzag
/// varint from and to (days), text breakdown key, the value's 8 bytes (IEEE 754, little
/// endian), a byte unit, text location, a byte reported; a text is a varint length and bytes.
class FactPacker {
public:
    /// Appends a fact; `breakdown` is `breakdown_key(fact.breakdown)`, which the caller has.
    void add(uint32_t position, int64_t repeat_of, const Observation& fact,
             std::string_view breakdown);
    /// The pack so far.
    const std::string& bytes() const { return bytes_; }
    /// The pack deflated (empty when it is): how the repeats are kept, a tenth of their size,
    /// since a workbook repeats thousands of facts and a run reads the repeats of one or two.
    std::string deflated() const;
    /// Whether no fact was added.
    bool empty() const { return bytes_.empty(); }

private:
    std::string bytes_;
};

/// A submission's two packs, as the `fact_packs` table keeps them: the facts that repeat
/// nothing, and the repeats (deflated) with the submissions they repeat.
class SubmissionPacks {
public:
    /// Appends a fact to the pack it belongs in: a repeat when `repeat_of` is not 0.
    void add(uint32_t position, int64_t repeat_of, const Observation& fact,
             std::string_view breakdown);
    /// Keeps the packs as the row of `submission` (one statement, kept by `db`).
    void insert(Database& db, int64_t submission) const;

private:
    FactPacker first_given_, repeats_;
    std::set<int64_t> repeated_;
};

/// `12,40`: the submissions a pack's repeats repeat, as the `repeated` column keeps them.
std::string sequence_list(const std::set<int64_t>& sequences);

/// The submissions of a `sequence_list`; throws OutputError naming `what` when it is none.
std::vector<int64_t> parse_sequence_list(std::string_view list, const std::string& what);

/// The facts of a pack `FactPacker::deflated` gave.
std::vector<PackedFact> unpack_deflated_facts(std::string_view deflated, const std::string& what);

/// What a fact is a repeat of is decided by this key within one feed and partner;
/// `breakdown` is `breakdown_key(f.breakdown)`.
std::string fact_key(const Observation& f, std::string_view breakdown);

/// The month a fact's latest value is kept under: its period's first day's, counted in
/// months since the year 0.
int64_t latest_month(Date from);

/// The latest value a feed's partner gave for one fact, and the submission that gave it.
struct LatestValue {
    int64_t submission = 0;
    double value = 0;
    bool reported = false;
};

/// The latest values of a feed's partner for the facts whose period begins in one month, as
/// the `latest_packs` table keeps them: what ingest reads and rewrites for every file of the
/// feed, a row per month instead of a row per fact (a cumulative workbook's 3,774).
/// Layout per fact, sorted by key (the same pack whatever order the values come in): text key
/// (`fact_key`), varint submission, the value's 8 bytes (IEEE 754, little endian), a byte
/// reported.
std::string pack_latest_values(std::vector<std::pair<std::string, LatestValue>> values);

/// The values of a `pack_latest_values` pack, in the order packed. Throws OutputError naming
/// `what` (the feed, partner and month) and the byte where a damaged pack stops making sense.
std::vector<std::pair<std::string, LatestValue>> unpack_latest_values(std::string_view pack,
                                                                      const std::string& what);

/// The facts of a pack, in the order packed. Throws OutputError naming `what` (the
/// submission) and the byte where a damaged pack stops making sense.
std::vector<PackedFact> unpack_facts(std::string_view pack, const std::string& what);

}  // namespace sitrep
