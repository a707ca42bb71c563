#include "pipeline/reconcile/inputs.h"

#include <map>

namespace sitrep {
InputLedger classify_inputs(const std::vector<StoredSubmission>& submissions,
                            const std::vector<Receipt>& receipts, int64_t previous_receipt) {
    InputLedger out;
    std::map<std::string, const StoredSubmission*> by_sha;
    // For each partner, feed and base name, the newest revision wins (highest _vN, then latest
    // arrival): a partner's file never replaces another partner's of the same name.
    std::map<std::pair<std::string, std::string>, const StoredSubmission*> newest;
    const auto key = [](const StoredSubmission& s) {
        return std::make_pair(s.partner + '\x1f' + s.feed, revision_base(s.file));
    };
    for (const auto& s : submissions) {
        by_sha[s.sha256] = &s;
        if (s.rejected) continue;
        auto& slot = newest[key(s)];
        if (!slot || revision_number(s.file) > revision_number(slot->file) ||
            (revision_number(s.file) == revision_number(slot->file) &&
             s.sequence > slot->sequence))
            slot = &s;
    }
    std::set<std::string> superseded;
    for (const auto& s : submissions) {
        if (s.rejected) continue;
        const StoredSubmission* winner = newest[key(s)];
        if (winner != &s) {
            superseded.insert(s.sha256);
            out.superseded_at[s.sha256] = winner->sequence;
        } else {
            out.used.insert(s.sha256);
        }
    }
    std::set<std::string> listed;
    for (const auto& r : receipts) {
        auto it = by_sha.find(r.sha256);
        if (it == by_sha.end()) continue;
        const StoredSubmission& s = *it->second;
        InputStatus in;
        in.file = r.file;
        in.sha256 = s.sha256;
        in.partner = s.partner;
        in.feed = s.feed;
        in.received_at = r.received_at;
        in.reference_date = s.reference_date;
        in.bytes = s.bytes;
        in.is_new = r.id > previous_receipt;
        if (listed.count(s.sha256)) {
            in.status = "duplicate";
            in.error = "same bytes as " + s.file;
        } else if (s.rejected) {
            in.status = "rejected";
            in.error = s.error;
        } else if (superseded.count(s.sha256)) {
            in.status = "superseded";
            const StoredSubmission* winner = newest[key(s)];
            in.error = "replaced by " + winner->file;
        } else {
            in.status = "used";
        }
        listed.insert(s.sha256);
        out.inputs.push_back(std::move(in));
    }
    return out;
}

}  // namespace sitrep
