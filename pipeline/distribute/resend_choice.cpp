#include "pipeline/distribute/resend_choice.h"

#include <algorithm>
#include <cctype>
#include <map>

#include "pipeline/foundation/errors.h"

namespace sitrep {
namespace {

std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

/// Addresses compare without case: nobody types a recipient's address exactly as configured.
bool names(const std::string& wanted, const RecipientConfig& r) {
    return wanted == r.name || lower(wanted) == lower(r.email);
}

}  // namespace

std::vector<RecipientConfig> choose_recipients(const std::vector<RecipientConfig>& configured,
                                               const std::vector<QueuedMail>& mails,
                                               const ResendChoice& choice) {
    for (const auto& wanted : choice.to) {
        if (std::any_of(configured.begin(), configured.end(),
                        [&](const RecipientConfig& r) { return names(wanted, r); }))
            continue;
        std::string known;
        for (const auto& r : configured)
            known += (known.empty() ? "" : ", ") + r.name + " <" + r.email + ">";
        throw UsageError("--to: '" + wanted + "' is not a configured recipient (known: " +
                          (known.empty() ? "none" : known) + ")");
    }
    // The status of each recipient's newest mail: the highest round, then the latest queued.
    std::map<std::string, const QueuedMail*> last;
    for (const auto& m : mails) {
        const QueuedMail*& l = last[m.recipient];
        if (!l || m.round > l->round || (m.round == l->round && m.id > l->id)) l = &m;
    }
    std::vector<RecipientConfig> out;
    for (const auto& r : configured) {
        if (!choice.to.empty() &&
            std::none_of(choice.to.begin(), choice.to.end(),
                         [&](const std::string& wanted) { return names(wanted, r); }))
            continue;
        if (choice.failed_only) {
            const auto it = last.find(r.name);
            if (it == last.end() ||
                (it->second->status != "failed" && it->second->status != "in_doubt"))
                continue;
        }
        out.push_back(r);
    }
    return out;
}

}  // namespace sitrep
