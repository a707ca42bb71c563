#include "pipeline/store/store.h"

#include <Poco/Path.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <iterator>
#include <limits>
#include <map>
#include <mutex>
#include <set>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

#include <spdlog/spdlog.h>

#include "pipeline/foundation/atomic_file.h"
#include "pipeline/foundation/errors.h"
#include "pipeline/foundation/on_cores.h"
#include "pipeline/store/compressed_text.h"
#include "pipeline/store/fact_pack.h"
#include "pipeline/store/database.h"
#include "pipeline/store/schema.h"

namespace sitrep {
namespace {

// Kept files are deflated by whoever keeps them, fast rather than small: a partner's CSV still
// shrinks eightfold, and the server stores what it is given without compressing it again.
constexpr int kKeptLevel = 1;

std::map<std::string, double> figures_from_blob(const std::string& blob) {
    std::map<std::string, double> out;
    const std::string text = inflate_text(blob);
    size_t at = 0;
    while (at < text.size()) {
        const size_t tab = text.find('\t', at), end = text.find('\n', at);
        if (tab == std::string::npos || end == std::string::npos || tab > end)
            throw Error("a report's stored figures are damaged");
        out[text.substr(at, tab - at)] = std::strtod(text.c_str() + tab + 1, nullptr);
        at = end + 1;
    }
    return out;
}

void insert_findings(Database& db, int number, const std::vector<Finding>& findings) {
    SqlRows rows(14);
    int64_t position = 0;
    for (const auto& f : findings)
        rows.add({SqlValue::of(int64_t{number}), SqlValue::of(position++),
                  SqlValue::of(f.kind), SqlValue::of(std::string(to_string(f.severity))),
                  SqlValue::of(f.feed), SqlValue::of(f.indicator), SqlValue::of(f.area),
                  SqlValue::of(f.breakdown), SqlValue::of(f.period), SqlValue::of(f.message),
                  SqlValue::of(f.expected), SqlValue::of(f.actual), SqlValue::of(f.news),
                  SqlValue::of(int64_t{f.since})});
    db.bulk_insert("report_findings",
                   {"number", "position", "kind", "severity", "feed", "indicator", "area",
                    "breakdown", "period", "message", "expected", "actual", "news", "since"},
                   rows);
}

std::string in_list(const std::vector<std::string>& shas) {
    // SHA-256 hex strings are [0-9a-f]: safe to inline, and far simpler than binding a list.
    std::string out = "(";
    for (size_t i = 0; i < shas.size(); ++i) {
        for (char c : shas[i])
            if (!std::isxdigit(static_cast<unsigned char>(c)))
                throw Error("invalid SHA-256 in store query: " + shas[i]);
        out += (i ? ",'" : "'") + shas[i] + "'";
    }
    return out + ")";
}

// A submission's columns, in the order `submission_of` reads them.
constexpr const char* kSubmissionColumns =
    "SELECT sha256, file, partner, feed, bytes, received_at, reference_date, rejected, error,"
    " sequence, rows, period_end FROM submissions";

// The submission of a row of kSubmissionColumns.
StoredSubmission submission_of(const Statement& select) {
    StoredSubmission s;
    s.sha256 = select.text(0);
    s.file = select.text(1);
    s.partner = select.text(2);
    s.feed = select.text(3);
    s.bytes = static_cast<uint64_t>(select.integer(4));
    s.received_at = select.text(5);
    s.reference_date = Date::parse_iso(select.text(6));
    s.rejected = select.integer(7) != 0;
    s.error = select.text(8);
    s.sequence = select.integer(9);
    s.rows = static_cast<uint64_t>(select.integer(10));
    if (!select.is_null(11)) s.period_end = Date(static_cast<int32_t>(select.integer(11)));
    return s;
}

// Rows given to one statement as its own VALUES: 500 rows of up to 11 values stay far below
// either database's limit on parameters (SQLite 32,766, PostgreSQL 65,535).
constexpr size_t kRowsPerStatement = 500;

// `n` copies of `group`, separated by commas: the rows of a VALUES list, the marks of IN ().
std::string repeated(std::string_view group, size_t n) {
    std::string out;
    for (size_t i = 0; i < n; ++i) (out += i ? "," : "") += group;
    return out;
}

// Binds rows `at` .. `at + n` of `rows`, one after the other, to `statement`'s parameters.
void bind_rows(Statement& statement, const SqlRows& rows, size_t at, size_t n) {
    int param = 1;
    for (size_t i = at; i < at + n; ++i)
        for (size_t c = 0; c < rows.width(); ++c) bind_value(statement, param++, rows.row(i)[c]);
}

// The sizes of the chunks that `count` rows are given in, one statement each: whole chunks of
// 500, whose statement is kept (a cumulative workbook gives thousands of rows a file). SQLite,
// where a statement costs no round trip, takes the rest in kept chunks of 50, 5 and 1; a
// server takes it in one statement of its own, a round trip being dearer than preparing.
std::vector<size_t> chunk_sizes(size_t count, Dialect dialect) {
    std::vector<size_t> sizes;
    for (; count >= kRowsPerStatement; count -= kRowsPerStatement)
        sizes.push_back(kRowsPerStatement);
    if (dialect != Dialect::sqlite) {
        if (count > 0) sizes.push_back(count);
        return sizes;
    }
    for (const size_t size : {size_t{50}, size_t{5}, size_t{1}})
        for (; count >= size; count -= size) sizes.push_back(size);
    return sizes;
}

// Whether a chunk of `n` rows has a kept statement: every size of chunk_sizes on SQLite, only
// the whole chunks on a server, whose rest is of any size and parsed there on every call
// anyway (a kept one would only hold its values).
bool kept_chunk(size_t n, Dialect dialect) {
    return dialect == Dialect::sqlite || n == kRowsPerStatement;
}

// Calls `body(at, n)` for each chunk of `count` rows (see chunk_sizes).
template <class Body>
void in_chunks(size_t count, Dialect dialect, Body&& body) {
    size_t at = 0;
    for (const size_t n : chunk_sizes(count, dialect)) {
        body(at, n);
        at += n;
    }
}

// A fact's latest value while a file is stored, and the month pack it is kept in.
struct LatestFact {
    LatestValue latest;
    int64_t month = 0;  ///< latest_month of the fact's first day
};

// The same error with what the store was doing said first; an unreachable server stays one, so
// that a caller can wait it out.
[[noreturn]] void rethrow_as(const std::string& context, const Error& e) {
    if (dynamic_cast<const StoreUnavailableError*>(&e))
        throw StoreUnavailableError(context + e.what());
    throw OutputError(context + e.what());
}

}  // namespace

// `key TAB value` a line, deflated: read whole by the next report only.
std::string pack_figures(const std::map<std::string, double>& values) {
    std::string text;
    char number[32];
    for (const auto& [key, value] : values) {
        std::snprintf(number, sizeof number, "%.17g", value);
        text.append(key).append("\t").append(number).append("\n");
    }
    return deflate_text(text);
}

Store::Store(const StoreLocation& where) : where_(where) {
    try {
        db_ = Database::open(where);
        const bool sqlite = db_->dialect() == Dialect::sqlite;
        // A migration copies an old state's facts through temporary tables and journals, and
        // VACUUM copies the whole store: through files, which memory would have to hold.
        if (sqlite) db_->exec("PRAGMA temp_store=FILE");
        if (ensure_schema(*db_) && sqlite) {
            // The space the old layout took goes back to the disk; a state too big to copy
            // once more stays as it is, migrated all the same.
            try {
                db_->exec("VACUUM");
            } catch (const Error& e) {
                spdlog::warn("store migrated; reclaiming its space failed: {}", e.what());
            }
            spdlog::info("store in {} migrated to schema version {}", where.state_dir,
                         kSchemaVersion);
        }
        if (sqlite) db_->exec("PRAGMA temp_store=MEMORY");
    } catch (const ConfigError&) {
        throw;
    } catch (const Error& e) {
        rethrow_as("cannot open the store" +
                       (where.url.empty() ? " in " + where.state_dir : std::string()) + ": ",
                   e);
    }
}

Store::Store(const std::string& state_dir) : Store(StoreLocation{state_dir, "", ""}) {}

Store::~Store() = default;

Dialect Store::dialect() const { return db_->dialect(); }

Database& Store::database() const { return *db_; }

void Store::checkpoint_in_background() { db_->checkpoint_in_background(); }

void Store::wait_for_checkpoint() { db_->wait_for_checkpoint(); }

void Store::keep_files(const std::string& name, const std::string& state_dir) {
    namespace fs = std::filesystem;
    if (db_->dialect() == Dialect::sqlite) return;
    const fs::path root = fs::path(state_dir) / name;
    // A folder (templates, catalogue) is looked up first: read whole to be kept, it is kept
    // once. A single file (a submission's bytes, the rules) goes in straight: ON CONFLICT
    // keeps it once, and a lookup would cost as much.
    if (fs::is_directory(root)) {
        auto known = db_->prepare("SELECT COUNT(*) FROM kept_files WHERE name = ? OR"
                                  " substr(name, 1, ?) = ?");
        known->bind(1, name);
        known->bind(2, static_cast<int64_t>(name.size() + 1));
        known->bind(3, name + "/");
        if (known->next() && known->integer(0) > 0) return;
    }
    std::vector<std::pair<std::string, fs::path>> files;
    if (fs::is_directory(root)) {
        for (const auto& e : fs::recursive_directory_iterator(root))
            if (e.is_regular_file())
                files.emplace_back(name + "/" + fs::relative(e.path(), root).generic_string(), e.path());
    } else {
        files.emplace_back(name, root);
    }
    std::vector<std::pair<std::string, std::string>> rows;
    for (const auto& [kept, path] : files) {
        std::ifstream in(path, std::ios::binary);
        if (!in) throw OutputError("cannot keep " + path.string() + " in the store: cannot read it");
        std::stringstream bytes;
        bytes << in.rdbuf();
        rows.emplace_back(kept, deflated_for_keeping(bytes.str()));
    }
    insert_kept(name, rows);
}

std::string Store::deflated_for_keeping(std::string_view bytes) {
    return deflate_text(bytes, kKeptLevel);
}

void Store::keep_deflated(const std::vector<std::pair<std::string, std::string>>& files) {
    if (!keeps_files() || files.empty()) return;
    insert_kept(files.size() == 1 ? files.front().first : std::to_string(files.size()) + " files",
                files);
}

void Store::insert_kept(const std::string& name,
                        const std::vector<std::pair<std::string, std::string>>& files) {
    // Several files a statement: a round trip each would cost more than sending them.
    constexpr size_t kFilesPerStatement = 64;
    try {
        in_transaction(*db_, [&] {
            for (size_t at = 0; at < files.size(); at += kFilesPerStatement) {
                const size_t n = std::min(kFilesPerStatement, files.size() - at);
                // Another instance may have kept the same bytes under the same name meanwhile.
                auto insert = db_->prepare("INSERT INTO kept_files (name, bytes, deflated) VALUES " +
                                           repeated("(?, ?, 1)", n) + " ON CONFLICT (name) DO NOTHING");
                int param = 1;
                for (size_t i = at; i < at + n; ++i) {
                    insert->bind(param++, files[i].first);
                    insert->bind_blob(param++, files[i].second);
                }
                insert->execute();
            }
        }, durable_);
    } catch (const Error& e) {
        rethrow_as("cannot keep " + name + " in the store: ", e);
    }
}

bool Store::bring_kept(const std::string& name, const std::string& state_dir) const {
    namespace fs = std::filesystem;
    const fs::path target = fs::path(state_dir) / name;
    if (fs::exists(target)) return true;
    if (db_->dialect() == Dialect::sqlite) return false;
    auto select = db_->prepare("SELECT name, bytes, deflated FROM kept_files WHERE name = ? OR"
                               " substr(name, 1, ?) = ? ORDER BY name");
    const auto bytes_of = [&] {
        return select->integer(2) != 0 ? inflate_text(select->blob(1)) : select->blob(1);
    };
    select->bind(1, name);
    select->bind(2, static_cast<int64_t>(name.size() + 1));
    select->bind(3, name + "/");
    // Built beside, then renamed: a folder is there whole or not at all.
    const fs::path building = fs::path(state_dir) / (name + ".bringing");
    fs::remove_all(building);
    bool any = false, folder = false;
    while (select->next()) {
        const std::string kept = select->text(0);
        any = true;
        if (kept == name) {
            fs::create_directories(target.parent_path());
            write_file_atomically(target.string(), bytes_of());
            return true;
        }
        folder = true;
        const fs::path file = building / kept.substr(name.size() + 1);
        fs::create_directories(file.parent_path());
        std::ofstream out(file, std::ios::binary);
        out << bytes_of();
        if (!out) throw OutputError("cannot write " + file.string());
    }
    if (folder) {
        std::error_code ec;
        fs::rename(building, target, ec);
        if (ec && !fs::exists(target))
            throw OutputError("cannot bring " + name + " from the store: " + ec.message());
        fs::remove_all(building);
    }
    return any;
}

void Store::hold_run_lock() {
    // A session lock: the server drops it with the connection when a run's process dies.
    // The key spells "sitrep r" in ASCII.
    if (db_->dialect() == Dialect::postgres) db_->exec("SELECT pg_advisory_lock(8316571807934441586)");
}

std::set<std::string> Store::received(const std::vector<std::string>& shas) const {
    std::set<std::string> out;
    if (shas.empty()) return out;
    auto select = db_->prepare("SELECT sha256 FROM submissions WHERE sha256 IN " + in_list(shas));
    while (select->next()) out.insert(select->text(0));
    return out;
}

std::optional<StoredSubmission> Store::find(const std::string& sha256) const {
    auto found = select_submissions("sha256 = ?", 0, sha256);
    if (found.empty()) return std::nullopt;
    return found.front();
}

std::map<std::string, StoredSubmission> Store::find_all(
    const std::vector<std::string>& sha256s) const {
    std::map<std::string, StoredSubmission> out;
    if (sha256s.empty()) return out;
    // A statement of its own, not a kept one: unlike `find`, no thread asks beside the caller.
    auto select =
        db_->prepare(std::string(kSubmissionColumns) + " WHERE sha256 IN " + in_list(sha256s));
    while (select->next()) {
        StoredSubmission s = submission_of(*select);
        out.emplace(s.sha256, std::move(s));
    }
    return out;
}

void Store::add(StoredSubmission& s, const std::vector<Observation>& facts,
                const std::vector<SituationNote>& notes) {
    try {
        in_transaction(*db_, [&] {
            s.period_end.reset();
            for (const auto& f : facts)
                if (!s.period_end || f.to > *s.period_end) s.period_end = f.to;
            // The next sequence found and taken in one statement (one round trip on a server);
            // the transaction's write lock keeps it unique.
            std::string sql =
                "INSERT INTO submissions (sha256, file, partner, feed, bytes, received_at,"
                " reference_date, rejected, error, rows, period_end, sequence)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,"
                " (SELECT COALESCE(MAX(sequence), 0) + 1 FROM submissions)) RETURNING sequence";
            // On a server the receipt goes in with it, a round trip less for every file
            // (SQLite has no INSERT inside WITH).
            const bool with_receipt = db_->dialect() == Dialect::postgres;
            if (with_receipt)
                sql = "WITH submitted AS (" + sql + "), received AS (INSERT INTO receipts"
                      " (file, sha256, received_at) VALUES (?,?,?)) SELECT sequence FROM submitted";
            // Kept: a run stores a score of files, and preparing this cost as much as running it.
            Statement& insert = db_->kept(sql);
            insert.bind(1, s.sha256);
            insert.bind(2, s.file);
            insert.bind(3, s.partner);
            insert.bind(4, s.feed);
            insert.bind(5, static_cast<int64_t>(s.bytes));
            insert.bind(6, s.received_at);
            insert.bind(7, s.reference_date ? s.reference_date->iso() : std::string());
            insert.bind(8, int64_t{s.rejected ? 1 : 0});
            insert.bind(9, s.error);
            insert.bind(10, static_cast<int64_t>(s.rows));
            if (s.period_end) insert.bind(11, int64_t{s.period_end->days()});
            else insert.bind_null(11);
            if (with_receipt) {
                insert.bind(12, s.file);
                insert.bind(13, s.sha256);
                insert.bind(14, s.received_at);
            }
            if (!insert.next()) throw OutputError("the store gave no sequence for " + s.file);
            s.sequence = insert.integer(0);
            // Done, not left pending: SQLite refuses to commit while a write statement is under
            // way ("SQL statements in progress"), and a kept one would be until its next use.
            insert.reset();
            if (!with_receipt) {
                Statement& receipt =
                    db_->kept("INSERT INTO receipts (file, sha256, received_at) VALUES (?,?,?)");
                receipt.bind(1, s.file);
                receipt.bind(2, s.sha256);
                receipt.bind(3, s.received_at);
                receipt.execute();
            }
            add_facts(s, facts);
            SqlRows rows(7);
            for (const auto& n : notes)
                rows.add({SqlValue::of(s.sha256), SqlValue::of(n.domain),
                          SqlValue::of(n.lang), SqlValue::of(n.source),
                          SqlValue::of(n.date), SqlValue::of(n.title),
                          SqlValue::of(n.body)});
            db_->bulk_insert("notes", {"sha256", "domain", "lang", "source", "date", "title", "body"},
                             rows);
        }, durable_);
    } catch (const Error& e) {
        rethrow_as("cannot store submission " + s.file + ": ", e);
    }
}

void Store::add_facts(const StoredSubmission& s, const std::vector<Observation>& facts) {
    // What reconciliation reads: every submission has its pack, empty when it has no facts, so
    // that a submission without one is a state's from before packs (read from the rows).
    SubmissionPacks packs;
    if (facts.empty()) {
        packs.insert(*db_, s.sequence);
        return;
    }
    // The packs hold what the rows give back, so that a fact reads the same either way: a
    // server's text, SQLite's reals. Copied only where the database changes something.
    const bool server = db_->dialect() != Dialect::sqlite;
    const auto pack = [&](uint32_t position, int64_t repeat_of, const Observation& f,
                          const std::string& breakdown) {
        const double value = db_->stored_real(f.value);
        if (!server && std::signbit(value) == std::signbit(f.value)) {
            packs.add(position, repeat_of, f, breakdown);
            return;
        }
        Observation stored = f;
        stored.value = value;
        if (server)
            for (std::string* text : {&stored.indicator, &stored.area, &stored.location})
                *text = db_->stored_text(*text);
        packs.add(position, repeat_of, stored, server ? db_->stored_text(breakdown) : breakdown);
    };
    // The latest value of each fact this feed's partner gave, kept a pack per month of the
    // facts' first days: the months this file gives are read and written back whole, a few
    // rows where a cumulative workbook gives thousands of facts (as a row each, looking them
    // up and rewriting them took 30 of a year-end Monday's 45 ms of storing), and a daily
    // file reads its month only, not what the feed gave all year.
    std::unordered_map<std::string, LatestFact> latest;
    std::set<int64_t> months;
    for (const auto& f : facts) months.insert(latest_month(f.from));
    // A feed's first file from this partner repeats nothing: no month to read.
    // Once known, a feed stays known (its latest values are replaced, never removed): asked
    // once per store object. Wrongly thought known after a rollback, it costs a lookup only.
    const std::string feed_key = s.feed + '\x1f' + s.partner;
    bool known_feed = known_feeds_.count(feed_key) > 0;
    if (!known_feed && new_feeds_.count(feed_key) == 0) {
        Statement& any = db_->kept("SELECT COUNT(*) FROM (SELECT 1 FROM latest_packs"
                                   " WHERE feed = ? AND partner = ? LIMIT 1) AS one");
        any.bind(1, s.feed);
        any.bind(2, s.partner);
        known_feed = any.next() && any.integer(0) > 0;
        any.reset();
    }
    known_feeds_.insert(feed_key);
    if (known_feed) {
        const std::vector<int64_t> wanted(months.begin(), months.end());
        in_chunks(wanted.size(), db_->dialect(), [&](size_t at, size_t n) {
            std::unique_ptr<Statement> once;
            Statement& select = chunk_statement(
                "SELECT month, pack FROM latest_packs WHERE feed = ? AND partner = ?"
                " AND month IN (" + repeated("?", n) + ")",
                n, once);
            select.bind(1, s.feed);
            select.bind(2, s.partner);
            for (size_t i = 0; i < n; ++i)
                select.bind(static_cast<int>(i) + 3, wanted[at + i]);
            while (select.next()) {
                const int64_t month = select.integer(0);
                const std::string what = s.feed + " from " + s.partner + ", month " +
                                         std::to_string(month);
                // A damaged pack is rewritten with what this file gives: its facts count as
                // new (read every run, same figures) instead of the run stopping.
                std::vector<std::pair<std::string, LatestValue>> values;
                try {
                    values = unpack_latest_values(select.blob(1), what);
                } catch (const Error& e) {
                    spdlog::warn("{}: its facts are taken as new", e.what());
                }
                for (auto& [key, v] : values)
                    latest.try_emplace(std::move(key), LatestFact{v, month});
            }
        });
    }
    latest.reserve(latest.size() + facts.size());
    // The rows borrow their text from `facts` and `breakdowns` (never reallocated: reserved
    // whole), which outlive the insert: a workbook's thousands of facts are not copied twice.
    std::vector<std::string> breakdowns;
    breakdowns.reserve(facts.size());
    SqlRows rows(11);
    rows.reserve(facts.size());
    for (const auto& f : facts) {
        const std::string& breakdown = breakdowns.emplace_back(breakdown_key(f.breakdown));
        const int64_t reported = f.reported ? 1 : 0;
        auto [it, fresh] = latest.try_emplace(fact_key(f, breakdown));
        LatestValue& last = it->second.latest;
        const bool repeats_previous =
            !fresh && last.value == f.value && last.reported == f.reported;
        rows.add({SqlValue::of(s.sequence), SqlValue::borrowing(f.indicator),
                  SqlValue::borrowing(f.area), SqlValue::of(int64_t{f.from.days()}),
                  SqlValue::of(int64_t{f.to.days()}), SqlValue::borrowing(breakdown),
                  SqlValue::of(f.value), SqlValue::of(int64_t{static_cast<int>(f.unit)}),
                  SqlValue::borrowing(f.location), SqlValue::of(reported),
                  repeats_previous ? SqlValue::of(last.submission) : SqlValue::none()});
        const auto position = static_cast<uint32_t>(breakdowns.size() - 1);
        pack(position, repeats_previous ? last.submission : 0, f, breakdown);
        it->second = {{s.sequence, f.value, f.reported}, latest_month(f.from)};
    }
    packs.insert(*db_, s.sequence);
    db_->bulk_insert("observations",
                     {"submission", "indicator", "area", "from_day", "to_day", "breakdown",
                      "value", "unit", "location", "reported", "repeat_of"},
                     rows);
    // Each month this file gives, with what the feed gave before in it.
    std::map<int64_t, std::vector<std::pair<std::string, LatestValue>>> by_month;
    for (auto& [key, l] : latest) by_month[l.month].emplace_back(key, l.latest);
    SqlRows written(4);
    for (auto& [month, values] : by_month) {
        written.add({SqlValue::borrowing(s.feed), SqlValue::borrowing(s.partner),
                     SqlValue::of(month), SqlValue::blob_of(pack_latest_values(std::move(values)))});
    }
    in_chunks(written.size(), db_->dialect(), [&](size_t at, size_t n) {
        std::unique_ptr<Statement> once;
        Statement& upsert = chunk_statement(
            "INSERT INTO latest_packs (feed, partner, month, pack) VALUES " +
                repeated("(?, ?, ?, ?)", n) +
                " ON CONFLICT (feed, partner, month) DO UPDATE SET pack = excluded.pack",
            n, once);
        bind_rows(upsert, written, at, n);
        upsert.execute();
    });
}

void Store::ask_feeds(const std::vector<std::pair<std::string, std::string>>& feeds) {
    std::set<std::pair<std::string, std::string>> asked;
    for (const auto& f : feeds)
        if (!known_feeds_.count(f.first + '\x1f' + f.second)) asked.insert(f);
    if (asked.empty()) return;
    SqlRows pairs(2);
    for (const auto& [feed, partner] : asked)
        pairs.add({SqlValue::borrowing(feed), SqlValue::borrowing(partner)});
    std::set<std::pair<std::string, std::string>> known;
    in_chunks(pairs.size(), db_->dialect(), [&](size_t at, size_t n) {
        std::unique_ptr<Statement> once;
        Statement& select = chunk_statement(
            "SELECT v.column1, v.column2 FROM (VALUES " + repeated("(?, ?)", n) + ") AS v"
            " WHERE EXISTS (SELECT 1 FROM latest_packs l"
            " WHERE l.feed = v.column1 AND l.partner = v.column2)",
            n, once);
        bind_rows(select, pairs, at, n);
        while (select.next()) known.emplace(select.text(0), select.text(1));
    });
    for (const auto& f : asked)
        (known.count(f) ? known_feeds_ : new_feeds_).insert(f.first + '\x1f' + f.second);
}

std::vector<std::string> Store::received_as(const std::string& file) const {
    auto select = db_->prepare("SELECT DISTINCT sha256 FROM receipts WHERE file = ?");
    select->bind(1, file);
    std::vector<std::string> out;
    while (select->next()) out.push_back(select->text(0));
    return out;
}

std::vector<std::string> Store::received_as(const std::string& file, const std::string& partner) const {
    auto select = db_->prepare("SELECT DISTINCT r.sha256 FROM receipts r JOIN submissions s "
                               "ON s.sha256 = r.sha256 WHERE r.file = ? AND s.partner = ?");
    select->bind(1, file);
    select->bind(2, partner);
    std::vector<std::string> out;
    while (select->next()) out.push_back(select->text(0));
    return out;
}

void Store::add_receipt(const Receipt& r) {
    try {
        auto insert = db_->prepare("INSERT INTO receipts (file, sha256, received_at) VALUES (?,?,?)"
                                   " ON CONFLICT DO NOTHING");
        insert->bind(1, r.file);
        insert->bind(2, r.sha256);
        insert->bind(3, r.received_at);
        insert->execute();
    } catch (const Error& e) {
        rethrow_as("cannot store receipt of " + r.file + ": ", e);
    }
}

std::optional<InboxEntry> Store::inbox_entry(const std::string& path) const {
    std::lock_guard<std::mutex> lock(shared_statements_);
    Statement& select = db_->kept("SELECT size, mtime_ns, sha256 FROM inbox_files WHERE path = ?");
    select.bind(1, path);
    if (!select.next()) return std::nullopt;
    InboxEntry out{path, static_cast<uint64_t>(select.integer(0)), select.integer(1),
                   select.text(2)};
    select.reset();
    return out;
}

void Store::remember_inbox_entry(const InboxEntry& e) {
    try {
        auto upsert = db_->prepare("INSERT INTO inbox_files (path, size, mtime_ns, sha256)"
                                   " VALUES (?,?,?,?) ON CONFLICT (path) DO UPDATE SET"
                                   " size = excluded.size, mtime_ns = excluded.mtime_ns,"
                                   " sha256 = excluded.sha256");
        upsert->bind(1, e.path);
        upsert->bind(2, static_cast<int64_t>(e.size));
        upsert->bind(3, e.mtime_ns);
        upsert->bind(4, e.sha256);
        upsert->execute();
    } catch (const Error& ex) {
        rethrow_as("cannot remember inbox file " + e.path + ": ", ex);
    }
}

std::map<std::string, InboxEntry> Store::inbox_entries(const std::vector<std::string>& paths) const {
    std::map<std::string, InboxEntry> out;
    in_chunks(paths.size(), db_->dialect(), [&](size_t at, size_t n) {
        std::unique_ptr<Statement> once;
        Statement& select = chunk_statement(
            "SELECT path, size, mtime_ns, sha256 FROM inbox_files"
            " WHERE path IN (" + repeated("?", n) + ")",
            n, once);
        for (size_t i = 0; i < n; ++i) select.bind(static_cast<int>(i) + 1, paths[at + i]);
        while (select.next())
            out[select.text(0)] = {select.text(0), static_cast<uint64_t>(select.integer(1)),
                                    select.integer(2), select.text(3)};
    });
    return out;
}

void Store::remember_inbox_entries(const std::vector<InboxEntry>& entries) {
    try {
        in_chunks(entries.size(), db_->dialect(), [&](size_t at, size_t n) {
            std::unique_ptr<Statement> once;
            Statement& upsert = chunk_statement(
                "INSERT INTO inbox_files (path, size, mtime_ns, sha256)"
                " VALUES " + repeated("(?,?,?,?)", n) +
                " ON CONFLICT (path) DO UPDATE SET"
                " size = excluded.size, mtime_ns = excluded.mtime_ns,"
                " sha256 = excluded.sha256",
                n, once);
            int param = 1;
            for (size_t i = at; i < at + n; ++i) {
                upsert.bind(param++, entries[i].path);
                upsert.bind(param++, static_cast<int64_t>(entries[i].size));
                upsert.bind(param++, entries[i].mtime_ns);
                upsert.bind(param++, entries[i].sha256);
            }
            upsert.execute();
        });
    } catch (const Error& ex) {
        rethrow_as("cannot remember " + std::to_string(entries.size()) + " inbox files: ", ex);
    }
}

std::vector<InboxEntry> Store::inbox_entries() const {
    auto select = db_->prepare("SELECT path, size, mtime_ns, sha256 FROM inbox_files ORDER BY path");
    std::vector<InboxEntry> out;
    while (select->next())
        out.push_back({select->text(0), static_cast<uint64_t>(select->integer(1)),
                       select->integer(2), select->text(3)});
    return out;
}

void Store::record_inbox_move(const InboxMove& m) {
    try {
        in_transaction(*db_, [&] {
            auto insert = db_->prepare("INSERT INTO inbox_moves (file, sha256, from_path, to_path,"
                                       " moved_at, report) VALUES (?,?,?,?,?,?)");
            insert->bind(1, m.file);
            insert->bind(2, m.sha256);
            insert->bind(3, m.from);
            insert->bind(4, m.to);
            insert->bind(5, m.moved_at);
            insert->bind(6, int64_t{m.report});
            insert->execute();
            // A file that comes later under the same path is read afresh.
            auto forget = db_->prepare("DELETE FROM inbox_files WHERE path = ?");
            forget->bind(1, m.from);
            forget->execute();
        }, durable_);
    } catch (const Error& e) {
        rethrow_as("cannot record that " + m.from + " left the inbox: ", e);
    }
}

std::vector<InboxMove> Store::inbox_moves() const {
    auto select = db_->prepare("SELECT file, sha256, from_path, to_path, moved_at, report"
                               " FROM inbox_moves ORDER BY id");
    std::vector<InboxMove> out;
    while (select->next())
        out.push_back({select->text(0), select->text(1), select->text(2), select->text(3),
                       select->text(4), static_cast<int>(select->integer(5))});
    return out;
}

Statement& Store::chunk_statement(const std::string& sql, size_t rows,
                                  std::unique_ptr<Statement>& once) const {
    if (kept_chunk(rows, db_->dialect())) return db_->kept(sql);
    once = db_->prepare(sql);
    return *once;
}

std::vector<StoredSubmission> Store::select_submissions(const std::string& where,
                                                        int64_t max_sequence,
                                                        const std::string& sha256) const {
    // Kept: on SQLite `find` runs once per inbox file, and preparing costs more than the lookup.
    std::lock_guard<std::mutex> lock(shared_statements_);
    Statement& select = db_->kept(std::string(kSubmissionColumns) + " WHERE " + where +
                                  " ORDER BY sequence");
    if (where.find("sequence <= ?") != std::string::npos) select.bind(1, max_sequence);
    if (where.find("sha256 = ?") != std::string::npos) select.bind(1, sha256);
    std::vector<StoredSubmission> out;
    while (select.next()) out.push_back(submission_of(select));
    select.reset();
    return out;
}

std::vector<StoredSubmission> Store::submissions(int64_t max_sequence) const {
    return select_submissions("sequence <= ?", max_sequence, "");
}

std::vector<Receipt> Store::receipts(int64_t max_receipt) const {
    auto select = db_->prepare("SELECT file, sha256, received_at, id FROM receipts WHERE id <= ?"
                               " ORDER BY id");
    select->bind(1, max_receipt);
    std::vector<Receipt> out;
    while (select->next())
        out.push_back({select->text(0), select->text(1), select->text(2), select->integer(3)});
    return out;
}

std::vector<StoredObservation> Store::observations(const std::vector<std::string>& shas,
                                                   const RepeatFilter& repeats) const {
    std::vector<StoredObservation> out;
    if (shas.empty()) return out;
    // The submissions by sequence first: the facts then name theirs by its integer key, with
    // no join and no SHA-256 copied from the database per fact.
    struct Known {
        std::string sha256, file;
        bool kept_feed = false;  // a feed whose files add up: every repeat counts
    };
    std::map<int64_t, Known> known;
    {
        // Every submission, those not asked for left out here: a year's 440 hashes inlined in
        // the statement cost SQLite more to parse than all its rows to read.
        const std::unordered_set<std::string_view> asked(shas.begin(), shas.end());
        auto select = db_->prepare("SELECT sequence, sha256, feed, file FROM submissions");
        while (select->next()) {
            std::string sha = select->text(1);
            if (!asked.count(sha)) continue;
            const int64_t seq = select->integer(0);
            const std::string feed = select->text(2);
            known[seq] = {std::move(sha), select->text(3),
                          std::find(repeats.keep_feeds.begin(), repeats.keep_feeds.end(),
                                    feed) != repeats.keep_feeds.end()};
        }
    }
    if (known.empty()) return out;
    const std::set<int64_t> replaced(repeats.not_in_use.begin(), repeats.not_in_use.end());
    // Which repeats count: all of them unless asked to skip; else those of a feed whose files
    // add up, and those whose earlier fact is in a replaced submission.
    const auto counts = [&](int64_t submission, int64_t repeat_of) {
        return !repeats.skip_repeats || known.at(submission).kept_feed ||
               replaced.count(repeat_of) > 0;
    };
    const auto named = [&](int64_t submission) {
        const Known& k = known.at(submission);
        return "submission " + std::to_string(submission) + " (" + k.file + ", " + k.sha256 + ")";
    };
    std::set<int64_t> from_rows;
    for (const auto& [seq, k] : known) from_rows.insert(seq);
    // A pack that cannot be read leaves its submission to its rows, which are intact: the run
    // goes on, and says so.
    const auto damaged = [&](int64_t submission, const std::string& why) {
        spdlog::warn("{}: its facts are read from their rows", why);
        from_rows.insert(submission);
    };
    struct Pack {
        int64_t submission = 0;
        std::string first_given, repeats;
    };
    std::vector<Pack> packs;
    std::map<int64_t, size_t> pack_of;
    std::string with_repeats;
    {
        // All packs, for the same reason: those of submissions not asked for are skipped
        // before their facts are read.
        auto select = db_->prepare("SELECT submission, repeated, first_given FROM fact_packs");
        while (select->next()) {
            const int64_t submission = select->integer(0);
            if (!known.count(submission)) continue;
            from_rows.erase(submission);
            bool wanted = !repeats.skip_repeats || known.at(submission).kept_feed;
            try {
                for (const int64_t seq : parse_sequence_list(select->text(1), named(submission)))
                    wanted = wanted || replaced.count(seq) > 0;
            } catch (const Error& e) {
                damaged(submission, e.what());
                continue;
            }
            pack_of[submission] = packs.size();
            packs.push_back({submission, select->blob(2), {}});
            if (!wanted) continue;
            if (!with_repeats.empty()) with_repeats.push_back(',');
            with_repeats.append(std::to_string(submission));
        }
    }
    if (!with_repeats.empty()) {
        auto select = db_->prepare("SELECT submission, repeats FROM fact_packs"
                                   " WHERE submission IN (" + with_repeats + ")");
        while (select->next()) packs[pack_of.at(select->integer(0))].repeats = select->blob(1);
    }
    // Each pack's facts that count, in their places' order (the order stored), unpacked in two
    // halves at once: a year's packs are 440, most of their cost the facts' text. They stay
    // per pack until moved once into `out`, sized for them all: gathered in growing vectors,
    // then in one more, a year's facts faulted in 2,400 fresh pages here, now 1,750.
    struct Unpacked {
        std::vector<PackedFact> facts;
        std::optional<std::string> damaged;  // why the pack cannot be read, if it cannot
    };
    std::vector<Unpacked> unpacked(packs.size());
    const auto unpack = [&](size_t begin, size_t end) {
        const auto by_place = [](const PackedFact& a, const PackedFact& b) {
            return a.position < b.position;
        };
        for (size_t i = begin; i < end; ++i) {
            const Pack& pack = packs[i];
            Unpacked& u = unpacked[i];
            try {
                u.facts = unpack_facts(pack.first_given, named(pack.submission));
                auto more = unpack_deflated_facts(pack.repeats, named(pack.submission));
                const auto skipped = [&](const PackedFact& p) {
                    return p.repeat_of != 0 && !counts(pack.submission, p.repeat_of);
                };
                std::erase_if(u.facts, skipped);
                std::erase_if(more, skipped);
                const auto middle = static_cast<std::ptrdiff_t>(u.facts.size());
                u.facts.insert(u.facts.end(), std::make_move_iterator(more.begin()),
                               std::make_move_iterator(more.end()));
                // Both parts are packed in place order; sorted should one not be, and stable
                // should a place repeat.
                for (auto [from, to] : {std::pair{u.facts.begin(), u.facts.begin() + middle},
                                        std::pair{u.facts.begin() + middle, u.facts.end()}})
                    if (!std::is_sorted(from, to, by_place)) std::stable_sort(from, to, by_place);
                std::inplace_merge(u.facts.begin(), u.facts.begin() + middle, u.facts.end(),
                                   by_place);
            } catch (const Error& e) {
                u.facts.clear();
                u.damaged = e.what();
            }
        }
    };
    run_in_halves(packs.size(), 5, unpack);
    size_t count = 0;
    for (const auto& [submission, i] : pack_of) {
        if (unpacked[i].damaged) damaged(submission, *unpacked[i].damaged);
        count += unpacked[i].facts.size();
    }
    // Submissions stored without packs (by a sitrep of schema version 4 still running after
    // another upgraded the store) or whose pack is damaged: their rows, in the order stored.
    std::map<int64_t, std::vector<StoredObservation>> rows_of;
    if (!from_rows.empty()) {
        std::vector<std::string> missing;
        for (const int64_t seq : from_rows) missing.push_back(known.at(seq).sha256);
        spdlog::warn("{} submission(s) without readable packed facts: read from their rows",
                     missing.size());
        for (auto& row : observation_rows(missing, repeats)) {
            ++count;
            rows_of[row.submission].push_back(std::move(row));
        }
    }
    // In the order stored: by submission, then place. Each pack freed once moved, for what
    // reconciling makes next.
    out.reserve(count);
    auto rows = rows_of.begin();
    const auto rows_before = [&](int64_t submission) {
        for (; rows != rows_of.end() && rows->first < submission; ++rows)
            std::move(rows->second.begin(), rows->second.end(), std::back_inserter(out));
    };
    for (const auto& [submission, i] : pack_of) {
        rows_before(submission);
        if (unpacked[i].damaged) continue;
        for (auto& p : unpacked[i].facts) out.push_back({std::move(p.fact), submission});
        std::vector<PackedFact>().swap(unpacked[i].facts);
    }
    rows_before(std::numeric_limits<int64_t>::max());
    return out;
}

std::vector<StoredObservation> Store::observation_rows(const std::vector<std::string>& shas,
                                                       const RepeatFilter& repeats) const {
    std::vector<StoredObservation> out;
    if (shas.empty()) return out;
    // The submissions by sequence first: the facts then name theirs by its integer key, with
    // no join and no SHA-256 copied from the database per fact.
    std::string all, kept;
    {
        auto select = db_->prepare("SELECT sequence, feed FROM submissions"
                                   " WHERE sha256 IN " + in_list(shas));
        while (select->next()) {
            const int64_t seq = select->integer(0);
            const std::string feed = select->text(1);
            all += (all.empty() ? "" : ",") + std::to_string(seq);
            if (std::find(repeats.keep_feeds.begin(), repeats.keep_feeds.end(), feed) !=
                repeats.keep_feeds.end())
                kept += (kept.empty() ? "" : ",") + std::to_string(seq);
        }
    }
    if (all.empty()) return out;
    const std::string columns =
        "SELECT submission, indicator, area, from_day, to_day, breakdown, value, unit, location,"
        " reported, rowid FROM observations WHERE submission IN ";
    std::string sql = columns + "(" + all + ")";
    if (repeats.skip_repeats) {
        std::string replaced;
        for (const int64_t seq : repeats.not_in_use)
            replaced += (replaced.empty() ? "" : ",") + std::to_string(seq);
        sql = columns + "(" + all + ") AND repeat_of IS NULL";
        if (!replaced.empty())
            sql += " UNION ALL " + columns + "(" + all + ") AND repeat_of IN (" + replaced + ")";
        if (!kept.empty())
            sql += " UNION ALL " + columns + "(" + kept + ") AND repeat_of IS NOT NULL" +
                   (replaced.empty() ? "" : " AND repeat_of NOT IN (" + replaced + ")");
    }
    // In the order stored, sorted here: the database would sort whole rows in a temporary tree.
    std::vector<std::pair<int64_t, size_t>> order;
    std::vector<StoredObservation> read;
    auto select = db_->prepare(sql);
    while (select->next()) {
        Observation o{select->text(1),
                      select->text(2),
                      Date(static_cast<int32_t>(select->integer(3))),
                      Date(static_cast<int32_t>(select->integer(4))),
                      parse_breakdown_key(select->text(5)),
                      select->real(6),
                      static_cast<Unit>(select->integer(7)),
                      select->text(8),
                      select->integer(9) != 0};
        order.emplace_back(select->integer(10), read.size());
        read.push_back({std::move(o), select->integer(0)});
    }
    std::sort(order.begin(), order.end());
    out.reserve(read.size());
    for (const auto& [rowid, i] : order) out.push_back(std::move(read[i]));
    return out;
}

std::vector<SituationNote> Store::notes(const std::vector<std::string>& shas) const {
    std::vector<SituationNote> out;
    if (shas.empty()) return out;
    auto select = db_->prepare("SELECT domain, lang, source, date, title, body FROM notes"
                               " WHERE sha256 IN " + in_list(shas) + " ORDER BY date, source");
    while (select->next())
        out.push_back({select->text(0), select->text(1), select->text(2), select->text(3),
                       select->text(4), select->text(5)});
    return out;
}

int64_t Store::max_receipt() const {
    auto select = db_->prepare("SELECT MAX(id) FROM receipts");
    return select->next() && !select->is_null(0) ? select->integer(0) : 0;
}

int64_t Store::max_sequence() const {
    auto select = db_->prepare("SELECT MAX(sequence) FROM submissions");
    return select->next() && !select->is_null(0) ? select->integer(0) : 0;
}

int64_t Store::packed_fact_bytes() const {
    // Sizes only: neither SQLite nor PostgreSQL reads a blob to give its length.
    auto select = db_->prepare("SELECT SUM(LENGTH(first_given)) FROM fact_packs");
    return select->next() && !select->is_null(0) ? select->integer(0) : 0;
}

int Store::next_report_number(int first_number) const {
    auto select = db_->prepare("SELECT MAX(number) FROM reports");
    if (!select->next() || select->is_null(0)) return first_number;
    return std::max(static_cast<int>(select->integer(0)) + 1, first_number);
}

void Store::add_report(const StoredReport& r) {
    try {
        const std::string compressed =
            r.manifest_deflated.empty() ? deflate_text(r.manifest) : r.manifest_deflated;
        // The number is issued once this commit is on disk: wait for it, and with it for
        // every submission the report was built from.
        in_transaction(
            *db_,
            [&] {
                auto insert = db_->prepare(
                    "INSERT INTO reports (number, kind, issued_at, as_of, reason, max_sequence,"
                    " max_receipt, manifest, rendering, manifest_z, figures_z)"
                    " VALUES (?,?,?,?,?,?,?,'',?,?,?)");
                insert->bind(1, int64_t{r.number});
                insert->bind(2, r.kind);
                insert->bind(3, r.issued_at);
                insert->bind(4, r.as_of);
                insert->bind(5, r.reason);
                insert->bind(6, r.max_sequence);
                insert->bind(7, r.max_receipt);
                insert->bind(8, r.rendering);
                insert->bind_blob(9, compressed);
                insert->bind_blob(10, r.figures_packed.empty() ? pack_figures(r.figures)
                                                               : r.figures_packed);
                insert->execute();
                insert_findings(*db_, r.number, r.findings);
            },
            true);
    } catch (const Error& e) {
        rethrow_as("cannot record report " + std::to_string(r.number) + ": ", e);
    }
}

std::optional<PublishedFigures> Store::published_before(int number) const {
    auto report = db_->prepare("SELECT number, max_sequence, max_receipt, figures_z FROM reports"
                               " WHERE number < ? ORDER BY number DESC LIMIT 1");
    report->bind(1, int64_t{number});
    if (!report->next()) return std::nullopt;
    PublishedFigures out{static_cast<int>(report->integer(0)), report->integer(1),
                         report->integer(2), {}, {}};
    if (!report->is_null(3)) out.values = figures_from_blob(report->blob(3));
    auto findings = db_->prepare("SELECT kind, severity, feed, indicator, area, period, message,"
                                 " expected, actual, news, since, breakdown FROM report_findings"
                                 " WHERE number = ? ORDER BY position");
    findings->bind(1, int64_t{out.number});
    while (findings->next()) {
        Finding f;
        f.kind = findings->text(0);
        f.severity = severity_named(findings->text(1));
        f.feed = findings->text(2);
        f.indicator = findings->text(3);
        f.area = findings->text(4);
        f.period = findings->text(5);
        f.message = findings->text(6);
        f.expected = findings->real(7);
        f.actual = findings->real(8);
        f.news = findings->text(9);
        f.since = static_cast<int>(findings->integer(10));
        f.breakdown = findings->text(11);
        out.findings.push_back(std::move(f));
    }
    return out;
}

std::vector<int> Store::reports_without_figures() const {
    std::vector<int> out;
    if (!db_->has_table("report_figures_pending")) return out;
    auto select = db_->prepare("SELECT number FROM report_figures_pending ORDER BY number");
    while (select->next()) out.push_back(static_cast<int>(select->integer(0)));
    return out;
}

void Store::record_figures(int number, const std::map<std::string, double>& values,
                           const std::vector<Finding>& findings) {
    try {
        in_transaction(*db_, [&] {
            auto update = db_->prepare("UPDATE reports SET figures_z = ? WHERE number = ?");
            update->bind_blob(1, pack_figures(values));
            update->bind(2, int64_t{number});
            update->execute();
            auto forget = db_->prepare("DELETE FROM report_findings WHERE number = ?");
            forget->bind(1, int64_t{number});
            forget->execute();
            insert_findings(*db_, number, findings);
            auto done = db_->prepare("DELETE FROM report_figures_pending WHERE number = ?");
            done->bind(1, int64_t{number});
            done->execute();
        }, durable_);
    } catch (const Error& e) {
        rethrow_as("cannot record the figures of report " + std::to_string(number) +
                          ": ", e);
    }
}

std::optional<StoredReport> Store::report(int number) const {
    auto select = db_->prepare("SELECT number, kind, issued_at, as_of, reason, max_sequence,"
                               " max_receipt, rendering, manifest_z FROM reports WHERE number = ?");
    select->bind(1, int64_t{number});
    if (!select->next()) return std::nullopt;
    // Deflated since version 1; the migration deflated the manifests recorded before.
    std::string manifest;
    try {
        manifest = inflate_text(select->blob(8));
    } catch (const Error& e) {
        rethrow_as("report " + std::to_string(number) + ": its stored manifest: ", e);
    }
    return StoredReport{number,            select->text(1),     select->text(2),
                        select->text(3),   select->text(4),     select->integer(5),
                        select->integer(6), std::move(manifest), {},
                        {},                select->text(7),     {},
                        {}};
}

std::optional<Date> Store::first_report_as_of() const {
    auto select = db_->prepare("SELECT as_of FROM reports ORDER BY number LIMIT 1");
    if (!select->next()) return std::nullopt;
    return Date::parse_iso(select->text(0));
}

std::vector<ReportSummary> Store::report_summaries() const {
    // Only columns stored before the manifest: SQLite then never reads its overflow pages.
    auto select = db_->prepare("SELECT number, kind, issued_at, as_of, reason FROM reports"
                               " ORDER BY number");
    std::vector<ReportSummary> out;
    while (select->next())
        out.push_back({static_cast<int>(select->integer(0)), select->text(1), select->text(2),
                       select->text(3), select->text(4)});
    return out;
}

}  // namespace sitrep
