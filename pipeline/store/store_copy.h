#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "pipeline/store/database.h"

namespace sitrep {

/// What `copy_store` copied: rows per table.
struct StoreCopy {
    std::map<std::string, int64_t> rows;
};

/// Copies every table of the schema from `from` into `to`, which must hold no submission and
/// no report yet, in one transaction on `to`: the same rows, ids, order of facts and bytes,
/// so that a report rendered from the copy is the report issued from the original.
/// Throws OutputError (nothing copied) when `to` is not empty.
StoreCopy copy_store(Database& from, Database& to);

}  // namespace sitrep
