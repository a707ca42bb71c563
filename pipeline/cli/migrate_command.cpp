#include "pipeline/cli/migrate_command.h"

#include <filesystem>
#include <iostream>
#include <set>

#include "pipeline/foundation/errors.h"
#include "pipeline/run/run_report.h"
#include "pipeline/store/store.h"
#include "pipeline/store/store_copy.h"

namespace sitrep {
namespace {

namespace fs = std::filesystem;

bool is_server(const std::string& url) {
    return url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0;
}

// What render N and `sitrep file` need beside the tables: every report's snapshots and every
// used submission's bytes, by their names in a state folder.
std::set<std::string> kept_names(const Store& store) {
    std::set<std::string> out;
    for (const auto& summary : store.report_summaries()) {
        const auto report = store.report(summary.number);
        if (!report) continue;
        for (const auto& [key, value] : parse_record(report->rendering))
            if (value.rfind("snapshots/", 0) == 0) out.insert(value);
    }
    for (const auto& s : store.submissions(store.max_sequence()))
        if (!s.rejected) out.insert("submissions/" + s.sha256);
    return out;
}

}  // namespace

int migrate_command(const Arguments& args, const Config& config) {
    const auto to = args.get("to");
    const auto from = args.get("from");
    if (to.has_value() == from.has_value())
        throw UsageError("migrate needs --to postgresql://… (from the configured store) or "
                         "--from postgresql://… (into the SQLite file of --state)");
    StoreLocation source = config.store(), target = config.store();
    if (to) {
        if (!is_server(*to)) throw UsageError("--to '" + *to + "' is not a postgresql:// URL");
        target.url = *to;
    } else {
        if (!is_server(*from)) throw UsageError("--from '" + *from + "' is not a postgresql:// URL");
        source.url = *from;
        target.url.clear();
        if (fs::exists(fs::path(config.state) / "sitrep.db"))
            throw UsageError("the state folder " + config.state +
                             " already has a store (sitrep.db): migrate into a new folder");
    }
    Store in(source);
    record_old_figures(in);
    Store out(target);
    const StoreCopy copied = copy_store(in.database(), out.database());
    // The files kept beside the tables follow them: from the old state folder into the
    // server, or from the server into the new state folder.
    size_t files = 0;
    for (const auto& name : kept_names(in)) {
        if (!in.bring_kept(name, config.state)) {
            std::cerr << "warning: " << name << " is not kept anywhere; reports that need it "
                      << "cannot be rendered\n";
            continue;
        }
        out.keep_files(name, config.state);
        ++files;
    }
    for (const auto& [table, rows] : copied.rows)
        std::cout << table << ": " << rows << " rows\n";
    std::cout << "kept files: " << files << "\n";
    std::cout << "copied " << in.database().description() << " to "
              << out.database().description() << "\n";
    return 0;
}

}  // namespace sitrep
