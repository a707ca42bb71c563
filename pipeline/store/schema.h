#pragma once

#include <string>
#include <vector>

#include "pipeline/store/database.h"

namespace sitrep {

/// The schema's version: 0, made before versions; 1, submissions know their period's end,
/// facts name their submission by sequence, reports keep findings as rows and their manifest
/// and figures deflated; 2, kept files (a submission's bytes, snapshots) may live in the
/// database; 3, the mail queue's tables are the store's (a store made at 2 may lack them);
/// 4, text in byte order on a server and kept files deflated; 5, each submission's facts also
/// kept packed, one row per submission (see FactPacker); 6, each feed's latest values packed
/// per partner and month instead of a row per fact (see pack_latest_values).
constexpr int kSchemaVersion = 6;

/// Every table of the schema, in the order they are created (a table after those it refers
/// to): what a copy of the whole store copies.
std::vector<std::string> schema_tables();

/// Brings `db` to the current schema, migrating a SQLite state made by older code in place,
/// in one transaction. Returns true when it migrated an existing store.
bool ensure_schema(Database& db);

}  // namespace sitrep
