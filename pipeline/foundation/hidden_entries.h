#pragma once

#include <string>
#include <vector>

namespace sitrep {

/// An entry of a folder whose name begins with a dot.
struct HiddenEntry {
    std::string name;
    bool is_directory = false;
    bool is_regular_file = false;
};

/// The entries of folder `dir` whose names begin with a dot (not `.` and `..`): where sitrep's
/// temporary files and staging folders live. A folder that is not there has none; one that
/// cannot be read is an OutputError. One pass of readdir that looks no further than the first
/// letter of the other names: an outbox holds every report ever issued, and a run must not
/// pay for them.
std::vector<HiddenEntry> hidden_entries(const std::string& dir);

}  // namespace sitrep
