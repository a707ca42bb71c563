#include "pipeline/ingest/ingest.h"

#include <Poco/DirectoryIterator.h>
#include <Poco/Exception.h>
#include <Poco/File.h>
#include <Poco/Path.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <functional>
#include <exception>
#include <cstring>
#include <fstream>
#include <future>
#include <map>
#include <optional>
#include <set>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cerrno>

#include "adapters/intake.h"
#include "pipeline/foundation/errors.h"
#include "pipeline/foundation/file_names.h"
#include "pipeline/foundation/sha256.h"
#include "pipeline/foundation/strings.h"
#include "pipeline/foundation/atomic_file.h"
#include "pipeline/foundation/on_cores.h"
#include "pipeline/ingest/kept_bytes.h"

namespace sitrep {
namespace {

std::string hash_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw OutputError("cannot read " + path);
    return sha256_hex(in);
}

// Keeps the submission's bytes under its SHA-256, so that every figure can be traced back and
// a report rebuilt even after the inbox is cleaned.
void keep_bytes(const std::string& path, const std::string& state, const std::string& sha) {
    const std::string target = submission_copy_path(state, sha);
    Poco::File(Poco::Path(target).parent()).createDirectories();
    // A copy cut short by a power failure (renamed, but its data never written) is redone.
    if (Poco::File(target).exists() && Poco::File(target).getSize() == Poco::File(path).getSize())
        return;
    // Made durable with everything else of the run before the report is recorded.
    copy_file_unsynced(path, target);
}

std::string read_whole(const std::string& path) {
    std::ifstream in(path, std::ios::binary | std::ios::ate);
    if (!in) throw OutputError("cannot read " + path);
    std::string bytes(static_cast<size_t>(in.tellg()), '\0');
    in.seekg(0);
    if (!in.read(bytes.data(), static_cast<std::streamsize>(bytes.size())))
        throw OutputError("cannot read " + path);
    return bytes;
}

void quarantine(const std::string& path, const std::string& quarantine_dir,
                const std::string& name, const std::string& sha, const std::string& reason) {
    Poco::File(quarantine_dir).createDirectories();
    const std::string base = quarantine_copy_path(quarantine_dir, sha, name);
    if (!Poco::File(base).exists()) copy_file_atomically(path, base);
    write_file_atomically(base + ".reason.txt", reason + "\n");
}

}  // namespace

std::string problems_text(const std::string& file, const std::vector<Problem>& problems,
                          size_t total) {
    std::string out;
    for (const auto& p : problems) {
        if (!out.empty()) out.push_back('\n');
        out.append(describe(file, p));
    }
    if (total > problems.size())
        out += "\n" + file + ": ... and " + std::to_string(total - problems.size()) +
               " more problems";
    return out;
}

namespace {

// What reading one file gave, before anything is stored.
struct Prepared {
    std::string path;
    std::string file;
    std::string sha256;
    FeedChoice choice;
    uint64_t bytes = 0;
    int64_t mtime_ns = 0;
    std::string key;  ///< the absolute path, under which the store remembers it
    bool hashed = false;
    bool parsed = false;
    ParseResult parsed_result;
    /// The bytes are kept in the state already (copied by the reader, beside the store's
    /// work); `keep_error` is why the copy failed, thrown where the copy would have been made.
    bool kept = false;
    std::exception_ptr keep_error;
    /// The store failed while the reading thread asked it about these bytes: the run stops.
    std::exception_ptr store_error;
    /// Whether the store has these bytes, when it was asked for the run's files at once.
    std::optional<bool> known_bytes;
    /// For a store that keeps files for other instances: the bytes being deflated in a thread
    /// of their own, so that storing waits for neither the deflating nor the sending.
    std::shared_future<std::string> deflated;
    double read_ms = 0;  ///< hashing and parsing, for the log
};

// How far the helper may read ahead of the storing: files read and not yet taken wait in
// memory (each a file's aggregated facts, not its rows), and on a shared store each has a
// thread deflating its bytes. A file bigger than the bytes' budget is still read, alone.
constexpr uint64_t kReadAheadBytes = 64u << 20;
constexpr size_t kReadAheadFiles = 8;

// What reading a file is expected to cost, in CSV bytes: a workbook's bytes are deflated XML,
// each costing some sixty bytes of CSV (measured: Fedasil's 55 KB workbook ~8 ms, DVZ's
// 2.5 MB extract 6 ms). The helper reads the costliest first, so that the storing thread,
// which reads the cheap files itself, waits least for the dear ones.
constexpr uint64_t kWorkbookByteCost = 64;

uint64_t read_cost(const Prepared& p) {
    const std::string& f = p.file;
    const bool workbook =
        f.size() > 5 && iequal(std::string_view(f).substr(f.size() - 5), ".xlsx");
    return p.bytes * (workbook ? kWorkbookByteCost : 1);
}

double ms_since(std::chrono::steady_clock::time_point t) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t).count();
}

