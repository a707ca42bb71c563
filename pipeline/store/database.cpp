#include "pipeline/store/database.h"

#include <Poco/File.h>
#include <Poco/Path.h>

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

}  // namespace sitrep
