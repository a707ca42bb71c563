#pragma once

#include <string>
#include <vector>

namespace sitrep {

/// The files of an inbox folder that are submissions, with those of its partners' sub-folders
/// (`inbox/<partner>/`, a partner of the catalogue; other folders are left alone), sorted by name with each browser copy right after its original
/// (hidden, temporary and partial uploads are skipped).
std::vector<std::string> inbox_files(const std::string& inbox);

}  // namespace sitrep
