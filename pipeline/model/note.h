#pragma once

#include <string>

namespace sitrep {

/// A narrative update for the situation overview, shown in the language it was written in.
struct SituationNote {
    std::string domain;  ///< humanitarian, public-order, mobility, health, energy, cyber ...
    std::string lang;    ///< nl, fr or en
    std::string source;  ///< who wrote it: the part of the file name after the date
    std::string date;    ///< yyyy-mm-dd from the file name
    std::string title;   ///< the first `# ` heading, may be empty
    std::string body;    ///< the Markdown text after the header lines, without the title
    bool is_new = false; ///< received since the previous report
};

}  // namespace sitrep
