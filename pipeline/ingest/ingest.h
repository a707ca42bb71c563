#pragma once

#include <string>
#include <vector>

#include "pipeline/store/store.h"

namespace sitrep {

/// What happened to one file of the inbox.
struct IngestOutcome {
    std::string file;
    std::string path;            ///< where it was read, as listed
    std::string sha256;          ///< empty when it could not be read
    bool already_known = false;  ///< the same bytes were stored before (under any name)
    bool hashed = false;         ///< its bytes were read to hash them (not when unchanged)
    bool parsed = false;         ///< its bytes were parsed (only when not already known)
    bool rejected = false;
    std::string error;           ///< all problems, one per line, for a rejected file
};

/// Where ingestion keeps what it receives.
struct IngestPaths {
    std::string state;       ///< the store and the kept submissions live here
    std::string quarantine;  ///< rejected files and their reasons
    /// The inbox the files were listed from: a file in its sub-folder `<partner>/` comes from
    /// that partner's channel. Empty: every file is taken as from the flat inbox.
    std::string inbox;
};


/// Reads one file into the store: hashes it, parses it with its partner's adapter, keeps its
/// bytes, and stores its facts, or quarantines it with the reason. Never throws for bad input.
/// A file whose path, size and modification time are as when last read is not hashed again,
/// and bytes already stored are not parsed again: a run costs what is new in the inbox.
IngestOutcome ingest_file(Store& store, const IngestPaths& paths, const std::string& path,
                          const std::string& received_at);

/// Ingests files in the given order, reading (hashing and parsing) two at a time while storing
/// them one by one, so the store sees the same order as with `ingest_file` in a loop; all of
/// them in one transaction: stored together, or none if one cannot be.
std::vector<IngestOutcome> ingest_files(Store& store, const IngestPaths& paths,
                                        const std::vector<std::string>& files,
                                        const std::string& received_at);

/// Joins a result's problems into one message: `file:line 3: ...` per line, with a count of
/// those not listed.
std::string problems_text(const std::string& file, const std::vector<struct Problem>& problems,
                          size_t total);

}  // namespace sitrep
