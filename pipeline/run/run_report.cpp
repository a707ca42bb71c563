#include "pipeline/run/run_report.h"

#include <Poco/File.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Path.h>
#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <optional>
#include <sstream>
#include <cstdio>
#include <exception>
#include <functional>
#include <future>
#include <system_error>

#include "pipeline/foundation/errors.h"
#include "pipeline/foundation/file_names.h"
#include "pipeline/foundation/heap_warmer.h"
#include "pipeline/foundation/on_cores.h"
#include "pipeline/foundation/strings.h"
#include "pipeline/reconcile/reconcile.h"
#include "pipeline/report/compose.h"
#include "pipeline/reconcile/finding_news.h"
#include "pipeline/report/manifest.h"
#include "pipeline/report/source_spans.h"
#include "pipeline/run/clock.h"
#include "pipeline/run/inbox_housekeeping.h"
#include "pipeline/run/outbox.h"
#include "pipeline/run/snapshot.h"
#include "pipeline/catalogue/active_catalogue.h"
#include "pipeline/sources/inbox.h"
#include "pipeline/store/compressed_text.h"
#include "pipeline/store/store.h"
#include "pipeline/writers/annex_writer.h"
#include "pipeline/foundation/atomic_file.h"
#include "pipeline/writers/pdf_writer.h"

