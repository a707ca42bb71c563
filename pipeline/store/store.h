#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "pipeline/model/finding.h"
#include "pipeline/model/note.h"
#include "pipeline/model/observation.h"

#include "pipeline/store/database.h"

namespace sitrep {

/// One distinct submission (identified by the SHA-256 of its bytes) as stored.
struct StoredSubmission {
    std::string sha256;
    std::string file;      ///< the name it first arrived under
    std::string partner;
    std::string feed;
    uint64_t bytes = 0;
    std::string received_at;  ///< ISO 8601, when it was ingested
    std::optional<Date> reference_date;
    bool rejected = false;
    std::string error;     ///< every problem, one per line, for a rejected submission
    int64_t sequence = 0;  ///< ingest order: what a report knew is every sequence up to its own
    uint64_t rows = 0;
    /// The last day its facts cover (a monthly file: the month's last day); none without facts.
    std::optional<Date> period_end;
};

/// A file name under which a submission arrived (the same bytes may come under two names).
struct Receipt {
    std::string file;
    std::string sha256;
    std::string received_at;
    int64_t id = 0;  ///< arrival order
};

/// An observation with the submission it came from.
struct StoredObservation {
    Observation fact;
    /// The sequence of its submission. A number, not the SHA-256: a year's facts each holding a
    /// copy of their file's hash took a megabyte of fresh memory at every run.
    int64_t submission = 0;
};

/// What an inbox path held when it was last read: a file whose size and modification time
/// are the same is taken to hold the same bytes, and is not hashed again.
struct InboxEntry {
    std::string path;
    uint64_t size = 0;
    int64_t mtime_ns = 0;  ///< modification time, nanoseconds since the epoch
    std::string sha256;    ///< a stored submission
};

/// A processed file that a run took out of the inbox after its report was recorded
/// (`[inbox] after_run`): archived, or removed with its bytes kept in the state only.
struct InboxMove {
    std::string file;     ///< its name
    std::string sha256;   ///< a stored submission
    std::string from;     ///< its absolute inbox path
    std::string to;       ///< its absolute path in the archive; empty when removed
    std::string moved_at; ///< the issue time of the run that moved it
    int report = 0;       ///< that run's report number
};

/// Which repeated facts `observations` may leave out: a fact that only repeats, with the same
/// value, the same feed's previous one is not read while that previous one is in use.
struct RepeatFilter {
    bool skip_repeats = false;            ///< false: read every fact
    std::vector<int64_t> not_in_use;      ///< sequences of replaced submissions: their repeats count
    std::vector<std::string> keep_feeds;  ///< feeds whose files add up: every fact counts
};

/// A report as issued: its number, what it knew, and its manifest.
struct StoredReport {
    int number = 0;
    std::string kind;
    std::string issued_at;
    std::string as_of;
    std::string reason;
    int64_t max_sequence = 0;  ///< the submissions it was built from: sequence <= this
    int64_t max_receipt = 0;   ///< the file names it had seen: receipt id <= this
    std::string manifest;      ///< the JSON manifest as written (kept compressed)
    /// The values it published, by `figure_key`: what the next report compares with.
    std::map<std::string, double> figures;
    /// Its findings, with their news and since: what the next report's findings are news to.
    std::vector<Finding> findings;
    /// How it was rendered, one `key=value` a line: templates and rules snapshots (relative to
    /// the state folder), languages, cadences.
    std::string rendering;
    /// `manifest` already deflated (deflate_text) by a caller that had a core to spare; empty:
    /// add_report deflates it.
    std::string manifest_deflated;
    /// `figures` already packed (pack_figures) by a caller that had a core to spare; empty:
    /// add_report packs them.
    std::string figures_packed;
};

/// A report's published values as the store keeps them: what `StoredReport::figures_packed`
/// holds.
std::string pack_figures(const std::map<std::string, double>& values);

/// A report as `list` shows it: what is read without its manifest.
struct ReportSummary {
    int number = 0;
    std::string kind;
    std::string issued_at;
    std::string as_of;
    std::string reason;
};

/// What a report published, without its manifest: enough for the next one to compare.
struct PublishedFigures {
    int number = 0;
    int64_t max_sequence = 0;               ///< the submissions it was built from
    int64_t max_receipt = 0;                ///< the file names it had seen
    std::map<std::string, double> values;   ///< figure_key -> value
    std::vector<Finding> findings;          ///< without their sources
};

/// The ledger: submissions, their facts, and the reports issued, in one SQLite file or on a
/// PostgreSQL server. Every write is one transaction, so a crash leaves the old state or the
/// new one.
class Store {
public:
    /// Opens (creating the schema if needed) the store `where` says.
    explicit Store(const StoreLocation& where);
    /// Opens (creating if needed) `state_dir/sitrep.db`.
    explicit Store(const std::string& state_dir);
    ~Store();

