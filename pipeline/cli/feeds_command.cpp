#include "pipeline/cli/feeds_command.h"

#include <algorithm>
#include <iostream>
#include <map>
#include <set>

#include "adapters/tabular_feed.h"
#include "pipeline/catalogue/active_catalogue.h"
#include "pipeline/cli/commands.h"
#include "pipeline/config/config.h"
#include "pipeline/foundation/errors.h"

namespace sitrep {
namespace {

std::string joined(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& i : items) out += (out.empty() ? "" : ", ") + i;
    return out;
}

int check(const std::string& folder) {
    const auto mistakes = Catalogue::check(folder);
    for (const auto& m : mistakes) std::cout << m << "\n";
    if (!mistakes.empty()) {
        std::cout << mistakes.size() << (mistakes.size() == 1 ? " mistake" : " mistakes") << " in "
                  << folder << "\n";
        return 78;
    }
    const Catalogue c = Catalogue::load(folder);
    // Partners' `feeds` and `cadence.FEED` must name feeds that exist: a typo would make a feed
    // that never comes look missing and the real one look as if it had no cadence.
    std::map<std::string, std::string> own;  // feed name -> its partner
    std::set<std::string> names;
    for (const auto& d : c.feeds()) own[d.name] = d.partner, names.insert(d.name);
    for (const auto& a : adapters()) {
        names.insert(std::string(a->feed()));
        if (const std::string p = a->partner(""); !p.empty()) own[std::string(a->feed())] = p;
    }
    std::vector<std::string> wrong;
    for (const auto& p : c.partners()) {
        for (const auto& f : p.feeds)
            if (!names.count(f)) wrong.push_back(p.where + ": [" + p.code + "] feeds: no feed '" + f + "'");
        for (const auto& cad : p.cadences) {
            const std::string rest = cad.feed.substr(p.code.size() + 1);
            const auto it = own.find(cad.feed);
            const bool of_its_own = it != own.end() && it->second == p.code;
            const bool shared = std::find(p.feeds.begin(), p.feeds.end(), rest) != p.feeds.end();
            if (!of_its_own && !shared)
                wrong.push_back(cad.where + ": [" + p.code + "] cadence." + rest + ": " + cad.feed +
                                " is no feed of " + p.code + " (`sitrep feeds` lists them)");
        }
    }
    for (const auto& w : wrong) std::cout << w << "\n";
    if (!wrong.empty()) {
        std::cout << wrong.size() << (wrong.size() == 1 ? " mistake" : " mistakes") << " in " << folder << "\n";
        return 78;
    }
    std::cout << folder << ": " << c.indicators().size() << " indicators, " << c.partners().size()
              << " partners, " << c.feeds().size() << " feeds defined as data: no mistake\n";
    return 0;
}

void list(const Catalogue& c) {
    std::cout << "feed\tpartner\tfiles\tformat\tindicators\n";
    for (const Adapter* a : all_feeds()) {
        const std::string feed(a->feed());
        std::string partner, format, indicators;
        if (const auto* t = dynamic_cast<const TabularFeed*>(a)) {
            partner = t->definition().partner;
            const FeedDefinition& d = t->definition();
            format = d.format + (d.sheet.empty() ? "" : " sheet '" + d.sheet + "'") + " (" + d.where + ")";
            indicators = joined(t->definition().indicator_codes());
        } else {
            // A feed of code: its partners are those the catalogue lets send it, or its own.
            std::vector<std::string> senders;
            for (const auto& p : c.partners())
                if (std::find(p.feeds.begin(), p.feeds.end(), feed) != p.feeds.end())
                    senders.push_back(p.code);
            partner = senders.empty() ? a->partner("") : joined(senders);
            format = "code";
            indicators = senders.empty() && c.partner(partner)
                             ? joined(c.partner(partner)->indicators)
                             : "what its partner may report";
        }
        std::cout << feed << "\t" << partner << "\t" << a->pattern() << "\t" << format << "\t"
                  << (indicators.empty() ? "-" : indicators) << "\n";
    }
}

}  // namespace

int feeds_command(const Arguments& args) {
    const Config config = config_without_catalogue(args);
    if (!args.positional.empty() && args.positional.front() == "check")
        return check(args.positional.size() > 1 ? args.positional[1] : config.catalogue);
    if (!args.positional.empty())
        throw UsageError("feeds takes no argument but 'check [DIR]'");
    use_catalogue_folder(config.catalogue);
    list(*active_catalogue());
    return 0;
}

}  // namespace sitrep
