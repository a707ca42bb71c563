#include "pipeline/store/store_copy.h"

#include <algorithm>

#include "pipeline/foundation/errors.h"
#include "pipeline/store/schema.h"

namespace sitrep {
namespace {

int64_t count_rows(Database& db, const std::string& table) {
    auto select = db.prepare("SELECT COUNT(*) FROM " + table);
    return select->next() ? select->integer(0) : 0;
}

// Facts have no key of their own: SQLite's hidden rowid is their order, which PostgreSQL
// keeps as a column of that name.
std::vector<Column> with_rowid(Database& db, const std::string& table) {
    auto columns = db.columns(table);
    const bool has = std::any_of(columns.begin(), columns.end(),
                                 [](const Column& c) { return c.name == "rowid"; });
    if (table == "observations" && !has) columns.push_back({"rowid", SqlValue::Kind::integer});
    return columns;
}

// A server's identity columns count on from the highest id copied.
void continue_identities(Database& to, const std::string& table,
                         const std::vector<Column>& columns) {
    if (to.dialect() != Dialect::postgres) return;
    for (const auto& c : columns) {
        auto seq = to.prepare("SELECT pg_get_serial_sequence(?, ?)");
        seq->bind(1, std::string_view(table));
        seq->bind(2, std::string_view(c.name));
        if (!seq->next() || seq->is_null(0)) continue;
        to.exec("SELECT setval('" + seq->text(0) + "', COALESCE((SELECT MAX(" + c.name +
                ") FROM " + table + "), 0) + 1, false)");
    }
}

}  // namespace

StoreCopy copy_store(Database& from, Database& to) {
    ensure_schema(from);
    ensure_schema(to);
    StoreCopy out;
    in_transaction(
        to,
        [&] {
            for (const char* table : {"submissions", "reports", "mails"})
                if (count_rows(to, table) > 0)
                    throw OutputError("the store at " + to.description() + " already holds " +
                                      table + ": a copy goes into an empty store only");
            // A queue opened on the empty store made it an installation id of its own; the
            // copy's mails keep the original's, so that a retry keeps its Message-ID.
            if (from.has_table("installation")) to.exec("DELETE FROM installation");
            for (const auto& table : schema_tables()) {
                if (!from.has_table(table)) continue;
                const auto source = with_rowid(from, table);
                const auto target = with_rowid(to, table);
                std::vector<Column> shared;
                for (const auto& c : source)
                    if (std::any_of(target.begin(), target.end(),
                                    [&](const Column& t) { return t.name == c.name; }))
                        shared.push_back(c);
                std::string sql = "SELECT ";
                std::vector<std::string> names;
                for (size_t i = 0; i < shared.size(); ++i) {
                    sql += (i ? ", " : "") + shared[i].name;
                    names.push_back(shared[i].name);
                }
                auto select = from.prepare(sql + " FROM " + table);
                SqlRows rows(shared.size());
                const auto flush = [&] {
                    to.bulk_insert(table, names, rows);
                    out.rows[table] += static_cast<int64_t>(rows.size());
                    rows.clear();
                };
                while (select->next()) {
                    std::vector<SqlValue> row;
                    row.reserve(shared.size());
                    for (size_t i = 0; i < shared.size(); ++i) {
                        const int at = static_cast<int>(i);
                        if (select->is_null(at)) {
                            row.push_back(SqlValue::none());
                            continue;
                        }
                        switch (shared[i].kind) {
                            case SqlValue::Kind::integer: row.push_back(SqlValue::of(select->integer(at))); break;
                            case SqlValue::Kind::real: row.push_back(SqlValue::of(select->real(at))); break;
                            case SqlValue::Kind::blob: row.push_back(SqlValue::blob_of(select->blob(at))); break;
                            default: row.push_back(SqlValue::of(select->text(at)));
                        }
                    }
                    rows.add(std::move(row));
                    // A year of facts is a few hundred thousand rows: sent in slices.
                    if (rows.size() >= 20000) flush();
                }
                flush();
                continue_identities(to, table, target);
            }
        },
        true);
    return out;
}

}  // namespace sitrep
