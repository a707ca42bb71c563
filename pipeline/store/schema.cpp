#include "pipeline/store/schema.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <map>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "pipeline/foundation/errors.h"
#include "pipeline/store/compressed_text.h"
#include "pipeline/store/fact_pack.h"
#include "pipeline/store/sqlite_database.h"
#include "pipeline/store/sqlite_statement.h"

namespace sitrep {
namespace {

// Written once, in SQLite's words; `for_postgres` says the same to PostgreSQL.
// A submission's facts name it by its sequence: a year holds a hundred thousand of them.
constexpr const char* kObservations =
    "CREATE TABLE IF NOT EXISTS observations ("
    " submission INTEGER NOT NULL REFERENCES submissions(sequence), indicator TEXT NOT NULL,"
    " area TEXT NOT NULL, from_day INTEGER NOT NULL, to_day INTEGER NOT NULL,"
    " breakdown TEXT NOT NULL, value REAL NOT NULL, unit INTEGER NOT NULL,"
    " location TEXT NOT NULL, reported INTEGER NOT NULL,"
    " repeat_of INTEGER)";

// Per feed, partner and fact (HXL is one feed of many partners), the submission that gave it
// last: a new fact with the same value repeats that one (Fedasil's weekly workbook repeats
// every day since March), and reconciliation need not read a repeat while the fact it
// repeats is in use. Kept a row per fact up to version 5; since version 6 in `latest_packs`.
constexpr const char* kLatestObservations =
    "CREATE TABLE IF NOT EXISTS latest_observations ("
    " feed TEXT NOT NULL, partner TEXT NOT NULL, indicator TEXT NOT NULL, area TEXT NOT NULL,"
    " from_day INTEGER NOT NULL, to_day INTEGER NOT NULL, breakdown TEXT NOT NULL,"
    " unit INTEGER NOT NULL, submission INTEGER NOT NULL, value REAL NOT NULL,"
    " reported INTEGER NOT NULL,"
    " PRIMARY KEY (feed, partner, indicator, area, from_day, to_day, breakdown, unit))"
    " WITHOUT ROWID";

constexpr const char* kSchema[] = {
    "CREATE TABLE IF NOT EXISTS submissions ("
    " sha256 TEXT PRIMARY KEY, file TEXT NOT NULL, partner TEXT NOT NULL, feed TEXT NOT NULL,"
    " bytes INTEGER NOT NULL, received_at TEXT NOT NULL, reference_date TEXT,"
    " rejected INTEGER NOT NULL, error TEXT NOT NULL, sequence INTEGER NOT NULL UNIQUE,"
    " rows INTEGER NOT NULL, period_end INTEGER)",
    "CREATE TABLE IF NOT EXISTS receipts ("
    " id INTEGER PRIMARY KEY AUTOINCREMENT, file TEXT NOT NULL,"
    " sha256 TEXT NOT NULL REFERENCES submissions(sha256),"
    " received_at TEXT NOT NULL, UNIQUE (file, sha256))",
    kObservations,
    "CREATE INDEX IF NOT EXISTS observations_by_submission ON observations(submission)",
    // Reconciliation reads the facts that repeat nothing, and the repeats of replaced files,
    // each through its own small index instead of every fact of every workbook.
    "CREATE INDEX IF NOT EXISTS observations_first_given ON observations(submission)"
    " WHERE repeat_of IS NULL",
    "CREATE INDEX IF NOT EXISTS observations_repeating ON observations(repeat_of)"
    " WHERE repeat_of IS NOT NULL",
    // The same, a pack per feed, partner and month of the facts' first days (see
    // pack_latest_values): what ingest reads and writes back for each file of the feed.
    "CREATE TABLE IF NOT EXISTS latest_packs ("
    " feed TEXT NOT NULL, partner TEXT NOT NULL, month INTEGER NOT NULL, pack BLOB NOT NULL,"
    " PRIMARY KEY (feed, partner, month)) WITHOUT ROWID",
    // Each submission's facts again, packed (see FactPacker): those that repeat nothing, and
    // the repeats with `repeated`, the submissions they repeat. Reconciliation reads these, a
    // row per submission, instead of the year's facts row by row.
    "CREATE TABLE IF NOT EXISTS fact_packs ("
    " submission INTEGER PRIMARY KEY REFERENCES submissions(sequence), repeated TEXT NOT NULL,"
    " first_given BLOB NOT NULL, repeats BLOB NOT NULL)",
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
    " area TEXT NOT NULL, breakdown TEXT NOT NULL, period TEXT NOT NULL,"
    " message TEXT NOT NULL, expected REAL NOT NULL,"
    " actual REAL NOT NULL, news TEXT NOT NULL, since INTEGER NOT NULL,"
    " PRIMARY KEY (number, position)) WITHOUT ROWID",
    // Files a shared store keeps for every instance (a submission's bytes, a report's
    // snapshots), by their name relative to a state folder. The SQLite store keeps them as
    // files in its state folder instead.
    // `deflated`: the bytes are zlib's (version 4 on); a server stores them as they come.
    "CREATE TABLE IF NOT EXISTS kept_files ("
    " name TEXT PRIMARY KEY, bytes BLOB NOT NULL, deflated INTEGER NOT NULL DEFAULT 0)",
    // The mail queue (pipeline/distribute): one mail per report, round and recipient.
    // `next_attempt_ms` is milliseconds since 1970, so that "due" is one comparison.
    "CREATE TABLE IF NOT EXISTS mails ("
    " id INTEGER PRIMARY KEY AUTOINCREMENT, report INTEGER NOT NULL, round INTEGER NOT NULL,"
    " recipient TEXT NOT NULL, email TEXT NOT NULL, lang TEXT NOT NULL, subject TEXT NOT NULL,"
    " body TEXT NOT NULL, message_id TEXT NOT NULL, attachment_sha256 TEXT NOT NULL,"
    " status TEXT NOT NULL, attempts INTEGER NOT NULL, next_attempt_ms INTEGER NOT NULL,"
    " last_error TEXT NOT NULL, queued_at TEXT NOT NULL, sent_at TEXT NOT NULL,"
    " UNIQUE (report, round, recipient))",
    "CREATE INDEX IF NOT EXISTS mails_due ON mails(status, next_attempt_ms)",
    "CREATE TABLE IF NOT EXISTS mail_attachments ("
    " mail_id INTEGER NOT NULL REFERENCES mails(id), position INTEGER NOT NULL,"
    " path TEXT NOT NULL, shown_name TEXT NOT NULL, media_type TEXT NOT NULL,"
    " sha256 TEXT NOT NULL, PRIMARY KEY (mail_id, position))",
    // One row per attempt: the delivery log the status page and an audit can read back.
    "CREATE TABLE IF NOT EXISTS mail_attempts ("
    " mail_id INTEGER NOT NULL REFERENCES mails(id), at TEXT NOT NULL, outcome TEXT NOT NULL,"
    " detail TEXT NOT NULL)",
    // Facts about this store, such as the random installation id in every Message-ID.
    "CREATE TABLE IF NOT EXISTS installation (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
};

// A store made before version 1, changed in place before the schema's CREATE ... IF NOT
// EXISTS run: every report's figures and findings are then recorded again from its manifest by
// whoever can read one (see Store::reports_without_figures).
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

// Version 5: every submission stored before gets its facts' packs, made from its rows in the
// order stored, as Store::add makes them.
void pack_stored_facts(Database& db) {
    std::vector<int64_t> unpacked;
    {
        auto select = db.prepare("SELECT sequence FROM submissions WHERE sequence NOT IN"
                                 " (SELECT submission FROM fact_packs) ORDER BY sequence");
        while (select->next()) unpacked.push_back(select->integer(0));
    }
    if (unpacked.empty()) return;
    auto facts = db.prepare("SELECT indicator, area, from_day, to_day, breakdown, value, unit,"
                            " location, reported, repeat_of FROM observations"
                            " WHERE submission = ? ORDER BY rowid");
    for (const int64_t submission : unpacked) {
        SubmissionPacks packs;
        facts->bind(1, submission);
        for (uint32_t position = 0; facts->next(); ++position) {
            const std::string breakdown = facts->text(4);
            const Observation o{facts->text(0),
                                facts->text(1),
                                Date(static_cast<int32_t>(facts->integer(2))),
                                Date(static_cast<int32_t>(facts->integer(3))),
                                {},
                                facts->real(5),
                                static_cast<Unit>(facts->integer(6)),
                                facts->text(7),
                                facts->integer(8) != 0};
            packs.add(position, facts->is_null(9) ? 0 : facts->integer(9), o, breakdown);
        }
        facts->reset();
        packs.insert(db, submission);
    }
    spdlog::info("packed the facts of {} submissions stored before version 5", unpacked.size());
}

// Version 6: the latest value of each fact, a row each up to version 5, packed per feed,
// partner and month, as Store::add packs them; the rows go.
void pack_latest_values_of_version_5(Database& db) {
    if (!db.has_table("latest_observations")) return;
    std::map<std::tuple<std::string, std::string, int64_t>,
             std::vector<std::pair<std::string, LatestValue>>>
        packs;
    {
        auto select = db.prepare("SELECT feed, partner, indicator, area, from_day, to_day,"
                                 " breakdown, unit, submission, value, reported"
                                 " FROM latest_observations");
        while (select->next()) {
            Observation o;
            o.indicator = select->text(2);
            o.area = select->text(3);
            o.from = Date(static_cast<int32_t>(select->integer(4)));
            o.to = Date(static_cast<int32_t>(select->integer(5)));
            o.unit = static_cast<Unit>(select->integer(7));
            packs[{select->text(0), select->text(1), latest_month(o.from)}].emplace_back(
                fact_key(o, select->text(6)),
                LatestValue{select->integer(8), select->real(9), select->integer(10) != 0});
        }
    }
    auto insert = db.prepare("INSERT INTO latest_packs (feed, partner, month, pack)"
                             " VALUES (?, ?, ?, ?)");
    for (auto& [where, values] : packs) {
        insert->bind(1, std::get<0>(where));
        insert->bind(2, std::get<1>(where));
        insert->bind(3, std::get<2>(where));
        insert->bind_blob(4, pack_latest_values(std::move(values)));
        insert->execute();
    }
    db.exec("DROP TABLE latest_observations");
    spdlog::info("packed the latest values of {} feed months stored before version 6",
                 packs.size());
}

void replace_all(std::string& s, const std::string& from, const std::string& to) {
    for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
        s.replace(at, from.size(), to);
}

// A fact names the submission inserted just before it, in the same transaction (Store::add):
// PostgreSQL would check that with a trigger per fact, half the time of a workbook's COPY.
constexpr const char* kFactsReference = " REFERENCES submissions(sequence)";

// Text compared and ordered byte by byte, as SQLite does: the same order on both stores (a
// report renders the same from either), whatever the server's locale, and keys compared
// without the locale's rules.
constexpr const char* kBytewiseText = "TEXT COLLATE \"C\"";

// The same table in PostgreSQL's words: 64-bit integers, doubles, BYTEA, identity keys, text
// in byte order; and the facts get the `rowid` SQLite gives them unasked (their order within a
// submission).
std::string for_postgres(std::string sql) {
    replace_all(sql, "TEXT", kBytewiseText);
    replace_all(sql, "INTEGER PRIMARY KEY AUTOINCREMENT", "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY");
    replace_all(sql, "INTEGER", "BIGINT");
    replace_all(sql, "REAL", "DOUBLE PRECISION");
    replace_all(sql, "BLOB", "BYTEA");
    replace_all(sql, " WITHOUT ROWID", "");
    if (sql.rfind("CREATE TABLE IF NOT EXISTS observations (", 0) == 0) {
        sql.insert(sql.size() - 1, ", rowid BIGINT GENERATED BY DEFAULT AS IDENTITY");
        replace_all(sql, kFactsReference, "");
    }
    return sql;
}

bool has_column(sqlite3* db, const std::string& table, const std::string& column) {
    SqliteStatement info(db, "SELECT COUNT(*) FROM pragma_table_info('" + table +
                                 "') WHERE name = ?");
    info.bind(1, std::string_view(column));
    return info.next() && info.integer(0) > 0;
}

// Only SQLite states are older than the schema: PostgreSQL stores began at version 2.
void migrate_sqlite(SqliteDatabase& db, int version) {
    if (version >= 1) return;
    sqlite3* handle = db.handle();
    if (!has_column(handle, "submissions", "period_end"))
        db.exec("ALTER TABLE submissions ADD COLUMN period_end INTEGER");
    for (const char* column : {"manifest_z", "figures_z"})
        if (!has_column(handle, "reports", column))
            db.exec(std::string("ALTER TABLE reports ADD COLUMN ") + column + " BLOB");
    for (const char* sql : kToVersion1) db.exec(sql);
    // What the code before left undone, so that an upgraded state costs what a new one does:
    // its repeated facts marked as ingest would have, its manifests deflated.
    for (const char* sql : kRepeatsOfVersion0) db.exec(sql);
    SqliteStatement text(handle, "SELECT number, manifest FROM reports WHERE manifest_z IS NULL");
    SqliteStatement deflated(handle,
                             "UPDATE reports SET manifest_z = ?, manifest = '' WHERE number = ?");
    while (text.next()) {
        deflated.bind_blob(1, deflate_text(text.text(1)));
        deflated.bind(2, text.integer(0));
        deflated.execute();
    }
}

}  // namespace

std::vector<std::string> schema_tables() {
    const std::string create = "CREATE TABLE IF NOT EXISTS ";
    std::vector<std::string> out;
    for (const std::string sql : kSchema)
        if (sql.rfind(create, 0) == 0)
            out.push_back(sql.substr(create.size(), sql.find(' ', create.size()) - create.size()));
    return out;
}

bool ensure_schema(Database& db) {
    // Read first without the write lock: a store already current costs no transaction.
    const int found = db.schema_version();
    // A newer sitrep changed what rows mean (version 4 deflates kept files): this one would
    // misread them. Every instance of a shared store is upgraded together.
    if (found > kSchemaVersion)
        throw ConfigError("the store at " + db.description() + " has schema version " +
                          std::to_string(found) + ", made by a newer sitrep; this one knows "
                          "versions up to " + std::to_string(kSchemaVersion) +
                          ": upgrade it too");
    if (found == kSchemaVersion) return false;
    bool migrated = false;
    in_transaction(db, [&] {
        const int version = db.schema_version();
        if (version >= kSchemaVersion) return;
        if (db.dialect() == Dialect::sqlite && db.has_table("reports") && version < 1) {
            migrate_sqlite(static_cast<SqliteDatabase&>(db), version);
            migrated = true;
        }
        // Version 4: kept files may be deflated; those kept before are not.
        if (db.has_table("kept_files")) {
            const auto columns = db.columns("kept_files");
            if (std::none_of(columns.begin(), columns.end(),
                             [](const Column& c) { return c.name == "deflated"; }))
                db.exec(std::string("ALTER TABLE kept_files ADD COLUMN deflated ") +
                        (db.dialect() == Dialect::postgres ? "BIGINT" : "INTEGER") +
                        " NOT NULL DEFAULT 0");
        }
        // Version 4 on a server: text in byte order and facts' submissions not checked per
        // fact, as the tables made since have them.
        if (db.dialect() == Dialect::postgres && version < 4) {
            std::vector<std::string> changes;
            // The store's own tables only: the schema may hold others' tables and views.
            const auto ours = schema_tables();
            auto text = db.prepare("SELECT table_name, column_name FROM information_schema.columns"
                                   " WHERE table_schema = current_schema() AND data_type = 'text'"
                                   " AND collation_name IS DISTINCT FROM 'C'");
            while (text->next())
                if (std::find(ours.begin(), ours.end(), text->text(0)) != ours.end())
                    changes.push_back("ALTER TABLE " + text->text(0) + " ALTER COLUMN " +
                                      text->text(1) + " TYPE " + kBytewiseText);
            // A column an analyst's view depends on cannot change type: it keeps its
            // collation (its order is then the server's), and the store opens all the same.
            for (const auto& sql : changes) {
                db.exec("SAVEPOINT bytewise");
                try {
                    db.exec(sql);
                    db.exec("RELEASE SAVEPOINT bytewise");
                } catch (const OutputError& e) {
                    db.exec("ROLLBACK TO SAVEPOINT bytewise");
                    spdlog::warn("{} left as it was: {}", sql, e.what());
                }
            }
            db.exec("ALTER TABLE IF EXISTS observations"
                    " DROP CONSTRAINT IF EXISTS observations_submission_fkey");
        }
        for (const char* sql : kSchema)
            db.exec(db.dialect() == Dialect::postgres ? for_postgres(sql) : std::string(sql));
        if (version < 5) pack_stored_facts(db);
        if (version < 6) pack_latest_values_of_version_5(db);
        db.set_schema_version(kSchemaVersion);
    });
    return migrated;
}

}  // namespace sitrep
