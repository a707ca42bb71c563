#include "pipeline/store/database.h"

#include <Poco/File.h>
#include <Poco/Path.h>

#include <stdexcept>

#include "pipeline/foundation/errors.h"
#include "pipeline/store/postgres_database.h"
#include "pipeline/store/sqlite_database.h"

namespace sitrep {

std::unique_ptr<Database> Database::open(const StoreLocation& where) {
    if (where.url.empty()) {
        Poco::File(where.state_dir).createDirectories();
        return std::make_unique<SqliteDatabase>(
            Poco::Path(where.state_dir).append("sitrep.db").toString());
    }
    if (where.url.rfind("postgresql://", 0) != 0 && where.url.rfind("postgres://", 0) != 0)
        throw ConfigError("[store] url '" + where.url +
                          "' is not a postgresql:// URL (leave it out for the SQLite file)");
    return std::make_unique<PostgresDatabase>(where.url, where.password);
}

Statement& Database::kept(const std::string& sql) {
    std::lock_guard<std::mutex> lock(kept_mutex_);
    auto& slot = kept_[sql];
    if (!slot) slot = prepare(sql);
    // Ready for new values, also after a failed step, which leaves a statement unreset.
    slot->reset();
    return *slot;
}

void Database::forget_kept() {
    std::lock_guard<std::mutex> lock(kept_mutex_);
    kept_.clear();
}

void Database::enter_write(bool durable) {
    if (write_depth_ > 0) {
        // A programming error, not a store's: the outer commit would not wait for the disk.
        if (durable && !write_durable_)
            throw std::logic_error("a durable write cannot join a transaction that is not");
        ++write_depth_;
        return;
    }
    begin_write(durable);
    write_depth_ = 1;
    write_durable_ = durable;
    part_failed_ = false;
}

void Database::leave_write(bool succeeded) {
    if (write_depth_ > 1) {
        --write_depth_;
        if (!succeeded) part_failed_ = true;
        return;
    }
    write_depth_ = 0;
    if (succeeded && !part_failed_) {
        try {
            commit();
        } catch (...) {
            // SQLite keeps a transaction whose COMMIT failed (busy) open.
            try {
                rollback();
            } catch (...) {
            }
            throw;
        }
        return;
    }
    try {
        rollback();
    } catch (...) {
        // The failure that brought us here is the one to report.
        if (!succeeded) return;
        throw;
    }
    if (succeeded)
        throw OutputError("nothing of a transaction on " + description() +
                          " was kept: a part of it failed");
}

}  // namespace sitrep