// What the store knows an inbox file by: its absolute path, so that runs from another working
// directory do not mistake one file for another. `cwd`: the working directory, asked once.
std::string absolute_key(const std::string& path, const Poco::Path& cwd) {
    return Poco::Path(path).absolute(cwd).toString();
}

// The inbox folder as `channel_of` compares it: absolute, ending in '/'. Worked out once per
// run, not per file: a year's inbox holds hundreds.
std::string inbox_root(const std::string& inbox) {
    return inbox.empty() ? std::string() : Poco::Path(inbox).absolute().makeDirectory().toString();
}

// The channel of the file whose absolute path is `key` (made as `inbox_root` is): the inbox
// itself, or the partner's folder in it.
Channel channel_of(const std::string& key, const std::string& root) {
    if (root.empty()) return {};
    const size_t slash = key.rfind('/');
    if (slash == std::string::npos || slash == 0) return {};
    if (std::string_view(key.data(), slash + 1) == root) return {};
    const size_t before = key.rfind('/', slash - 1);
    std::string folder = key.substr(before + 1, slash - before - 1);
    std::string said = "inbox folder ";
    said.append(folder).push_back('/');
    return {std::move(folder), std::move(said)};
}

// What the store remembers of an inbox path, if anything.
using EntryLookup = std::function<std::optional<InboxEntry>(const std::string& key)>;

// What a path holds, from its size and time only: complete when the store remembers the path
// with the same size and time (`sha256` set), else the bytes must be read.
// `key` is the file's absolute path, `root` the inbox's (see inbox_root).
Prepared look_up(const std::string& path, std::string key, const std::string& root,
                 const EntryLookup& remembered) {
    const auto started = std::chrono::steady_clock::now();
    Prepared p;
    p.path = path;
    p.file = key.substr(key.rfind('/') + 1);
    p.choice = choose_feed(channel_of(key, root), p.file);
    // Size and time before the bytes: a file changed while it is read differs next time.
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0)
        throw OutputError("cannot read " + path + ": " + std::strerror(errno));
    p.bytes = static_cast<uint64_t>(st.st_size);
    p.mtime_ns = int64_t{st.st_mtim.tv_sec} * 1'000'000'000 + st.st_mtim.tv_nsec;
    p.key = std::move(key);
    const auto entry = remembered(p.key);
    if (entry && entry->size == p.bytes && entry->mtime_ns == p.mtime_ns)
        p.sha256 = entry->sha256;
    p.read_ms = ms_since(started);
    return p;
}

// Hashes (unless hashed already) and parses a file `look_up` could not settle. Runs in the
// storing thread or in the helper beside it: the store's connection takes one statement at a
// time from either, and this one only reads.
Prepared read_new(Prepared p, const IngestPaths& paths, const Store& store) {
    const auto started = std::chrono::steady_clock::now();
    const std::string& path = p.path;
    if (!p.hashed) {
        p.sha256 = hash_file(path);
        p.hashed = true;
    }
    // The store's failure is the run's, not this file's: carried to the storing thread.
    try {
        if (p.known_bytes ? *p.known_bytes : store.find(p.sha256).has_value()) {
            p.read_ms = ms_since(started);
            return p;
        }
    } catch (...) {
        p.store_error = std::current_exception();
        return p;
    }

    ParseResult parsed;
    if (p.choice.problem.empty() && p.bytes == 0) {
        parsed.add_problem({"", "the file is empty", ""});
    } else {
        std::ifstream in(path, std::ios::binary);
        if (!in) throw OutputError("cannot read " + path);
        parsed = take_in(p.choice, p.file, in);
    }
    // A file that will be stored is kept here, in the reading thread: copying it is a
    // tenth of what storing a small file costs, and the storing thread is the slower one.
    if (parsed.problem_count == 0 && parsed.problems.empty()) {
        try {
            keep_bytes(path, paths.state, p.sha256);
            // The copy just kept, not the inbox file, which its partner may replace meanwhile.
            if (store.keeps_files())
                p.deflated = std::async(std::launch::async,
                                        [copy = submission_copy_path(paths.state, p.sha256)] {
                                            // Needed only when the run's files are all stored:
                                            // it takes what CPU reading and storing leave.
                                            ::setpriority(PRIO_PROCESS,
                                                          static_cast<id_t>(::gettid()), 19);
                                            return Store::deflated_for_keeping(read_whole(copy));
                                        })
                                 .share();
        } catch (...) {
            p.keep_error = std::current_exception();
        }
        p.kept = true;
    }
    p.parsed = true;
    p.parsed_result = std::move(parsed);
    p.read_ms = ms_since(started);
    return p;
}

