#include "pipeline/store/store.h"

#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/SQLite/Utility.h>
#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>
#include <Poco/File.h>
#include <Poco/Nullable.h>
#include <Poco/Path.h>

#include <sqlite3.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <mutex>

#include "pipeline/foundation/errors.h"
#include "pipeline/store/compressed_text.h"
#include "pipeline/store/sqlite_statement.h"
#include "pipeline/store/write_transaction.h"

using namespace Poco::Data::Keywords;

namespace sitrep {
namespace {

// A submission's facts name it by its sequence: a year holds a hundred thousand of them.
constexpr const char* kObservations =
    "CREATE TABLE IF NOT EXISTS observations ("
    " submission INTEGER NOT NULL REFERENCES submissions(sequence), indicator TEXT NOT NULL,"
    " area TEXT NOT NULL, from_day INTEGER NOT NULL, to_day INTEGER NOT NULL,"
    " breakdown TEXT NOT NULL, value REAL NOT NULL, unit INTEGER NOT NULL,"
    " location TEXT NOT NULL, reported INTEGER NOT NULL,"
    " repeat_of INTEGER)";

// Per feed, partner and fact (HXL is one feed of many partners), the submission that gave it
// last: a new fact with the same value repeats
// that one (Fedasil's weekly workbook repeats every day since March), and reconciliation need
// not read a repeat while the fact it repeats is in use.
constexpr const char* kLatestObservations =
    "CREATE TABLE IF NOT EXISTS latest_observations ("
    " feed TEXT NOT NULL, partner TEXT NOT NULL, indicator TEXT NOT NULL, area TEXT NOT NULL, from_day INTEGER NOT NULL,"
    " to_day INTEGER NOT NULL, breakdown TEXT NOT NULL, unit INTEGER NOT NULL,"
    " submission INTEGER NOT NULL, value REAL NOT NULL, reported INTEGER NOT NULL,"
    " PRIMARY KEY (feed, partner, indicator, area, from_day, to_day, breakdown, unit))"
    " WITHOUT ROWID";

constexpr const char* kSchema[] = {
    "CREATE TABLE IF NOT EXISTS submissions ("
    " sha256 TEXT PRIMARY KEY, file TEXT NOT NULL, partner TEXT NOT NULL, feed TEXT NOT NULL,"
    " bytes INTEGER NOT NULL, received_at TEXT NOT NULL, reference_date TEXT,"
    " rejected INTEGER NOT NULL, error TEXT NOT NULL, sequence INTEGER NOT NULL UNIQUE,"
    " rows INTEGER NOT NULL, period_end INTEGER)",
    "CREATE TABLE IF NOT EXISTS receipts ("
    " id INTEGER PRIMARY KEY AUTOINCREMENT, file TEXT NOT NULL, sha256 TEXT NOT NULL REFERENCES "
    "submissions(sha256),"
    " received_at TEXT NOT NULL, UNIQUE (file, sha256))",
    kObservations,
    "CREATE INDEX IF NOT EXISTS observations_by_submission ON observations(submission)",
    // Reconciliation reads the facts that repeat nothing, and the repeats of replaced files,
    // each through its own small index instead of every fact of every workbook.
    "CREATE INDEX IF NOT EXISTS observations_first_given ON observations(submission)"
    " WHERE repeat_of IS NULL",
    "CREATE INDEX IF NOT EXISTS observations_repeating ON observations(repeat_of)"
    " WHERE repeat_of IS NOT NULL",
    kLatestObservations,
    "CREATE TABLE IF NOT EXISTS notes ("
    " sha256 TEXT NOT NULL REFERENCES submissions(sha256), domain TEXT NOT NULL,"
    " lang TEXT NOT NULL, source TEXT NOT NULL, date TEXT NOT NULL, title TEXT NOT NULL,"
    " body TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS inbox_files ("
    " path TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL,"
    " sha256 TEXT NOT NULL REFERENCES submissions(sha256))",
    // Where processed inbox files went ([inbox] after_run), so that any past file can be found.
    "CREATE TABLE IF NOT EXISTS inbox_moves ("
    " id INTEGER PRIMARY KEY AUTOINCREMENT, file TEXT NOT NULL,"
    " sha256 TEXT NOT NULL REFERENCES submissions(sha256), from_path TEXT NOT NULL,"
    " to_path TEXT NOT NULL, moved_at TEXT NOT NULL, report INTEGER NOT NULL)",
    "CREATE TABLE IF NOT EXISTS reports ("
    " number INTEGER PRIMARY KEY, kind TEXT NOT NULL, issued_at TEXT NOT NULL,"
    " as_of TEXT NOT NULL, reason TEXT NOT NULL, max_sequence INTEGER NOT NULL,"
    // `manifest` is '' since version 1, which keeps it deflated in `manifest_z`.
    " max_receipt INTEGER NOT NULL, manifest TEXT NOT NULL, rendering TEXT NOT NULL,"
    " manifest_z BLOB, figures_z BLOB)",
    "CREATE TABLE IF NOT EXISTS report_findings ("
    " number INTEGER NOT NULL REFERENCES reports(number), position INTEGER NOT NULL,"
    " kind TEXT NOT NULL, severity TEXT NOT NULL, feed TEXT NOT NULL, indicator TEXT NOT NULL,"
    " area TEXT NOT NULL, breakdown TEXT NOT NULL, period TEXT NOT NULL, message TEXT NOT NULL, expected REAL NOT NULL,"
    " actual REAL NOT NULL, news TEXT NOT NULL, since INTEGER NOT NULL,"
    " PRIMARY KEY (number, position)) WITHOUT ROWID",
};

// The schema's version in SQLite's user_version. 0: made before versions (figures may be
// rows, findings are not, manifests are text, facts name their submission by SHA-256);
// 1: submissions know their period's end, facts name their submission by sequence, reports
// keep their findings as rows and their manifest and figures deflated.
constexpr int kSchemaVersion = 1;

// A store made before version 1, changed in place before the schema's CREATE ... IF NOT
// EXISTS run: every report's figures and findings are then recorded again from its manifest by
// whoever can read one (see reports_without_figures).
constexpr const char* kToVersion1[] = {
    "ALTER TABLE observations RENAME TO observations_v0",
    "DROP INDEX IF EXISTS observations_by_submission",
    kObservations,
    "INSERT INTO observations SELECT s.sequence, o.indicator, o.area, o.from_day, o.to_day,"
    " o.breakdown, o.value, o.unit, o.location, o.reported, NULL FROM observations_v0 o"
    " JOIN submissions s ON s.sha256 = o.sha256 ORDER BY o.rowid",
    "DROP TABLE observations_v0",
    "CREATE INDEX observations_by_submission ON observations(submission)",
    "UPDATE submissions SET period_end ="
    " (SELECT MAX(to_day) FROM observations o WHERE o.submission = submissions.sequence)",
    "CREATE TABLE IF NOT EXISTS report_figures_pending (number INTEGER PRIMARY KEY)",
    "INSERT OR IGNORE INTO report_figures_pending SELECT number FROM reports",
    "DROP TABLE IF EXISTS report_figures",
};

// A state of version 0 never marked repeats: each fact that repeats, unchanged, the previous
// one of its feed and partner gets marked, and the latest of each is remembered for ingest.
constexpr const char* kRepeatsOfVersion0[] = {
    kLatestObservations,
    "CREATE TEMP TABLE repeats (id INTEGER PRIMARY KEY, previous INTEGER NOT NULL)",
    "INSERT INTO repeats SELECT id, previous FROM (SELECT o.rowid AS id, o.value AS value,"
    " o.reported AS reported, LAG(o.submission) OVER w AS previous,"
    " LAG(o.value) OVER w AS previous_value, LAG(o.reported) OVER w AS previous_reported"
    " FROM observations o JOIN submissions s ON s.sequence = o.submission"
    " WINDOW w AS (PARTITION BY s.feed, s.partner, o.indicator, o.area, o.from_day, o.to_day,"
    " o.breakdown, o.unit ORDER BY o.submission))"
    " WHERE previous IS NOT NULL AND previous_value = value AND previous_reported = reported",
    "UPDATE observations SET repeat_of = (SELECT previous FROM repeats"
    " WHERE repeats.id = observations.rowid) WHERE rowid IN (SELECT id FROM repeats)",
    "DROP TABLE repeats",
    "INSERT OR REPLACE INTO latest_observations SELECT feed, partner, indicator, area, from_day,"
    " to_day, breakdown, unit, submission, value, reported FROM (SELECT s.feed, s.partner,"
    " o.indicator, o.area, o.from_day, o.to_day, o.breakdown, o.unit, o.submission, o.value,"
    " o.reported, ROW_NUMBER() OVER (PARTITION BY s.feed, s.partner, o.indicator, o.area,"
    " o.from_day, o.to_day, o.breakdown, o.unit ORDER BY o.submission DESC) AS n"
    " FROM observations o JOIN submissions s ON s.sequence = o.submission) WHERE n = 1",
};

bool has_column(sqlite3* db, const std::string& table, const std::string& column) {
    SqliteStatement info(db, "SELECT COUNT(*) FROM pragma_table_info('" + table +
                                 "') WHERE name = ?");
    info.bind(1, column);
    return info.next() && info.integer(0) > 0;
}

void exec(sqlite3* db, const std::string& sql) {
    if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK)
        throw OutputError(std::string("cannot migrate the store: ") + sqlite3_errmsg(db));
}

void migrate(sqlite3* db, int version) {
    if (version >= kSchemaVersion) return;
    if (!has_column(db, "submissions", "period_end"))
        exec(db, "ALTER TABLE submissions ADD COLUMN period_end INTEGER");
    for (const char* column : {"manifest_z", "figures_z"})
        if (!has_column(db, "reports", column))
            exec(db, std::string("ALTER TABLE reports ADD COLUMN ") + column + " BLOB");
    for (const char* sql : kToVersion1) exec(db, sql);
    // What the code before left undone, so that an upgraded state costs what a new one does:
    // its repeated facts marked as ingest would have, its manifests deflated.
    for (const char* sql : kRepeatsOfVersion0) exec(db, sql);
    SqliteStatement text(db, "SELECT number, manifest FROM reports WHERE manifest_z IS NULL");
    SqliteStatement deflated(db, "UPDATE reports SET manifest_z = ?, manifest = '' WHERE number = ?");
    while (text.next()) {
        deflated.bind_blob(1, deflate_text(text.text(1)));
        deflated.bind(2, text.integer(0));
        deflated.execute();
    }
}

// A report's figures, `key TAB value` a line, deflated: read whole by the next report only.
std::string figures_blob(const std::map<std::string, double>& values) {
    std::string text;
    char number[32];
    for (const auto& [key, value] : values) {
        std::snprintf(number, sizeof number, "%.17g", value);
        text += key + "\t" + number + "\n";
    }
    return deflate_text(text);
}

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

void insert_findings(sqlite3* db, int number, const std::vector<Finding>& findings) {
    SqliteStatement insert(db, "INSERT OR REPLACE INTO report_findings VALUES"
                               " (?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    int64_t position = 0;
    for (const auto& f : findings) {
        insert.bind(1, int64_t{number});
        insert.bind(2, position++);
        insert.bind(3, f.kind);
        insert.bind(4, std::string(to_string(f.severity)));
        insert.bind(5, f.feed);
        insert.bind(6, f.indicator);
        insert.bind(7, f.area);
        insert.bind(8, f.breakdown);
        insert.bind(9, f.period);
        insert.bind(10, f.message);
        insert.bind(11, f.expected);
        insert.bind(12, f.actual);
        insert.bind(13, f.news);
        insert.bind(14, int64_t{f.since});
        insert.execute();
    }
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

}  // namespace

Store::Store(const std::string& state_dir) {
    static std::once_flag registered;
    std::call_once(registered, [] { Poco::Data::SQLite::Connector::registerConnector(); });
    try {
        Poco::File(state_dir).createDirectories();
        const std::string path = Poco::Path(state_dir).append("sitrep.db").toString();
        session_ = std::make_unique<Poco::Data::Session>("SQLite", path);
        // The service has several connections on this file (a run, the mail queue, request
        // handlers): wait for a writer to finish instead of failing with "database is locked".
        *session_ << "PRAGMA busy_timeout=30000", now;
        *session_ << "PRAGMA journal_mode=WAL", now;
        // Commits of ingestion need not each wait for the disk: a run that dies before its
        // report is recorded ingests again from the inbox. add_report commits with FULL,
        // which makes every earlier commit durable with it.
        *session_ << "PRAGMA synchronous=NORMAL", now;
        *session_ << "PRAGMA foreign_keys=ON", now;
        bool migrated = false;
        in_write_transaction(*session_, [&] {
            int version = 0, tables = 0;
            *session_ << "PRAGMA user_version", into(version), now;
            *session_ << "SELECT COUNT(*) FROM sqlite_master WHERE name = 'reports'",
                into(tables), now;
            if (tables && version < kSchemaVersion) {
                migrate(Poco::Data::SQLite::Utility::dbHandle(*session_), version);
                migrated = true;
            }
            for (const char* sql : kSchema) *session_ << sql, now;
            if (version < kSchemaVersion)
                *session_ << "PRAGMA user_version = " + std::to_string(kSchemaVersion), now;
        });
        if (migrated) {
            // The space the old layout took goes back to the disk; a state too big to copy
            // once more stays as it is, migrated all the same.
            try {
                *session_ << "VACUUM", now;
            } catch (const Poco::Exception& e) {
                spdlog::warn("store migrated; reclaiming its space failed: {}", e.displayText());
            }
            spdlog::info("store in {} migrated to schema version {}", state_dir, kSchemaVersion);
        }
    } catch (const Poco::Exception& e) {
        throw OutputError("cannot open the store in " + state_dir + ": " + e.displayText());
    }
}

Store::~Store() = default;

std::optional<StoredSubmission> Store::find(const std::string& sha256) const {
    auto found = select_submissions("sha256 = ?", 0, sha256);
    if (found.empty()) return std::nullopt;
    return found.front();
}

void Store::add(StoredSubmission& s, const std::vector<Observation>& facts,
                const std::vector<SituationNote>& notes) {
    try {
        in_write_transaction(*session_, [&] {
            s.sequence = max_sequence() + 1;
            std::string ref = s.reference_date ? s.reference_date->iso() : "";
            int rejected = s.rejected ? 1 : 0;
            auto bytes = static_cast<Poco::Int64>(s.bytes);
            auto rows = static_cast<Poco::Int64>(s.rows);
            Poco::Int64 seq = s.sequence;
            s.period_end.reset();
            for (const auto& f : facts)
                if (!s.period_end || f.to > *s.period_end) s.period_end = f.to;
            Poco::Nullable<Poco::Int64> end;
            if (s.period_end) end = Poco::Int64{s.period_end->days()};
            *session_ << "INSERT INTO submissions VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                useRef(s.sha256), useRef(s.file), useRef(s.partner), useRef(s.feed), use(bytes),
                useRef(s.received_at), use(ref), use(rejected), useRef(s.error), use(seq),
                use(rows), use(end), now;
            *session_ << "INSERT INTO receipts (file, sha256, received_at) VALUES (?,?,?)",
                useRef(s.file), useRef(s.sha256), useRef(s.received_at), now;
            if (!facts.empty()) {
                // Thousands of rows per workbook: a prepared statement on the same connection (and
                // so in the same transaction) instead of Poco's per-row binding.
                sqlite3* db = Poco::Data::SQLite::Utility::dbHandle(*session_);
                SqliteStatement insert(db, "INSERT INTO observations VALUES (?,?,?,?,?,?,?,?,?,?,?)");
                SqliteStatement last(db, "SELECT submission, value, reported FROM latest_observations"
                                         " WHERE feed = ? AND partner = ? AND indicator = ? AND"
                                         " area = ? AND from_day = ? AND to_day = ? AND"
                                         " breakdown = ? AND unit = ?");
                SqliteStatement remember(db, "INSERT OR REPLACE INTO latest_observations VALUES"
                                             " (?,?,?,?,?,?,?,?,?,?,?)");
                for (const auto& f : facts) {
                    const std::string breakdown = breakdown_key(f.breakdown);
                    const int64_t unit = static_cast<int>(f.unit), reported = f.reported ? 1 : 0;
                    // The fact's key: feed, partner, indicator, area, days, breakdown, unit.
                    const auto bind_key = [&](SqliteStatement& st) {
                        st.bind(1, s.feed);
                        st.bind(2, s.partner);
                        st.bind(3, f.indicator);
                        st.bind(4, f.area);
                        st.bind(5, int64_t{f.from.days()});
                        st.bind(6, int64_t{f.to.days()});
                        st.bind(7, breakdown);
                        st.bind(8, unit);
                    };
                    bind_key(last);
                    std::optional<int64_t> repeats;
                    if (last.next() && last.real(1) == f.value && last.integer(2) == reported)
                        repeats = last.integer(0);
                    last.reset();
                    bind_key(remember);
                    remember.bind(9, int64_t{s.sequence});
                    remember.bind(10, f.value);
                    remember.bind(11, reported);
                    remember.execute();
                    if (repeats) insert.bind(11, *repeats);
                    else insert.bind_null(11);
                    insert.bind(1, int64_t{s.sequence});
                    insert.bind(2, f.indicator);
                    insert.bind(3, f.area);
                    insert.bind(4, int64_t{f.from.days()});
                    insert.bind(5, int64_t{f.to.days()});
                    insert.bind(6, breakdown_key(f.breakdown));
                    insert.bind(7, f.value);
                    insert.bind(8, int64_t{static_cast<int>(f.unit)});
                    insert.bind(9, f.location);
                    insert.bind(10, reported);
                    insert.execute();
                }
            }
            for (const auto& n : notes) {
                *session_ << "INSERT INTO notes VALUES (?,?,?,?,?,?,?)", useRef(s.sha256),
                    useRef(n.domain), useRef(n.lang), useRef(n.source), useRef(n.date),
                    useRef(n.title), useRef(n.body), now;
            }
        });
    } catch (const Poco::Exception& e) {
        throw OutputError("cannot store submission " + s.file + ": " + e.displayText());
    }
}

std::vector<std::string> Store::received_as(const std::string& file) const {
    SqliteStatement select(Poco::Data::SQLite::Utility::dbHandle(*session_),
                           "SELECT DISTINCT sha256 FROM receipts WHERE file = ?");
    select.bind(1, file);
    std::vector<std::string> out;
    while (select.next()) out.push_back(select.text(0));
    return out;
}

std::vector<std::string> Store::received_as(const std::string& file, const std::string& partner) const {
    SqliteStatement select(Poco::Data::SQLite::Utility::dbHandle(*session_),
                           "SELECT DISTINCT r.sha256 FROM receipts r JOIN submissions s "
                           "ON s.sha256 = r.sha256 WHERE r.file = ? AND s.partner = ?");
    select.bind(1, file);
    select.bind(2, partner);
    std::vector<std::string> out;
    while (select.next()) out.push_back(select.text(0));
    return out;
}

void Store::add_receipt(const Receipt& r) {
    try {
        *session_ << "INSERT OR IGNORE INTO receipts (file, sha256, received_at) VALUES (?,?,?)",
            useRef(r.file), useRef(r.sha256), useRef(r.received_at), now;
    } catch (const Poco::Exception& e) {
        throw OutputError("cannot store receipt of " + r.file + ": " + e.displayText());
    }
}

std::optional<InboxEntry> Store::inbox_entry(const std::string& path) const {
    std::lock_guard<std::mutex> lock(prepared_mutex_);
    SqliteStatement& select = prepared("SELECT size, mtime_ns, sha256 FROM inbox_files WHERE path = ?");
    select.bind(1, path);
    if (!select.next()) return std::nullopt;
    InboxEntry out{path, static_cast<uint64_t>(select.integer(0)), select.integer(1),
                   select.text(2)};
    select.reset();
    return out;
}

void Store::remember_inbox_entry(const InboxEntry& e) {
    try {
        auto size = static_cast<Poco::Int64>(e.size);
        Poco::Int64 mtime = e.mtime_ns;
        *session_ << "INSERT OR REPLACE INTO inbox_files VALUES (?,?,?,?)", useRef(e.path),
            use(size), use(mtime), useRef(e.sha256), now;
    } catch (const Poco::Exception& ex) {
        throw OutputError("cannot remember inbox file " + e.path + ": " + ex.displayText());
    }
}

std::vector<InboxEntry> Store::inbox_entries() const {
    SqliteStatement select(Poco::Data::SQLite::Utility::dbHandle(*session_),
                           "SELECT path, size, mtime_ns, sha256 FROM inbox_files ORDER BY path");
    std::vector<InboxEntry> out;
    while (select.next())
        out.push_back({select.text(0), static_cast<uint64_t>(select.integer(1)),
                       select.integer(2), select.text(3)});
    return out;
}

void Store::record_inbox_move(const InboxMove& m) {
    try {
        in_write_transaction(*session_, [&] {
            int report = m.report;
            *session_ << "INSERT INTO inbox_moves (file, sha256, from_path, to_path, moved_at,"
                         " report) VALUES (?,?,?,?,?,?)",
                useRef(m.file), useRef(m.sha256), useRef(m.from), useRef(m.to),
                useRef(m.moved_at), use(report), now;
            // A file that comes later under the same path is read afresh.
            *session_ << "DELETE FROM inbox_files WHERE path = ?", useRef(m.from), now;
        });
    } catch (const Poco::Exception& e) {
        throw OutputError("cannot record that " + m.from + " left the inbox: " +
                          e.displayText());
    }
}

std::vector<InboxMove> Store::inbox_moves() const {
    SqliteStatement select(Poco::Data::SQLite::Utility::dbHandle(*session_),
                           "SELECT file, sha256, from_path, to_path, moved_at, report"
                           " FROM inbox_moves ORDER BY id");
    std::vector<InboxMove> out;
    while (select.next())
        out.push_back({select.text(0), select.text(1), select.text(2), select.text(3),
                       select.text(4), static_cast<int>(select.integer(5))});
    return out;
}

SqliteStatement& Store::prepared(const std::string& sql) const {
    auto& slot = prepared_[sql];
    if (!slot)
        slot = std::make_unique<SqliteStatement>(Poco::Data::SQLite::Utility::dbHandle(*session_), sql);
    slot->reset();
    return *slot;
}

std::vector<StoredSubmission> Store::select_submissions(const std::string& where,
                                                        int64_t max_sequence,
                                                        const std::string& sha256) const {
    // Prepared once per store: `find` runs once per inbox file, and preparing costs more than
    // the lookup itself.
    std::lock_guard<std::mutex> lock(prepared_mutex_);
    SqliteStatement& select =
        prepared("SELECT sha256, file, partner, feed, bytes, received_at, reference_date,"
                 " rejected, error, sequence, rows, period_end FROM submissions WHERE " +
                 where + " ORDER BY sequence");
    if (where.find("sequence <= ?") != std::string::npos) select.bind(1, max_sequence);
    if (where.find("sha256 = ?") != std::string::npos) select.bind(1, sha256);
    std::vector<StoredSubmission> out;
    while (select.next()) {
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
        out.push_back(std::move(s));
    }
    select.reset();
    return out;
}

std::vector<StoredSubmission> Store::submissions(int64_t max_sequence) const {
    return select_submissions("sequence <= ?", max_sequence, "");
}

std::vector<Receipt> Store::receipts(int64_t max_receipt) const {
    SqliteStatement select(Poco::Data::SQLite::Utility::dbHandle(*session_),
                           "SELECT file, sha256, received_at, id FROM receipts WHERE id <= ?"
                           " ORDER BY id");
    select.bind(1, max_receipt);
    std::vector<Receipt> out;
    while (select.next())
        out.push_back({select.text(0), select.text(1), select.text(2), select.integer(3)});
    return out;
}

std::vector<StoredObservation> Store::observations(const std::vector<std::string>& shas,
                                                 const RepeatFilter& repeats) const {
    std::vector<StoredObservation> out;
    if (shas.empty()) return out;
    sqlite3* db = Poco::Data::SQLite::Utility::dbHandle(*session_);
    // The submissions by sequence first: the facts then name theirs by its integer key, with
    // no join and no SHA-256 copied from SQLite per fact.
    std::map<int64_t, std::string> sha_of;
    std::string all, kept;
    {
        SqliteStatement select(db, "SELECT sequence, sha256, feed FROM submissions"
                                   " WHERE sha256 IN " + in_list(shas));
        while (select.next()) {
            const int64_t seq = select.integer(0);
            const std::string feed = select.text(2);
            sha_of.emplace(seq, select.text(1));
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
    // In the order stored, sorted here: SQLite would sort whole rows in a temporary tree.
    std::vector<std::pair<int64_t, size_t>> order;
    std::vector<StoredObservation> read;
    SqliteStatement select(db, sql);
    while (select.next()) {
        Observation o{select.text(1),
                      select.text(2),
                      Date(static_cast<int32_t>(select.integer(3))),
                      Date(static_cast<int32_t>(select.integer(4))),
                      parse_breakdown_key(select.text(5)),
                      select.real(6),
                      static_cast<Unit>(select.integer(7)),
                      select.text(8),
                      select.integer(9) != 0};
        order.emplace_back(select.integer(10), read.size());
        read.push_back({std::move(o), sha_of.at(select.integer(0))});
    }
    std::sort(order.begin(), order.end());
    out.reserve(read.size());
    for (const auto& [rowid, i] : order) out.push_back(std::move(read[i]));
    return out;
}

std::vector<SituationNote> Store::notes(const std::vector<std::string>& shas) const {
    std::vector<SituationNote> out;
    if (shas.empty()) return out;
    std::vector<std::string> domain, lang, source, date, title, body;
    *session_ << "SELECT domain, lang, source, date, title, body FROM notes WHERE sha256 IN " +
                     in_list(shas) + " ORDER BY date, source",
        into(domain), into(lang), into(source), into(date), into(title), into(body), now;
    for (size_t i = 0; i < domain.size(); ++i)
        out.push_back({domain[i], lang[i], source[i], date[i], title[i], body[i]});
    return out;
}

int64_t Store::max_receipt() const {
    Poco::Nullable<Poco::Int64> max;
    *session_ << "SELECT MAX(id) FROM receipts", into(max), now;
    return max.isNull() ? 0 : max.value();
}

int64_t Store::max_sequence() const {
    Poco::Nullable<Poco::Int64> max;
    *session_ << "SELECT MAX(sequence) FROM submissions", into(max), now;
    return max.isNull() ? 0 : max.value();
}

int Store::next_report_number(int first_number) const {
    Poco::Nullable<int> max;
    *session_ << "SELECT MAX(number) FROM reports", into(max), now;
    return max.isNull() ? first_number : std::max(max.value() + 1, first_number);
}

void Store::add_report(const StoredReport& r) {
    try {
        int number = r.number;
        Poco::Int64 max = r.max_sequence, receipt = r.max_receipt;
        // The number is issued once this commit is on disk: wait for it, and with it for
        // every submission the report was built from.
        *session_ << "PRAGMA synchronous=FULL", now;
        const std::string compressed =
            r.manifest_deflated.empty() ? deflate_text(r.manifest) : r.manifest_deflated;
        in_write_transaction(*session_, [&] {
            sqlite3* db = Poco::Data::SQLite::Utility::dbHandle(*session_);
            SqliteStatement insert(db, "INSERT INTO reports VALUES (?,?,?,?,?,?,?,'',?,?,?)");
            insert.bind(1, int64_t{number});
            insert.bind(2, r.kind);
            insert.bind(3, r.issued_at);
            insert.bind(4, r.as_of);
            insert.bind(5, r.reason);
            insert.bind(6, int64_t{max});
            insert.bind(7, int64_t{receipt});
            insert.bind(8, r.rendering);
            insert.bind_blob(9, compressed);
            insert.bind_blob(10, figures_blob(r.figures));
            insert.execute();
            insert_findings(db, number, r.findings);
        });
        *session_ << "PRAGMA synchronous=NORMAL", now;
    } catch (const Poco::Exception& e) {
        throw OutputError("cannot record report " + std::to_string(r.number) + ": " +
                          e.displayText());
    }
}

std::optional<PublishedFigures> Store::published_before(int number) const {
    sqlite3* db = Poco::Data::SQLite::Utility::dbHandle(*session_);
    SqliteStatement report(db, "SELECT number, max_sequence, max_receipt, figures_z FROM reports"
                               " WHERE number < ? ORDER BY number DESC LIMIT 1");
    report.bind(1, int64_t{number});
    if (!report.next()) return std::nullopt;
    PublishedFigures out{static_cast<int>(report.integer(0)), report.integer(1),
                         report.integer(2), {}, {}};
    if (!report.is_null(3)) out.values = figures_from_blob(report.blob(3));
    SqliteStatement findings(db, "SELECT kind, severity, feed, indicator, area, period, message,"
                                 " expected, actual, news, since, breakdown FROM report_findings"
                                 " WHERE number = ? ORDER BY position");
    findings.bind(1, int64_t{out.number});
    while (findings.next()) {
        Finding f;
        f.kind = findings.text(0);
        f.severity = severity_named(findings.text(1));
        f.feed = findings.text(2);
        f.indicator = findings.text(3);
        f.area = findings.text(4);
        f.period = findings.text(5);
        f.message = findings.text(6);
        f.expected = findings.real(7);
        f.actual = findings.real(8);
        f.news = findings.text(9);
        f.since = static_cast<int>(findings.integer(10));
        f.breakdown = findings.text(11);
        out.findings.push_back(std::move(f));
    }
    return out;
}

std::vector<int> Store::reports_without_figures() const {
    std::vector<int> out;
    int exists = 0;
    *session_ << "SELECT COUNT(*) FROM sqlite_master WHERE name = 'report_figures_pending'",
        into(exists), now;
    if (exists) *session_ << "SELECT number FROM report_figures_pending ORDER BY number", into(out), now;
    return out;
}

void Store::record_figures(int number, const std::map<std::string, double>& values,
                           const std::vector<Finding>& findings) {
    try {
        in_write_transaction(*session_, [&] {
            sqlite3* db = Poco::Data::SQLite::Utility::dbHandle(*session_);
            SqliteStatement update(db, "UPDATE reports SET figures_z = ? WHERE number = ?");
            update.bind_blob(1, figures_blob(values));
            update.bind(2, int64_t{number});
            update.execute();
            insert_findings(db, number, findings);
            int n = number;
            *session_ << "DELETE FROM report_figures_pending WHERE number = ?", use(n), now;
        });
    } catch (const Poco::Exception& e) {
        throw OutputError("cannot record the figures of report " + std::to_string(number) +
                          ": " + e.displayText());
    }
}

std::optional<StoredReport> Store::report(int number) const {
    SqliteStatement select(Poco::Data::SQLite::Utility::dbHandle(*session_),
                           "SELECT number, kind, issued_at, as_of, reason, max_sequence,"
                           " max_receipt, rendering, manifest_z FROM reports WHERE number = ?");
    select.bind(1, int64_t{number});
    if (!select.next()) return std::nullopt;
    // Deflated since version 1; the migration deflated the manifests recorded before.
    std::string manifest = inflate_text(select.blob(8));
    return StoredReport{number,           select.text(1),    select.text(2),
                        select.text(3),   select.text(4),    select.integer(5),
                        select.integer(6), std::move(manifest), {},
                        {},               select.text(7),    {}};
}

std::optional<Date> Store::first_report_as_of() const {
    SqliteStatement select(Poco::Data::SQLite::Utility::dbHandle(*session_),
                           "SELECT as_of FROM reports ORDER BY number LIMIT 1");
    if (!select.next()) return std::nullopt;
    return Date::parse_iso(select.text(0));
}

std::vector<ReportSummary> Store::report_summaries() const {
    // Only columns stored before the manifest: SQLite then never reads its overflow pages.
    SqliteStatement select(Poco::Data::SQLite::Utility::dbHandle(*session_),
                           "SELECT number, kind, issued_at, as_of, reason FROM reports"
                           " ORDER BY number");
    std::vector<ReportSummary> out;
    while (select.next())
        out.push_back({static_cast<int>(select.integer(0)), select.text(1), select.text(2),
                       select.text(3), select.text(4)});
    return out;
}

}  // namespace sitrep