    /// Which backend holds the store.
    Dialect dialect() const;
    /// The connection itself, for the repositories that share the store (the mail queue).
    Database& database() const;
    /// Moves what was committed so far into the database file beside the caller's work, so
    /// that closing the store leaves less to do (see Database::checkpoint_in_background).
    void checkpoint_in_background();
    /// Waits for that checkpoint (see Database::wait_for_checkpoint).
    void wait_for_checkpoint();
    /// Where the store is.
    const StoreLocation& location() const { return where_; }
    /// Keeps, for every instance, the file or folder `name` of the state folder `state_dir`
    /// (a submission's bytes, a report's snapshot) unless the store has it already. A SQLite
    /// store's state folder is the only copy there is: nothing to do.
    void keep_files(const std::string& name, const std::string& state_dir);
    /// Whether `keep_files` keeps anything: a shared store does, for the other instances.
    bool keeps_files() const { return dialect() != Dialect::sqlite; }
    /// Keeps files of the state folder, each a name and its bytes deflated by
    /// `deflated_for_keeping` (deflated beforehand, where it costs no one a wait), as
    /// `keep_files` does; nothing on a store that keeps no files.
    void keep_deflated(const std::vector<std::pair<std::string, std::string>>& files);
    /// `bytes` deflated as `keep_deflated` takes them; any thread may do it.
    static std::string deflated_for_keeping(std::string_view bytes);
    /// Makes sure `state_dir` holds the file or folder `name` the store keeps, writing it from
    /// the store when this instance never had it. False when it is neither here nor kept.
    bool bring_kept(const std::string& name, const std::string& state_dir) const;
    /// Makes every later write of this store object wait until it is on disk before it
    /// returns: what is acknowledged at once to someone else (an upload's 202) must survive a
    /// crash of the database right after. A run's writes need not: its inbox still holds them.
    void make_writes_durable() { durable_ = true; }
    /// Waits until no other run on this store, in any process on any machine, is under way,
    /// and holds that until the store closes: two runs then issue distinct numbers in turn.
    /// (On SQLite the state folder's lock, taken by the run, already does this.)
    void hold_run_lock();
    /// Runs `body`, whose writes through this store then commit together or not at all: a
    /// run's snapshots and new files are one transaction, not one each (on a server each
    /// costs round trips, and each commit a wait).
    template <class Body>
    void together(Body&& body) {
        // What `ask_feeds` found new holds inside the transaction only: once it ends, another
        // instance may store facts of those feeds.
        struct Forget {
            std::set<std::string>& feeds;
            ~Forget() { feeds.clear(); }
        } forget{new_feeds_};
        in_transaction(*db_, std::forward<Body>(body), durable_);
    }

    /// The submission with this SHA-256, if it was ever received.
    std::optional<StoredSubmission> find(const std::string& sha256) const;
    /// Those of `sha256s` ever received, by SHA-256, asked at once: a kept inbox's hundreds of
    /// known files are one statement, not one each (a round trip each on a server).
    std::map<std::string, StoredSubmission> find_all(const std::vector<std::string>& sha256s) const;
    /// Which of `shas` were ever received, asked at once (one statement, not one a file).
    std::set<std::string> received(const std::vector<std::string>& shas) const;
    /// Records a submission with its facts and notes and its first receipt, atomically.
    /// Sets `s.sequence`.
    void add(StoredSubmission& s, const std::vector<Observation>& facts,
             const std::vector<SituationNote>& notes);
    /// The SHA-256 of the submissions ever received under this file name.
    std::vector<std::string> received_as(const std::string& file) const;
    /// The same for the files one partner sent: another partner's file of that name is not its.
    std::vector<std::string> received_as(const std::string& file, const std::string& partner) const;
    /// Records that the same bytes arrived under another name (no-op when already known).
    void add_receipt(const Receipt& r);