// What a run does once for all its files, at the end of its transaction: remember their
// paths, and keep their bytes for the other instances of a shared store.
struct Later {
    std::vector<InboxEntry> entries;
    std::vector<std::pair<std::string, std::shared_future<std::string>>> kept;

    void finish(Store& store) {
        store.remember_inbox_entries(entries);
        std::vector<std::pair<std::string, std::string>> files;
        for (auto& [name, deflated] : kept) files.emplace_back(name, deflated.get());
        store.keep_deflated(files);
    }
};

// The feed and partner a submission is stored under: "unknown" when no feed took it.
std::string stored_feed(const FeedChoice& c) { return c.feed.empty() ? "unknown" : c.feed; }
std::string stored_partner(const FeedChoice& c) {
    return c.partner.empty() ? "unknown" : c.partner;
}

// `may_be_known`: the store may hold the bytes though the reading thread found them new.
// `later`: where what can wait for the end of the run goes; without it, it is done at once.
// `asked`: the submissions of the files not read again, asked for at once (on a server).
IngestOutcome store_prepared(Store& store, const IngestPaths& paths, Prepared& p,
                             const std::string& received_at, bool may_be_known = true,
                             Later* later = nullptr,
                             const std::map<std::string, StoredSubmission>* asked = nullptr) {
    const auto remember = [&](const InboxEntry& e) {
        if (later) later->entries.push_back(e);
        else store.remember_inbox_entry(e);
    };
    const auto started = std::chrono::steady_clock::now();
    IngestOutcome out;
    out.file = p.file;
    out.path = p.path;
    out.sha256 = p.sha256;
    const std::string& path = p.path;
    const uint64_t bytes = p.bytes;
    ParseResult& parsed = p.parsed_result;
    out.hashed = p.hashed;
    out.parsed = p.parsed;
    const InboxEntry entry{p.key, bytes, p.mtime_ns, out.sha256};
    // Also when read just now: the same bytes may have come twice in one run. A file not read
    // again was asked for with the others before the run stored anything.
    const auto find = [&]() -> std::optional<StoredSubmission> {
        if (!may_be_known) return std::nullopt;
        if (asked && !p.hashed)
            if (auto it = asked->find(out.sha256); it != asked->end()) return it->second;
        return store.find(out.sha256);
    };
    if (auto known = find()) {
        out.already_known = true;
        out.rejected = known->rejected;
        out.error = known->error;
        // Unchanged since a run remembered it under this path: its receipt and entry are there.
        if (!p.hashed) return out;
        store.add_receipt({out.file, out.sha256, received_at});
        remember(entry);
        return out;
    }
    if (!p.parsed)
        throw OutputError("inbox file " + path + " is remembered as " + out.sha256 +
                          ", which is not stored");

    StoredSubmission s;
    s.sha256 = out.sha256;
    s.file = out.file;
    s.partner = stored_partner(p.choice);
    s.feed = stored_feed(p.choice);
    s.bytes = bytes;
    s.received_at = received_at;
    s.reference_date = parsed.reference_date;
    s.rows = parsed.rows;
    if (parsed.problem_count > 0 || !parsed.problems.empty()) {
        s.rejected = true;
        s.error = problems_text(out.file, parsed.problems,
                                std::max(parsed.problem_count, parsed.problems.size()));
        quarantine(path, paths.quarantine, out.file, out.sha256, s.error);
        store.add(s, {}, {});
        remember(entry);
        spdlog::warn("rejected {}: {}", out.file, s.error.substr(0, s.error.find('\n')));
    } else {
        if (p.keep_error) std::rethrow_exception(p.keep_error);
        if (!p.kept) keep_bytes(path, paths.state, out.sha256);
        // A shared store keeps them too: any instance may be asked for them.
        const std::string kept = "submissions/" + out.sha256;
        if (!p.deflated.valid()) store.keep_files(kept, paths.state);
        else if (later) later->kept.emplace_back(kept, p.deflated);
        else store.keep_deflated({{kept, p.deflated.get()}});
        store.add(s, parsed.observations, parsed.notes);
        remember(entry);
        spdlog::info("stored {} ({}, {} rows, {} facts; read {:.1f} ms, stored {:.1f} ms)",
                     out.file, s.feed, parsed.rows, parsed.observations.size(), p.read_ms,
                     ms_since(started));
    }
    out.rejected = s.rejected;
    out.error = s.error;
    return out;
}

}  // namespace