namespace sitrep {
namespace {

// Serialises runs on one state folder (a daily run and an operator's urgent run at once).
class StateLock {
public:
    explicit StateLock(const std::string& state) {
        Poco::File(state).createDirectories();
        const std::string path = Poco::Path(state).append("sitrep.lock").toString();
        fd_ = ::open(path.c_str(), O_RDWR | O_CREAT, 0644);
        if (fd_ < 0) throw OutputError("cannot open lock file " + path);
        if (::flock(fd_, LOCK_EX) != 0) throw OutputError("cannot lock " + path);
    }
    ~StateLock() {
        ::flock(fd_, LOCK_UN);
        ::close(fd_);
    }
    StateLock(const StateLock&) = delete;
    StateLock& operator=(const StateLock&) = delete;

private:
    int fd_ = -1;
};

std::vector<std::string> languages_for(const Config& config, const Templates& templates,
                                       const std::vector<std::string>& requested) {
    std::vector<std::string> langs = !requested.empty()         ? requested
                                     : !config.languages.empty() ? config.languages
                                                                 : templates.languages();
    for (const auto& l : langs)
        if (!templates.has_language(l))
            throw ConfigError("language '" + l + "' has no label file in " + templates.dir() +
                              "/labels");
    return langs;
}

// The language of `sitrep-NNNN.annex.xlsx`, the name the annex had when it was English only:
// English when the report has it, else its first language.
std::string default_annex_language(const std::vector<std::string>& langs) {
    return std::find(langs.begin(), langs.end(), "en") != langs.end() ? "en" : langs.front();
}

// The report's files, as the manifest's `outputs` lists them: a PDF and an annex per language,
// then the annex under its language-free name.
std::vector<ReportOutput> outputs_of(int number, const std::vector<std::string>& langs) {
    const std::string stem = report_stem(number);
    std::vector<ReportOutput> out;
    for (const auto& lang : langs) out.push_back({"pdf", lang, stem + "." + lang + ".pdf", ""});
    for (const auto& lang : langs)
        out.push_back({"annex", lang, stem + ".annex." + lang + ".xlsx", ""});
    const std::string lang = default_annex_language(langs);
    out.push_back({"annex", lang, stem + ".annex.xlsx", stem + ".annex." + lang + ".xlsx"});
    return out;
}

// How the annexes of the reports issued now are written (deflated, charted). Each report's
// rendering record says it, so that `render N` writes a report's annexes as when it was issued.
constexpr AnnexStyle kIssuedAnnexStyle{};

// `manifest` receives the manifest's text and `deflated` the same deflated for the store, both
// made while the PDFs and the annexes render.
std::vector<std::string> write_files(const Report& report, const Templates& templates,
                                     const std::vector<std::string>& langs,
                                     const std::string& dir, AnnexStyle annex_style,
                                     std::string* manifest = nullptr,
                                     std::string* deflated = nullptr) {
    Poco::File(dir).createDirectories();
    const std::string stem = Poco::Path(dir, report_stem(report.number)).toString();
    // The PDFs and the annexes are independent and each costs tens of milliseconds inside
    // libharu and libxlsxwriter: rendered at once, then put in place one by one.
    std::vector<std::string> annexes, tmps;
    for (const auto& lang : langs) {
        annexes.push_back(stem + ".annex." + lang + ".xlsx");
        tmps.push_back(temporary_path_for(annexes.back()));
    }
    std::exception_ptr failure;
    // Every file waits for the disk in a thread of its own from the moment it is written,
    // while the cores render the rest; the renames and one sync of the folder come last. One
    // file after another (a sync of the file, then of the folder) held a run up 6 ms.
    const std::string manifest_path = stem + ".json";
    std::vector<std::string> pdf_tmps;
    for (const auto& lang : langs)
        pdf_tmps.push_back(temporary_path_for(stem + "." + lang + ".pdf"));
    const std::string manifest_tmp = temporary_path_for(manifest_path);
    // The syncs of the annexes, then of the PDFs, then of the manifest.
    std::vector<std::future<void>> synced(2 * langs.size() + 1);
    const auto sync_soon = [&](size_t slot, const std::string& path) {
        synced[slot] = std::async(std::launch::async, [path] { sync_file(path); });
    };
    // What the annexes say alike in every language (sources, locations, the domain sheets'
    // order) is worked out once, not once per language. Then the annexes, the PDFs and the
    // manifest are made by one thread per core, the annexes first: they take longest.
    std::optional<AnnexRows> rows;
    std::string manifest_text;
    // Each figure's sources, which the manifest and the annexes give alike: split once.
    std::vector<FigureSources> sources;
    try {
        sources = split_sources(report);
        rows.emplace(report, sources);
        std::vector<std::function<void()>> jobs;
        for (size_t i = 0; i < langs.size(); ++i)
            jobs.emplace_back([&, i] {
                write_annex(*rows, templates, langs[i], tmps[i], annex_style);
                sync_soon(i, tmps[i]);
            });
        for (size_t i = 0; i < langs.size(); ++i)
            jobs.emplace_back([&, i] {
                write_new_file(pdf_tmps[i], render_pdf(report, templates, langs[i]));
                sync_soon(langs.size() + i, pdf_tmps[i]);
            });
        jobs.emplace_back([&] {
            manifest_text = manifest_json(report, outputs_of(report.number, langs), sources);
            write_new_file(manifest_tmp, manifest_text);
            sync_soon(2 * langs.size(), manifest_tmp);
            // Level 1: half the time of zlib's default on a core the annexes want, for a
            // stored copy a quarter larger (a year-end manifest: 90 KB instead of 69 KB).
            if (deflated) *deflated = deflate_text(manifest_text, 1);
        });
        for (const auto& failed : run_on_cores(jobs))
            if (failed && !failure) failure = failed;
    } catch (...) {
        failure = std::current_exception();
    }
    // The annex under the name it had before there was one per language, for those who fetch
    // it by that name: a copy of the English one.
    const std::string default_annex = stem + ".annex.xlsx";
    const std::string default_tmp = temporary_path_for(default_annex);
    std::vector<std::string> written;
    // Every sync waited for, failed or not, before its file is renamed or removed.
    for (auto& f : synced) {
        if (!f.valid()) continue;
        try {
            f.get();
        } catch (...) {
            if (!failure) failure = std::current_exception();
        }
    }
    try {
        if (failure) std::rethrow_exception(failure);
        for (size_t i = 0; i < langs.size(); ++i) {
            const std::string path = stem + "." + langs[i] + ".pdf";
            rename_into_place(pdf_tmps[i], path);
            written.push_back(path);
        }
        const size_t default_index = static_cast<size_t>(
            std::find(langs.begin(), langs.end(), default_annex_language(langs)) - langs.begin());
        // A second name for the same bytes: a hard link costs no copy and no second sync;
        // a file system without hard links gets a copy.
        if (::link(tmps[default_index].c_str(), default_tmp.c_str()) != 0) {
            copy_file_unsynced(tmps[default_index], default_tmp);
            sync_file(default_tmp);
        }
        for (size_t i = 0; i < langs.size(); ++i) {
            rename_into_place(tmps[i], annexes[i]);
            written.push_back(annexes[i]);
        }
        rename_into_place(default_tmp, default_annex);
        written.push_back(default_annex);
        // The manifest last: its presence says the report is complete.
        rename_into_place(manifest_tmp, manifest_path);
        written.push_back(manifest_path);
        // The renames, made durable at once.
        sync_directory(dir);
        if (manifest) *manifest = std::move(manifest_text);
    } catch (...) {
        // Checked before cleaning up, while what filled the disk is still there.
        const bool full = disk_is_full(dir);
        for (const auto& tmp : tmps) std::remove(tmp.c_str());
        for (const auto& tmp : pdf_tmps) std::remove(tmp.c_str());
        std::remove(manifest_tmp.c_str());
        std::remove(default_tmp.c_str());
        try {
            throw;
        } catch (const Error& e) {
            const std::string said = e.what();
            if (full && said.rfind(no_space_left(""), 0) != 0)
                throw OutputError(no_space_left(dir) + ": " + said);
            throw;
        }
    }
    return written;
}

// Whom the report expects and how often: the rules' cadence per feed, and a partner's
// cadence from the configuration's [partner.P] expect / late_after_days over all its feeds.
// Without late_after_days, a partner's data may be a cadence and half of it (at least a
// week) past its period's end: the rules' own weekly 14 and monthly 45, near enough.
std::vector<Cadence> cadences_for(const Config& config, const ReconcileRules& rules) {
    std::vector<Cadence> out = rules.cadences;
    for (const auto& [name, p] : config.partners) {
        if (p.expect_every_days == 0 && p.late_after_days == 0) continue;
        Cadence c{name, "", 7, 14};
        for (const auto& r : rules.cadences)
            if (r.partner == name) {
                c.every_days = r.every_days;
                c.grace_days = r.grace_days;
                break;
            }
        if (p.expect_every_days) {
            c.every_days = p.expect_every_days;
            c.grace_days = c.every_days + std::max(c.every_days / 2, 7);
        }
        if (p.late_after_days) c.grace_days = p.late_after_days;
        out.push_back(c);
    }
    return out;
}

// The request fields every rendering of a report shares: rules and cadences from the
// configuration.
void apply_config(ReconcileRequest& request, const Config& config) {
    request.rules = load_rules(config.rules);
    request.cadences = cadences_for(config, request.rules);
}

// The memory reconciling the stored history will fault in on the run's own thread: about
// twelve times the facts' packed bytes (a year's: 776 KB packed, 2,200 pages faulted in while
// reading and choosing its facts, measured 2026-12-03), up to 32 MiB. A history whose facts
// pack into less than 87 KB (a MiB's twelfth) gets nothing warmed: run 30's 48 KB fault in
// twenty pages there.
size_t reconciling_memory(const Store& store) {
    constexpr int64_t kPerPackedByte = 12;
    constexpr int64_t kMost = int64_t{32} << 20;
    const int64_t need = std::min(store.packed_fact_bytes() * kPerPackedByte, kMost);
    return need >= (int64_t{1} << 20) ? static_cast<size_t>(need) : 0;
}

// Which reconciliation made a report: a rendering by another may differ from what was issued.
// 2: timeliness per feed from its period's end, findings with news, no partial-period jumps.
// 3: a totals check on a newer period of the same subject is that finding changed
//    (NewsRule::by_subject); a report of version 2 is rendered with version 2's news.
// 4: a flow's month is whole only where each partner's data begins by its first day and
//    reaches its last (WholeMonths::covered_by_partner); earlier reports keep their own rule.
constexpr int kReconciliationVersion = 4;

// The reconciliation version a report's record names, if it names one that is a number.
std::optional<int> reconciliation_of(const std::map<std::string, std::string>& record) {
    const auto it = record.find("reconciliation");
    if (it == record.end()) return std::nullopt;
    try {
        return std::stoi(it->second);
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

// `dvz/dvz.decisions:1:7;eurostat:31:46`: cadences as a report records them, a feed's after
// its partner and a slash; a partner's alone (reports before cadences per feed had only these).
std::string cadences_text(const std::vector<Cadence>& cadences) {
    std::string out;
    for (const auto& c : cadences)
        out += (out.empty() ? "" : ";") + c.partner + (c.feed.empty() ? "" : "/" + c.feed) +
               ":" + std::to_string(c.every_days) + ":" + std::to_string(c.grace_days);
    return out;
}

std::vector<Cadence> parse_cadences(const std::string& text) {
    std::vector<Cadence> out;
    std::stringstream ss(text);
    std::string item;
    while (std::getline(ss, item, ';')) {
        const size_t a = item.find(':'), b = item.rfind(':');
        if (a == std::string::npos || a == b) continue;
        const std::string who = item.substr(0, a);
        const size_t slash = who.find('/');
        out.push_back({who.substr(0, slash),
                       slash == std::string::npos ? std::string() : who.substr(slash + 1),
                       std::stoi(item.substr(a + 1, b - a - 1)), std::stoi(item.substr(b + 1))});
    }
    return out;
}

// The snapshots a report is rendered from, as they are kept in the state folder.
struct Snapshots {
    std::string templates, rules, catalogue;
};

// Keeps the templates, rules and catalogue of this run in the state folder (once per content):
// files only, no store, so that it can be done beside the ingest.
Snapshots take_snapshots(const Config& config) {
    return {snapshot_folder(config.templates, config.state, "templates"),
            snapshot_file(config.rules, config.state, "rules"),
            snapshot_texts(active_catalogue()->sources(), config.state, "catalogue")};
}

// What a report was rendered with, so that `render N` uses the same even after the templates,
// rules, languages or cadences changed.
// A shared store keeps the snapshots for every instance, so that any of them renders any report.
std::string rendering_record(const Config& config, Store& store, const Snapshots& taken,
                             const std::vector<std::string>& langs,
                             const std::vector<Cadence>& cadences) {
    std::string languages;
    for (const auto& l : langs) languages += (languages.empty() ? "" : ",") + l;
    for (const auto& kept : {taken.templates, taken.rules, taken.catalogue})
        store.keep_files(kept, config.state);
    return "templates=" + taken.templates + "\nrules=" + taken.rules +
           "\ncatalogue=" + taken.catalogue + "\nlanguages=" + languages +
           "\ncadences=" + cadences_text(cadences) +
           "\nreconciliation=" + std::to_string(kReconciliationVersion) +
           "\nannex_deflate=" + record_word(kIssuedAnnexStyle.deflate) +
           "\nannex_charts=" + record_word(kIssuedAnnexStyle.charts) +
           "\nannex_months=" + record_word(kIssuedAnnexStyle.months) +
           "\nannex_chart_data=" + record_word(kIssuedAnnexStyle.chart_data) + "\n";
}

// Reconciles what the store knew up to `request`'s limits and makes report `header` of it.
Report make_report(const Store& store, const ReportHeader& header, ReconcileRequest request) {
    request.number = header.number;
    request.as_of = header.as_of;
    request.watched_since = store.first_report_as_of().value_or(header.as_of);
    request.previous = store.published_before(header.number).value_or(PublishedFigures{});
    return compose_report(header, reconcile(store, request));
}

// Pulls, uploads and ingest write through temporary files too: what a crash left of them in
// the inbox and the state is removed, as the outbox's is.
void remove_temporaries_of_dead_writers(const Config& config) {
    for (const auto& dir : {config.inbox, Poco::Path(config.state).append("submissions").toString(),
                            config.quarantine()})
        for (const auto& name : remove_dead_temporaries(dir))
            spdlog::warn("removed {}/{}, left by a writer that died", dir, name);
}

}  // namespace

std::map<std::string, std::string> parse_record(const std::string& text) {
    std::map<std::string, std::string> out;
    std::stringstream ss(text);
    std::string line;
    while (std::getline(ss, line))
        if (const size_t eq = line.find('='); eq != std::string::npos)
            out[line.substr(0, eq)] = line.substr(eq + 1);
    return out;
}

// Reports issued before the store kept their figures and findings as rows have them only in
// their manifests: recorded from there once, their findings' news and since taken from the
// report before, as a run would have given them.
void record_old_figures(Store& store) {
    for (int number : store.reports_without_figures()) {
        const auto stored = store.report(number);
        if (!stored) continue;
        auto findings = read_manifest_findings(stored->manifest);
        const auto before = store.published_before(number);
        // As the reconciliation of their day matched them (they predate version 3).
        mark_news(findings, before ? before->findings : std::vector<Finding>{}, number,
                  NewsRule::by_period);
        store.record_figures(number, published_values(read_manifest_figures(stored->manifest)),
                             findings);
        spdlog::info("recorded the figures and findings of report {} from its manifest", number);
    }
}


std::vector<Cadence> watched_cadences(const Config& config) {
    return cadences_for(config, load_rules(config.rules));
}

bool RunResult::all_used() const {
    for (const auto& o : outcomes)
        if (o.rejected) return false;
    return true;
}

RunResult run_report(const Config& config, const Templates& templates, const RunOptions& options) {
    if (options.kind == "urgent" && options.reason.empty())
        throw ConfigError("an urgent report needs a reason (--reason)");
    // One catalogue from the first inbox file to the snapshot: an edit counts from the next run.
    const CatalogueHold one_catalogue;
    const auto langs = languages_for(config, templates, options.languages);

    // The instant now; its local time once the state is open, by when the time zone
    // database (read in a thread since the command started) is ready: waiting for it here
    // held the run up by two milliseconds.
    std::chrono::system_clock::time_point instant = std::chrono::system_clock::now();
    if (options.issued_at) {
        auto given = parse_iso_instant(*options.issued_at);
        if (!given)
            throw UsageError("--issued-at '" + *options.issued_at +
                              "' is not an ISO 8601 time like 2023-02-08T07:00:00+01:00");
        instant = *given;
    }

    // A zone that does not exist, like a bad rules file, stops the run before its state is
    // touched.
    check_time_zone(config.timezone);
    ReconcileRequest request;
    apply_config(request, config);  // a bad rules file stops the run before anything is stored
    ReportHeader header;
    using Clock = std::chrono::steady_clock;
    const auto started = Clock::now();
    auto ms_since = [](Clock::time_point t) {
        return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t).count();
    };
    StateLock lock(config.state);
    Store store(config.store());
    store.hold_run_lock();
    const LocalTime issued_local = local_time(instant, config.timezone);
    const std::string& issued_at = issued_local.iso;
    const Date local_day = issued_local.date;
    // Under the run lock: two instances that both think it is time issue it once.
    if (options.once_a_day)
        for (const auto& r : store.report_summaries()) {
            const auto issued = parse_iso_instant(r.issued_at);
            if (r.kind == "daily" && issued &&
                local_time(*issued, config.timezone).date == local_day)
                throw AlreadyIssuedToday("the daily report of " + local_day.iso() +
                                         " was already issued: report " +
                                         std::to_string(r.number));
        }
    // Faulted in beside the inbox's reading, for reconciling to reuse (see heap_warmer.cpp);
    // not for a daily run that finds its report already issued and stops here.
    const HeapWarmer warmed(reconciling_memory(store));
    tidy_outbox(config.outbox, [&](int n) { return store.report(n).has_value(); });
    remove_temporaries_of_dead_writers(config);
    record_old_figures(store);
    RunResult result;
    std::string rendering;
    // Beside the ingest, which leaves a core idle once its big files are read: what the first
    // PDF would otherwise make while the other cores wait for it. At the threads' own
    // priority: the writing waits for it, and a lowered one could not be raised again.
    std::future<void> pdf_prepared;
    try {
        pdf_prepared = std::async(std::launch::async, [] {
            try {
                prepare_pdf_rendering();
            } catch (...) {
                // The PDF that needs it says what is wrong.
            }
        });
    } catch (const std::system_error&) {
        // No thread to spare: the first PDF makes it.
    }
    // The snapshots and every new file in one transaction: stored together or, should one
    // fail, not at all (the next run takes the inbox again).
    store.together([&] {
        // Written while the inbox is read (a new state folder's first snapshots: 2-3 ms of
        // small files); the catalogue held above is the one both see.
        auto snapshots = std::async(std::launch::async, [&] { return take_snapshots(config); });
        try {
            // The run's clock (issued_at) also stamps what it receives, so that a replay with
            // a fixed --issued-at gives the same manifest.
            result.outcomes = ingest_files(store, {config.state, config.quarantine(), config.inbox},
                                           inbox_files(config.inbox), issued_at);
        } catch (...) {
            snapshots.wait();  // it reads the config and catalogue of this frame
            throw;
        }
        rendering = rendering_record(config, store, snapshots.get(), langs, request.cadences);
    });

    header.number = store.next_report_number(config.first_number);
    header.kind = options.kind;
    header.reason = options.reason;
    header.issued_at = issued_at;
    header.as_of = options.as_of.value_or(local_day);
    header.classification =
        config.classification.empty() ? templates.classification() : config.classification;
    if (auto hm = parse_hh_mm(config.daily_at)) {
        auto at = parse_iso_instant(issued_at);
        header.next_report =
            local_time(next_daily_run(*at, hm->first, hm->second, config.timezone),
                       config.timezone)
                .iso;
    }
    request.max_sequence = store.max_sequence();
    request.max_receipt = store.max_receipt();
    const auto ingested = ms_since(started);
    // What the run kept in the state (submissions' bytes, snapshots) is final: made durable
    // while the report is reconciled and written, not after.
    auto state_synced = std::async(std::launch::async, [&] { sync_filesystem(config.state); });
    store.checkpoint_in_background();
    const auto composing = Clock::now();
    result.report = make_report(store, header, request);
    const auto composed = ms_since(composing);
    const auto writing = Clock::now();
    // Written where nobody looks until the number is recorded: a crash or a full disk before
    // then leaves no file of a report that was never issued.
    StagedReport staged(config.outbox, header.number);
    std::string manifest, deflated;
    if (pdf_prepared.valid()) pdf_prepared.wait();
    // What the store keeps of the figures for the next report, made beside the files (a
    // year-end report's 1,200 values: 11 M instructions that the recording waited for).
    std::map<std::string, double> published;
    std::string packed;
    std::future<void> figures_kept;
    const auto keep_figures = [&] {
        published = published_values(result.report.figures);
        packed = pack_figures(published);
    };
    try {
        figures_kept = std::async(std::launch::async, keep_figures);
    } catch (const std::system_error&) {
        // No thread to spare: made after the files.
    }
    const auto files = [&] {
        try {
            return write_files(result.report, templates, langs, staged.dir(), kIssuedAnnexStyle,
                               &manifest, &deflated);
        } catch (...) {
            if (figures_kept.valid()) figures_kept.wait();  // it reads the report
            throw;
        }
    }();
    if (figures_kept.valid()) figures_kept.get();
    else keep_figures();
    const auto wrote = ms_since(writing);

    // The kept submissions and the report's files are on disk before the number is recorded:
    // each file was synced as it was written, its staging folder's entry is synced here.
    state_synced.get();
    sync_directory(config.outbox);
    StoredReport stored;
    stored.number = header.number;
    stored.kind = header.kind;
    stored.issued_at = header.issued_at;
    stored.as_of = header.as_of.iso();
    stored.reason = header.reason;
    stored.max_sequence = request.max_sequence;
    stored.max_receipt = request.max_receipt;
    stored.rendering = rendering;
    stored.manifest = std::move(manifest);
    stored.manifest_deflated = std::move(deflated);
    stored.figures = std::move(published);
    stored.figures_packed = std::move(packed);
    stored.findings = result.report.findings;
    // From here on the number may be issued even if recording throws: keep the files staged.
    staged.recording();
    store.add_report(stored);
    // A crash between recording and moving is finished by the next run or service start.
    result.written = staged.publish(files);
    // Only now may inbox files go: until the report is recorded, the copies kept in the state
    // need not be on disk, and a run that fails must find the inbox as it was.
    tidy_inbox(config, store, result.outcomes, {header.number, issued_at, local_day});
    spdlog::info("issued report {} ({} files) in {} ms: ingest {} ms, reconcile {} ms, write {} ms",
                 header.number, result.written.size(), ms_since(started), ingested, composed,
                 wrote);
    return result;
}

void finish_interrupted_reports(const Config& config) {
    StateLock lock(config.state);
    Store store(config.store());
    tidy_outbox(config.outbox, [&](int n) { return store.report(n).has_value(); });
    remove_temporaries_of_dead_writers(config);
}

std::vector<std::string> render_report(const Config& config, const Templates& templates,
                                       int number, const std::string& out_dir,
                                       const std::vector<std::string>& languages) {
    Store store(config.store());
    record_old_figures(store);
    auto stored = store.report(number);
    if (!stored) throw NotFoundError("report " + std::to_string(number) + " was never issued");
    auto manifest =
        Poco::JSON::Parser().parse(stored->manifest).extract<Poco::JSON::Object::Ptr>();
    ReconcileRequest request;
    ReportHeader header;
    const auto record = parse_record(stored->rendering);
    // Issued maybe by another instance of a shared store: its snapshots come from the store.
    const auto in_state = [&](const std::string& key) {
        store.bring_kept(record.at(key), config.state);
        return Poco::Path(config.state).append(record.at(key)).toString();
    };
    // A report of version 2 or 3 is reconciled as then: they differ from 4 only in their news
    // and in which months are whole, whose rules it keeps below.
    const auto version = reconciliation_of(record);
    if (!version || *version > kReconciliationVersion)
        spdlog::warn("report {} was issued by {} version of sitrep, which reconciled "
                     "differently: this rendering may differ from what was issued",
                     number, version ? "a newer" : "an earlier");
    std::optional<Templates> recorded;
    std::vector<std::string> langs = languages;
    // The catalogue report N was issued with decides, for this rendering, each indicator's
    // kind, what counts as cumulative and the feeds' cadences, as well as the names. It is
    // the process's catalogue until the rendering ends: `render` is a command of its own.
    std::optional<CatalogueSwap> issued_with;
    if (record.count("catalogue"))
        issued_with.emplace(std::make_shared<const Catalogue>(Catalogue::load(in_state("catalogue"))));
    if (record.count("templates")) {
        // Reports issued before the catalogue was data named their indicators in the templates.
        recorded = Templates::load(in_state("templates"));
        request.rules = load_rules(in_state("rules"));
        request.cadences = parse_cadences(record.at("cadences"));
        if (langs.empty()) langs = split_list(record.at("languages"));
    } else {
        apply_config(request, config);
    }
    header.number = number;
    header.kind = stored->kind;
    header.reason = stored->reason;
    header.issued_at = stored->issued_at;
    header.as_of = *Date::parse_iso(stored->as_of);
    header.classification = manifest->getValue<std::string>("classification");
    header.next_report = manifest->optValue<std::string>("next_report", "");
    request.max_sequence = stored->max_sequence;
    request.max_receipt = stored->max_receipt;
    request.news = version && *version >= 3 ? NewsRule::by_subject : NewsRule::by_period;
    request.whole_months = version && *version >= 4 ? WholeMonths::covered_by_partner
                                                    : WholeMonths::reached_by_indicator;
    const Report report = make_report(store, header, request);
    const Templates& used = recorded ? *recorded : templates;
    const auto recorded_word = [&](const std::string& key) -> std::optional<std::string> {
        const auto it = record.find(key);
        if (it == record.end()) return std::nullopt;
        return it->second;
    };
    const AnnexStyle style{annex_deflate_of(recorded_word("annex_deflate")),
                           chart_planning_of(recorded_word("annex_charts")),
                           month_rows_of(recorded_word("annex_months")),
                           chart_data_of(recorded_word("annex_chart_data"))};
    return write_files(report, used, languages_for(config, used, langs), out_dir, style);
}

}  // namespace sitrep
