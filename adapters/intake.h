#pragma once

#include <istream>
#include <string>
#include <string_view>
#include <vector>

#include "adapters/adapter.h"

namespace sitrep {

/// Where a file came from. The channel decides who speaks: a partner's upload token, its
/// pull, its inbox folder `inbox/<partner>/`. Only the flat inbox lets a feed's file names
/// say who sent a file.
struct Channel {
    std::string partner;  ///< empty for the flat inbox
    std::string name;     ///< `upload`, `pull`, `inbox/redcross/`: for errors
};

/// Which feed reads a file and for whom, decided from its name and channel before any byte is
/// read.
struct FeedChoice {
    const Adapter* adapter = nullptr;
    std::string partner;  ///< who speaks for the file
    std::string feed;     ///< the feed's name, `unknown` without one
    std::string problem;  ///< why the file cannot be taken; empty when it can
    bool forbidden = false;  ///< the problem is who sends it, not what it is
};

/// Decides the feed of `file_name` received through `channel`: the one intake rule for the
/// inbox, uploads, pulls and `validate`.
FeedChoice choose_feed(const Channel& channel, std::string_view file_name);

/// Reads a submission as `choice` says: the feed's problems, then the catalogue's authority:
/// each fact of an indicator its partner may not report, or with a breakdown its indicator
/// does not carry, is a problem naming its row and the rule. A choice with a problem gives
/// that problem.
ParseResult take_in(const FeedChoice& choice, std::string_view file_name, std::istream& in);

/// The feeds' file-name patterns closest to `file_name`, best first (at most `count`).
std::vector<std::string> closest_patterns(std::string_view file_name, size_t count = 3);

}  // namespace sitrep