IngestOutcome ingest_file(Store& store, const IngestPaths& paths, const std::string& path,
                          const std::string& received_at) {
    Prepared p = look_up(path, absolute_key(path, Poco::Path::current()), inbox_root(paths.inbox),
                         [&](const std::string& key) { return store.inbox_entry(key); });
    if (p.sha256.empty()) p = read_new(std::move(p), paths, store);
    return store_prepared(store, paths, p, received_at);
}

namespace {

// The inbox files a run must read, shared by the storing thread and one helper. The helper
// takes them costliest first, so that a big workbook is parsed while the small files before it
// are read and stored; the storing thread, which stores in inbox order, reads for itself any
// file the helper has not taken when its turn comes. Each file is read once, by whoever takes
// it first.
class SharedReading {
public:
    SharedReading(std::vector<Prepared>& looked_up, const std::vector<bool>& to_read,
                  const IngestPaths& paths, const Store& store)
        : files_(looked_up), paths_(paths), store_(store), slots_(looked_up.size()) {
        std::vector<size_t> order;
        for (size_t i = 0; i < files_.size(); ++i) {
            slots_[i].bytes = files_[i].bytes;
            if (to_read[i]) order.push_back(i);
        }
        std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
            return read_cost(files_[a]) > read_cost(files_[b]);
        });
        // One file is read where it is stored: a helper would only wait beside it.
        if (order.size() > 1) helper_ = std::thread([this, order] { help(order); });
    }

    ~SharedReading() {
        {
            std::lock_guard<std::mutex> hold(mutex_);
            stop_ = true;
        }
        room_.notify_all();
        if (helper_.joinable()) helper_.join();
    }

    SharedReading(const SharedReading&) = delete;
    SharedReading& operator=(const SharedReading&) = delete;

    /// File `i` read, by this thread or, if it took it first, by the helper (waited for).
    Prepared take(size_t i) {
        Slot& slot = slots_[i];
        if (!slot.taken.exchange(true)) return read_new(std::move(files_[i]), paths_, store_);
        std::future<Prepared> done = slot.result.get_future();
        struct GiveRoom {
            SharedReading& r;
            uint64_t bytes;
            ~GiveRoom() {
                {
                    std::lock_guard<std::mutex> hold(r.mutex_);
                    r.ahead_bytes_ -= bytes;
                    --r.ahead_files_;
                }
                r.room_.notify_all();
            }
        } give_room{*this, slot.bytes};
        return done.get();
    }

private:
    struct Slot {
        std::atomic<bool> taken{false};
        std::promise<Prepared> result;
        uint64_t bytes = 0;  ///< the file's size, counted against kReadAheadBytes
    };

    void help(const std::vector<size_t>& order) {
        for (size_t i : order) {
            {
                std::unique_lock<std::mutex> hold(mutex_);
                room_.wait(hold, [&] {
                    return stop_ ||
                           (ahead_bytes_ < kReadAheadBytes && ahead_files_ < kReadAheadFiles);
                });
                if (stop_) return;
            }
            Slot& slot = slots_[i];
            if (slot.taken.exchange(true)) continue;
            {
                std::lock_guard<std::mutex> hold(mutex_);
                ahead_bytes_ += slot.bytes;
                ++ahead_files_;
            }
            try {
                slot.result.set_value(read_new(std::move(files_[i]), paths_, store_));
            } catch (...) {
                slot.result.set_exception(std::current_exception());
            }
        }
    }

    std::vector<Prepared>& files_;
    const IngestPaths& paths_;
    const Store& store_;
    std::vector<Slot> slots_;
    std::mutex mutex_;
    std::condition_variable room_;
    uint64_t ahead_bytes_ = 0;
    size_t ahead_files_ = 0;
    bool stop_ = false;
    std::thread helper_;
};

