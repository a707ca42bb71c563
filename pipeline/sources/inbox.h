#pragma once

#include <string>
#include <vector>

namespace sitrep {

/// The files of an inbox folder that are submissions, sorted by name with each browser copy
/// right after its original (hidden, temporary and partial uploads are skipped).
std::vector<std::string> inbox_files(const std::string& inbox);

}  // namespace sitrep
