#include "pipeline/cli/files_command.h"

#include <Poco/Exception.h>
#include <Poco/File.h>
#include <Poco/Path.h>
#include <fnmatch.h>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <map>
#include <set>

#include "pipeline/foundation/atomic_file.h"
#include "pipeline/foundation/errors.h"
#include "pipeline/foundation/sha256.h"
#include "pipeline/foundation/strings.h"
#include "pipeline/ingest/kept_bytes.h"
#include "pipeline/reconcile/inputs.h"
#include "pipeline/store/store.h"
#include "pipeline/text/dates.h"

namespace sitrep {
namespace {

bool exists(const std::string& path) {
    try {
        return !path.empty() && Poco::File(path).exists();
    } catch (const Poco::Exception&) {
        return false;
    }
}

// Every receipt with its status, and where the bytes of each can be found now.
class ReceivedFiles {
public:
    ReceivedFiles(const Store& store, const Config& config)
        : kept_{config.state, config.quarantine(), {}} {
        const auto submissions = store.submissions(store.max_sequence());
        for (const auto& s : submissions) by_sha_[s.sha256] = s;
        inputs_ = classify_inputs(submissions, store.receipts(store.max_receipt())).inputs;
        // Newest first: the reverse of arrival.
        std::reverse(inputs_.begin(), inputs_.end());
        for (auto& m : store.inbox_moves()) moved_[{m.file, m.sha256}] = m;  // the last move wins
        for (auto& e : store.inbox_entries())
            in_inbox_[{Poco::Path(e.path).getFileName(), e.sha256}] = e.path;
    }

    const std::vector<InputStatus>& inputs() const { return inputs_; }

    // The places that may hold the bytes of `in`, the state's copy first: it is always made.
    std::vector<std::string> copies(const InputStatus& in) const {
        std::vector<std::string> out;
        if (auto s = by_sha_.find(in.sha256); s != by_sha_.end())
            out.push_back(kept_bytes_path(kept_, s->second));
        if (auto m = moved_.find({in.file, in.sha256}); m != moved_.end() && !m->second.to.empty())
            out.push_back(m->second.to);
        if (auto p = in_inbox_.find({in.file, in.sha256}); p != in_inbox_.end())
            out.push_back(p->second);
        return out;
    }

    // Where an operator finds the file now: the inbox or the archive while it is there, else the
    // state's copy.
    std::string where(const InputStatus& in) const {
        const auto places = copies(in);
        for (auto it = places.rbegin(); it != places.rend(); ++it)
            if (exists(*it)) return *it;
        return "(no copy found)";
    }