// The files in order, inside the caller's transaction.
std::vector<IngestOutcome> ingest_in_order(Store& store, const IngestPaths& paths,
                                           const std::vector<std::string>& files,
                                           const std::string& received_at) {
    std::vector<IngestOutcome> out;
    // What the store remembers of every inbox path, asked at once: a year's inbox holds
    // hundreds, and on a server each question is a round trip.
    std::vector<std::string> keys;
    const Poco::Path cwd(Poco::Path::current());
    for (const auto& path : files) keys.push_back(absolute_key(path, cwd));
    const std::string root = inbox_root(paths.inbox);
    const auto remembered = store.inbox_entries(keys);
    const auto entry_of = [&](const std::string& key) -> std::optional<InboxEntry> {
        const auto it = remembered.find(key);
        if (it == remembered.end()) return std::nullopt;
        return it->second;
    };
    // A file unchanged since the last run is known from its size and time: it is not read.
    std::vector<Prepared> looked_up(files.size());
    std::vector<std::string> unreadable(files.size());
    std::vector<bool> to_read(files.size(), false);
    for (size_t i = 0; i < files.size(); ++i) {
        try {
            looked_up[i] = look_up(files[i], keys[i], root, entry_of);
            to_read[i] = looked_up[i].sha256.empty();
        } catch (const std::exception& e) {
            unreadable[i] = e.what();
        }
    }
    // On a server each question is a round trip: the new files are hashed first, one thread
    // a core, and the store asked about all their bytes at once rather than a file at a time.
    if (store.dialect() != Dialect::sqlite &&
        std::count(to_read.begin(), to_read.end(), true) > 1) {
        std::vector<std::function<void()>> hashing;
        for (size_t i = 0; i < files.size(); ++i)
            if (to_read[i])
                hashing.emplace_back([&looked_up, i] {
                    looked_up[i].sha256 = hash_file(looked_up[i].path);
                    looked_up[i].hashed = true;
                });
        // A file that cannot be hashed now is tried again, and reported, by its reader.
        run_on_cores(hashing);
        std::vector<std::string> shas;
        for (size_t i = 0; i < files.size(); ++i)
            if (to_read[i] && looked_up[i].hashed) shas.push_back(looked_up[i].sha256);
        const std::set<std::string> known = store.received(shas);
        for (size_t i = 0; i < files.size(); ++i)
            if (to_read[i] && looked_up[i].hashed)
                looked_up[i].known_bytes = known.count(looked_up[i].sha256) > 0;
    }
    // Which feeds have facts stored already, asked once for the run's new files.
    std::vector<std::pair<std::string, std::string>> feeds;
    for (size_t i = 0; i < files.size(); ++i)
        if (to_read[i])
            feeds.emplace_back(stored_feed(looked_up[i].choice), stored_partner(looked_up[i].choice));
    store.ask_feeds(feeds);
    // On a server, the submissions of the files not read again are asked for at once: a kept
    // inbox holds a year's, a round trip each. (SQLite answers each as fast as all at once.)
    std::map<std::string, StoredSubmission> asked;
    if (store.dialect() != Dialect::sqlite) {
        std::vector<std::string> unchanged;
        for (size_t i = 0; i < files.size(); ++i)
            if (unreadable[i].empty() && !to_read[i]) unchanged.push_back(looked_up[i].sha256);
        asked = store.find_all(unchanged);
    }
    SharedReading reading(looked_up, to_read, paths, store);
    // Bytes found new by a reader (inside this transaction, so no other writer came since)
    // are asked for again only when a file before them in this run had them too.
    std::set<std::string> seen;
    Later later;
    for (size_t i = 0; i < files.size(); ++i) {
        std::optional<Prepared> p;
        std::string error = unreadable[i];
        if (error.empty()) {
            try {
                p = to_read[i] ? reading.take(i) : std::move(looked_up[i]);
            } catch (const std::exception& e) {
                // Unreadable (permissions, vanished mid-read): it cannot be identified or kept,
                // so it is not stored; the run goes on and says so, and the next run tries again.
                error = e.what();
            }
        }
        if (p && p->store_error) std::rethrow_exception(p->store_error);
        if (!p) {
            IngestOutcome failed;
            failed.file = Poco::Path(files[i]).getFileName();
            failed.path = files[i];
            failed.rejected = true;
            failed.error = failed.file + ": cannot be read: " + error;
            spdlog::error("{}", failed.error);
            out.push_back(std::move(failed));
            continue;
        }
        const bool may_be_known = !p->parsed || !seen.insert(p->sha256).second;
        out.push_back(store_prepared(store, paths, *p, received_at, may_be_known, &later, &asked));
    }
    later.finish(store);
    return out;
}

}  // namespace

std::vector<IngestOutcome> ingest_files(Store& store, const IngestPaths& paths,
                                        const std::vector<std::string>& files,
                                        const std::string& received_at) {
    std::vector<IngestOutcome> out;
    store.together([&] { out = ingest_in_order(store, paths, files, received_at); });
    return out;
}

}  // namespace sitrep
