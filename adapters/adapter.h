#pragma once

#include <istream>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/model/note.h"
#include "pipeline/model/observation.h"
#include "pipeline/model/problem.h"

namespace sitrep {

/// What one submission contributes: facts and notes, or the problems that reject it.
struct ParseResult {
    std::vector<Observation> observations;
    std::vector<SituationNote> notes;
    /// Any problem rejects the whole file, so that a report never shows half a submission.
    std::vector<Problem> problems;
    /// How many problems there were in all (`problems` keeps the first ones only).
    size_t problem_count = 0;
    /// The reference date the content states (it wins over the file name).
    std::optional<Date> reference_date;
    /// Data rows read, for the logs and the benchmark.
    size_t rows = 0;

    /// Records a problem, keeping the first `kMaxListed` in full.
    void add_problem(Problem p);
    static constexpr size_t kMaxListed = 50;
};

/// Reads one partner feed. Parsers are pure: they see the file name and the bytes, no disk.
class Adapter {
public:
    virtual ~Adapter() = default;
    /// The partner that sends this feed: dvz, fedasil, vdab, forem, actiris, or the contributor.
    virtual std::string partner(std::string_view file_name) const = 0;
    /// A short name of the feed, e.g. `dvz.decisions`.
    virtual std::string_view feed() const = 0;
    /// Whether a file of this name belongs to this feed.
    virtual bool accepts(std::string_view file_name) const = 0;
    /// The file names it accepts, for people: `dvz_tp_beslissingen_*.csv`.
    virtual std::string pattern() const = 0;
    /// Reads the submission. Large feeds must stream `in` instead of reading it whole.
    virtual ParseResult parse(std::string_view file_name, std::istream& in) const = 0;
};

/// Parses a submission with its adapter the way every caller must: an exception becomes a
/// problem, and two rows giving the same fact (same indicator, area, period and breakdown)
/// reject the file instead of one silently replacing the other.
ParseResult read_submission(const Adapter& adapter, std::string_view file_name, std::istream& in);

/// Every adapter linked into the program (the feeds that need code), in registration order.
const std::vector<std::unique_ptr<Adapter>>& adapters();

/// Every feed: those of the active catalogue (catalogue/feeds/*.ini) first, then those of code.
std::vector<const Adapter*> all_feeds();

/// The result with problems read before parsing began (e.g. a size limit) counted.
ParseResult with_counted_problems(ParseResult r);

/// The feed for a file name, or nullptr when no feed accepts it (catalogue feeds first).
const Adapter* adapter_for(std::string_view file_name);

/// Registers an adapter at start-up: `static const AdapterRegistrar r{std::make_unique<X>()};`.
struct AdapterRegistrar {
    explicit AdapterRegistrar(std::unique_ptr<Adapter> adapter);
};

}  // namespace sitrep
