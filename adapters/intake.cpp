#include "adapters/intake.h"

#include <algorithm>
#include <cctype>

#include "pipeline/catalogue/active_catalogue.h"
#include "pipeline/foundation/strings.h"

namespace sitrep {
namespace {

// Edit distance, for the patterns a misnamed file was probably meant for.
size_t distance(std::string_view a, std::string_view b) {
    std::vector<size_t> row(b.size() + 1);
    for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (size_t i = 1; i <= a.size(); ++i) {
        size_t diagonal = row[0];
        row[0] = i;
        for (size_t j = 1; j <= b.size(); ++j) {
            const size_t up = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = up;
        }
    }
    return row[b.size()];
}

// A name's shape: runs of digits and dashes (its dates) become `*`, as in the patterns.
std::string shape(std::string_view name) {
    std::string out;
    for (size_t i = 0; i < name.size(); ++i) {
        const char c = name[i];
        if (std::isdigit(static_cast<unsigned char>(c))) {
            while (i + 1 < name.size() &&
                   (std::isdigit(static_cast<unsigned char>(name[i + 1])) || name[i + 1] == '-'))
                ++i;
            out += '*';
        } else {
            out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        }
    }
    return out;
}

// Partners that may send a feed shared by many (HXL): the partner is not the feed's own.
bool shared_feed(const Catalogue& c, std::string_view feed) {
    for (const auto& p : c.partners())
        if (std::find(p.feeds.begin(), p.feeds.end(), feed) != p.feeds.end()) return true;
    return false;
}

bool may_send(const PartnerEntry& p, std::string_view feed) {
    return std::find(p.feeds.begin(), p.feeds.end(), feed) != p.feeds.end();
}

}  // namespace

std::vector<std::string> closest_patterns(std::string_view file_name, size_t count) {
    std::vector<std::pair<size_t, std::string>> scored;
    const std::string name = shape(file_name);
    for (const Adapter* a : all_feeds()) {
        const std::string p = a->pattern();
        scored.emplace_back(distance(name, ascii_lower(p)), p);
    }
    std::stable_sort(scored.begin(), scored.end(),
                     [](const auto& x, const auto& y) { return x.first < y.first; });
    std::vector<std::string> out;
    for (size_t i = 0; i < scored.size() && out.size() < count; ++i) out.push_back(scored[i].second);
    return out;
}

FeedChoice choose_feed(const Channel& channel, std::string_view file_name) {
    FeedChoice choice;
    const auto catalogue = active_catalogue();
    const std::string partners_file = catalogue->folder() + "/partners.ini";
    if (!channel.partner.empty() && !catalogue->partner(channel.partner)) {
        choice.feed = "unknown";
        choice.partner = channel.partner;
        choice.problem = "'" + channel.partner + "' (" + channel.name + ") is no partner of " +
                         partners_file;
        choice.forbidden = true;
        return choice;
    }
    choice.adapter = adapter_for(file_name);
    if (!choice.adapter) {
        choice.feed = "unknown";
        choice.partner = channel.partner.empty() ? "unknown" : channel.partner;
        std::string closest;
        for (const auto& p : closest_patterns(file_name)) closest += (closest.empty() ? "" : ", ") + p;
        choice.problem = "no partner feed accepts a file named like this (closest: " + closest +
                         "; `sitrep feeds` lists them all)";
        return choice;
    }
    choice.feed = std::string(choice.adapter->feed());
    const std::string named = choice.adapter->partner(file_name);
    if (shared_feed(*catalogue, choice.feed)) {
        // The name's prefix may only say who speaks where the channel does not.
        const std::string speaker = channel.partner.empty() ? named : channel.partner;
        choice.partner = speaker;
        const PartnerEntry* p = catalogue->partner(speaker);
        if (!channel.partner.empty() && named != speaker && catalogue->partner(named)) {
            choice.problem = "the file is named as partner '" + named + "''s, but came from " +
                             channel.name + " of partner '" + speaker + "'";
        } else if (!p) {
            choice.problem = "'" + speaker + "' (the file name's first word) is no partner of " +
                             partners_file + ": name the file PARTNER_… after a partner that " +
                             "may send " + choice.feed + " files, or drop it in inbox/PARTNER/";
        } else if (!may_send(*p, choice.feed)) {
            choice.problem = "partner '" + speaker + "' may not send " + choice.feed +
                             " files (" + p->where + ": its feeds)";
        }
        choice.forbidden = !choice.problem.empty() && !channel.partner.empty();
        return choice;
    }
    choice.partner = channel.partner.empty() ? named : channel.partner;
    if (!channel.partner.empty() && named != channel.partner)
        choice.problem = "this is a file of partner '" + named + "''s feed " + choice.feed +
                         " (" + choice.adapter->pattern() + "), but it came from " +
                         channel.name + " of partner '" + channel.partner + "'";
    choice.forbidden = !choice.problem.empty();
    return choice;
}

ParseResult take_in(const FeedChoice& choice, std::string_view file_name, std::istream& in) {
    if (!choice.problem.empty() || !choice.adapter) {
        ParseResult r;
        r.add_problem({"", choice.problem.empty() ? "no feed reads this file" : choice.problem, ""});
        return r;
    }
    ParseResult r = read_submission(*choice.adapter, file_name, in);
    const auto catalogue = active_catalogue();
    for (const auto& o : r.observations) {
        const AuthorityVerdict verdict = catalogue->may_report(choice.partner, o.indicator);
        if (!verdict.allowed) {
            r.add_problem({o.location, "partner '" + choice.partner + "' may not report " +
                                           o.indicator + " (" + verdict.rule + ")",
                           ""});
            continue;
        }
        const Indicator* ind = catalogue->indicator(o.indicator);
        if (!ind) continue;  // the feed itself says so
        for (const auto& [dimension, value] : o.breakdown)
            if (std::find(ind->breakdowns.begin(), ind->breakdowns.end(), dimension) ==
                ind->breakdowns.end())
                r.add_problem({o.location, o.indicator + " has no breakdown by " + dimension +
                                               " (" + ind->where + ")",
                               ""});
    }
    return r;
}

}  // namespace sitrep
