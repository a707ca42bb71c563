#pragma once

#include <string>

#include "pipeline/ingest/ingest.h"
#include "pipeline/store/store.h"

namespace sitrep {

/// Where ingestion keeps a used submission's bytes: `STATE/submissions/SHA256`.
std::string submission_copy_path(const std::string& state, const std::string& sha256);

/// Where ingestion keeps a rejected file's bytes: `QUARANTINE/SHA12_NAME`, its reason beside
/// it as `….reason.txt`.
std::string quarantine_copy_path(const std::string& quarantine, const std::string& sha256,
                                 const std::string& name);

/// Where the bytes of a stored submission are kept, whatever became of its inbox file (also
/// where a state made before the path was fixed kept them, beside the state folder).
std::string kept_bytes_path(const IngestPaths& paths, const StoredSubmission& s);

}  // namespace sitrep
