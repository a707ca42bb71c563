// sitrep: partner submissions in, numbered situation reports out.
#include <spdlog/spdlog.h>

#include <cstdio>
#include <iostream>

#include "pipeline/cli/arguments.h"
#include "pipeline/cli/commands.h"
#include "pipeline/cli/logging.h"
#include "pipeline/foundation/errors.h"
#include "pipeline/foundation/heap_policy.h"

namespace {

constexpr const char* kUsage = R"(usage: sitrep COMMAND [options]

commands:
  run        ingest the inbox, reconcile, and write the next numbered report
             [--urgent --reason TEXT] [--as-of YYYY-MM-DD] [--issued-at ISO8601]
             [--lang nl,fr,en] [--first-number N]
  validate FILE [--partner P]
             what a partner's file would contribute, and every problem in it
             (--partner: as if P's token, pull or inbox folder brought it)
  feeds      every feed: partner, file names, format, indicators
  feeds check [DIR]
             every mistake in a catalogue folder, with its file and line
  render N --out DIR
             write report N again, exactly as it was issued
  list       the reports issued so far
  show N     the manifest of report N
  files [PATTERN] [--partner P] [--since YYYY-MM-DD]
             every file ever received, newest first (PATTERN: a glob on the name, quoted):
             status, short SHA-256, and where its bytes are now (inbox, archive or state)
  file NAME|SHA-PREFIX --out DIR
             write a received file's bytes back out, exactly as received
  serve      run the service: daily schedule, HTTP intake and API, e-mail
  migrate --to postgresql://…   copy the store (and its kept files) into an empty server
  migrate --from postgresql://… --state DIR
             copy a server's store into a new SQLite state folder
  send N [--to RECIPIENT[,..]] [--failed]
             e-mail report N again: to every recipient, to those named (section name
             or address), or to those whose last mail of N failed or is in doubt

common options:
  --config FILE   the INI configuration (see README.md)
  --inbox DIR --outbox DIR --state DIR --templates DIR --catalogue DIR
                  override the configured paths
  --store URL     the store: postgresql://USER@HOST:PORT/DB (password from [store]
                  password_file or ~/.pgpass), instead of the SQLite file in the state
  --quiet         log warnings and errors only
  --version       print the version and exit

exit codes: 0 done, 64 usage error, 65 some input was rejected (the report was still
            written), 66 no such report or file (or more than one file), 74 output or store
            failure, 78 configuration error
)";

}  // namespace

int main(int argc, char** argv) {
    sitrep::keep_freed_memory();
    sitrep::setup_logging();
    try {
        const sitrep::Arguments args = sitrep::parse_arguments(
            argc, argv,
            {"config", "inbox", "outbox", "state", "store", "templates", "catalogue", "as-of", "issued-at", "lang",
             "reason", "first-number", "partner", "out", "to", "since", "from"},
            {"urgent", "quiet", "help", "version", "failed"});
        if (args.has("version")) {
            std::cout << "sitrep " << SITREP_VERSION << "\n";
            return 0;
        }
        if (args.has("help") || args.command.empty() || args.command == "help") {
            std::cout << kUsage;
            return args.command.empty() && !args.has("help") ? 64 : 0;
        }
        if (args.has("quiet")) spdlog::set_level(spdlog::level::warn);
        return sitrep::run_command(args);
    } catch (const sitrep::Error& e) {
        spdlog::error("{}", e.what());
        return e.exit_code();
    } catch (const std::exception& e) {
        spdlog::critical("unexpected failure: {}", e.what());
        return 70;
    }
}