    const StoredSubmission* submission(const std::string& sha) const {
        auto it = by_sha_.find(sha);
        return it == by_sha_.end() ? nullptr : &it->second;
    }

private:
    IngestPaths kept_;
    std::map<std::string, StoredSubmission> by_sha_;
    std::vector<InputStatus> inputs_;
    std::map<std::pair<std::string, std::string>, InboxMove> moved_;
    std::map<std::pair<std::string, std::string>, std::string> in_inbox_;
};

void print_table(const std::vector<std::vector<std::string>>& rows) {
    std::vector<size_t> width;
    for (const auto& row : rows)
        for (size_t i = 0; i < row.size(); ++i) {
            if (width.size() <= i) width.push_back(0);
            width[i] = std::max(width[i], row[i].size());
        }
    for (const auto& row : rows) {
        std::string line;
        for (size_t i = 0; i < row.size(); ++i) {
            line += row[i];
            if (i + 1 < row.size()) line += std::string(width[i] - row[i].size() + 2, ' ');
        }
        std::cout << line << "\n";
    }
}

bool is_hex(const std::string& text) {
    return !text.empty() && std::all_of(text.begin(), text.end(), [](unsigned char c) {
        return std::isxdigit(c) != 0;
    });
}

}  // namespace

int list_received_files(const Arguments& args, const Config& config) {
    if (args.positional.size() > 1)
        throw UsageError("files takes one PATTERN at most (quote it: 'dvz_*')");
    const std::string pattern = args.positional.empty() ? "*" : args.positional.front();
    std::optional<Date> since;
    if (auto v = args.get("since")) {
        since = parse_day(*v);
        if (!since) throw UsageError("--since '" + *v + "' is not a date YYYY-MM-DD");
    }
    const auto partner = args.get("partner");
    const Store store(config.store());
    const ReceivedFiles files(store, config);
    std::vector<std::vector<std::string>> rows = {
        {"RECEIVED", "NAME", "PARTNER", "FEED", "STATUS", "BYTES", "SHA256", "WHERE"}};
    for (const auto& in : files.inputs()) {
        if (::fnmatch(pattern.c_str(), in.file.c_str(), 0) != 0) continue;
        if (partner && in.partner != *partner) continue;
        if (since && in.received_at.substr(0, 10) < since->iso()) continue;
        rows.push_back({in.received_at, in.file, in.partner, in.feed, in.status,
                        std::to_string(in.bytes), in.sha256.substr(0, 12), files.where(in)});
    }
    print_table(rows);
    return 0;
}

int give_back_file(const Arguments& args, const Config& config) {
    if (args.positional.size() != 1) throw UsageError("file needs one NAME or SHA-256 prefix");
    const auto out_dir = args.get("out");
    if (!out_dir) throw UsageError("file needs --out DIR");
    const std::string wanted = args.positional.front();
    const Store store(config.store());
    const ReceivedFiles files(store, config);

    // A name first; a SHA-256 prefix only when no file has that name.
    std::vector<const InputStatus*> matches;
    for (const auto& in : files.inputs())
        if (in.file == wanted) matches.push_back(&in);
    if (matches.empty() && is_hex(wanted))
        for (const auto& in : files.inputs())
            if (iequal(std::string_view(in.sha256).substr(0, wanted.size()), wanted))
                matches.push_back(&in);
    std::set<std::string> shas;
    for (const auto* in : matches) shas.insert(in->sha256);
    if (shas.empty())
        throw NotFoundError("no file received is named '" + wanted +
                            "' or has a SHA-256 starting with it (see sitrep files)");
    if (shas.size() > 1) {
        std::string list;
        for (const auto* in : matches)
            list += "\n  " + in->sha256.substr(0, 12) + "  " + in->file + "  received " +
                    in->received_at + "  " + in->status;
        throw NotFoundError("'" + wanted + "' names " + std::to_string(shas.size()) +
                            " different files; give one by a longer SHA-256 prefix:" + list);
    }
    // The same bytes under several names: the name they first came under.
    const InputStatus& chosen = *matches.back();
    const StoredSubmission* s = files.submission(chosen.sha256);
    const std::string name = matches.size() == 1 || !s ? chosen.file : s->file;
    // A received name is a file name; taken as one, it cannot lead out of DIR.
    const std::string target = Poco::Path(*out_dir, Poco::Path(name).getFileName()).toString();
    std::string problems;
    // Received maybe by another instance of a shared store: its bytes come from the store.
    if (s && !s->rejected) store.bring_kept("submissions/" + s->sha256, config.state);
    for (const auto& copy : files.copies(chosen)) {
        std::ifstream in(copy, std::ios::binary);
        if (!in) {
            problems += "\n  " + copy + ": cannot be read";
            continue;
        }
        // Byte for byte what was received, or not at all.
        if (sha256_hex(in) != chosen.sha256) {
            problems += "\n  " + copy + ": its bytes have changed";
            continue;
        }
        Poco::File(*out_dir).createDirectories();
        copy_file_atomically(copy, target);
        std::cout << "wrote " << target << " (" << chosen.bytes << " bytes, sha256 "
                  << chosen.sha256 << ", from " << copy << ")\n";
        return 0;
    }
    throw OutputError("no intact copy of " + chosen.file + " (" + chosen.sha256 +
                      ") is left:" + problems);
}

}  // namespace sitrep