    /// What was last read under this inbox path, if anything.
    std::optional<InboxEntry> inbox_entry(const std::string& path) const;
    /// Remembers what an inbox path holds (replacing what it held before).
    void remember_inbox_entry(const InboxEntry& e);
    /// What is remembered of each of `paths` (those it knows), in one statement per 500.
    std::map<std::string, InboxEntry> inbox_entries(const std::vector<std::string>& paths) const;
    /// Remembers every entry of a run at once (each path once).
    void remember_inbox_entries(const std::vector<InboxEntry>& entries);
    /// Learns at once which of `feeds` (feed, partner) have facts stored, so that storing
    /// their files does not ask again, feed by feed: a round trip each on a server. Inside
    /// `together` only: what it found new is forgotten when that transaction ends.
    void ask_feeds(const std::vector<std::pair<std::string, std::string>>& feeds);
    /// Every inbox path remembered, in path order.
    std::vector<InboxEntry> inbox_entries() const;
    /// Records that a file left the inbox, and forgets what its path held, atomically.
    void record_inbox_move(const InboxMove& m);
    /// Every file that left the inbox, in the order they left.
    std::vector<InboxMove> inbox_moves() const;

    /// Every submission known up to `max_sequence`, in ingest order.
    std::vector<StoredSubmission> submissions(int64_t max_sequence) const;
    /// Every receipt up to id `max_receipt`, in arrival order.
    std::vector<Receipt> receipts(int64_t max_receipt) const;
    /// The facts of these submissions, in the order stored, but for the repeats `repeats`
    /// leaves out.
    std::vector<StoredObservation> observations(const std::vector<std::string>& sha256s,
                                                const RepeatFilter& repeats = {}) const;
    /// The notes of these submissions.
    std::vector<SituationNote> notes(const std::vector<std::string>& sha256s) const;
    /// The highest receipt id so far (0 when empty).
    int64_t max_receipt() const;
    /// The highest sequence stored so far (0 when empty).
    int64_t max_sequence() const;
    /// The bytes of every submission's packed facts, repeats left out (0 when none): what
    /// reconciling the stored history holds in memory grows with it.
    int64_t packed_fact_bytes() const;

    /// The number the next report gets: one past the last, or `first_number`.
    int next_report_number(int first_number) const;
    /// Records an issued report and its figures, atomically.
    void add_report(const StoredReport& r);
    /// The figures and findings of the last report numbered below `number`, if any.
    std::optional<PublishedFigures> published_before(int number) const;
    /// Reports issued before the store kept their figures and findings as rows, in number
    /// order (empty once recorded).
    std::vector<int> reports_without_figures() const;
    /// Records the figures and findings of a report issued before the store kept them as rows.
    void record_figures(int number, const std::map<std::string, double>& values,
                        const std::vector<Finding>& findings);
    /// The report with this number.
    std::optional<StoredReport> report(int number) const;
    /// The day of the first report issued, if any.
    std::optional<Date> first_report_as_of() const;
    /// Every report, by number, without reading a manifest.
    std::vector<ReportSummary> report_summaries() const;

    /// The same facts read from their rows, as the store kept them before packs: the reference
    /// the packs are tested against.
    std::vector<StoredObservation> observation_rows(const std::vector<std::string>& sha256s,
                                                    const RepeatFilter& repeats = {}) const;

private:
    /// Inserts kept files (`name` for messages), each a stored name and its deflated bytes.
    void insert_kept(const std::string& name,
                     const std::vector<std::pair<std::string, std::string>>& files);
    std::vector<StoredSubmission> select_submissions(const std::string& where,
                                                     int64_t max_sequence,
                                                     const std::string& sha256) const;
    /// Stores a submission's facts, marking those that repeat the feed's previous value.
    void add_facts(const StoredSubmission& s, const std::vector<Observation>& facts);
    /// The statement of a chunk of `rows` rows: kept (`Database::kept`) when its size comes
    /// back, else prepared for this chunk only and held by `once`.
    Statement& chunk_statement(const std::string& sql, size_t rows,
                               std::unique_ptr<Statement>& once) const;
    StoreLocation where_;
    std::unique_ptr<Database> db_;
    bool durable_ = false;
    std::set<std::string> known_feeds_;  ///< feed and partner with latest facts stored
    std::set<std::string> new_feeds_;    ///< feed and partner asked, with none stored then
    /// Held while a kept statement that two threads run (`find`, `inbox_entry`) is in use.
    mutable std::mutex shared_statements_;
};

}  // namespace sitrep
