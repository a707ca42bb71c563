#include "pipeline/cli/commands.h"

#include "pipeline/catalogue/active_catalogue.h"

#include <Poco/File.h>
#include <Poco/Path.h>
#include <spdlog/spdlog.h>

#include <charconv>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <tuple>

#include "adapters/intake.h"
#include "pipeline/foundation/strings.h"
#include "pipeline/ingest/ingest.h"
#include "pipeline/foundation/errors.h"
#include "pipeline/report/templates.h"
#include "pipeline/config/config.h"
#include "pipeline/run/clock.h"
#include "pipeline/run/run_report.h"
#include "pipeline/cli/feeds_command.h"
#include "pipeline/cli/files_command.h"
#include "pipeline/cli/migrate_command.h"
#include "pipeline/cli/serve_command.h"
#include "pipeline/distribute/resend_choice.h"
#include "pipeline/service/operations.h"
#include "pipeline/store/store.h"
#include "pipeline/text/dates.h"

namespace sitrep {

namespace {

// `12` as 12; nullopt for `12abc`, `-1`, `+1` or a number too large for an int.
std::optional<int> whole_number(const std::string& text) {
    int n = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (text.empty() || text[0] == '-' || ec != std::errc() || end != text.data() + text.size())
        return std::nullopt;
    return n;
}

// A figure as it is, for people checking a file: 9764400, not 9.7644e+06; 0.8441234, not
// 0.844123. Fixed notation with the shortest digits that read back to the same value.
std::string exact(double value) {
    char buf[400];  // the longest fixed double, about 1.8e308 written out, fits
    const auto res = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::fixed);
    return std::string(buf, res.ptr);
}

Config config_from(const Arguments& args) {
    Config c = config_without_catalogue(args);
    // Read before anything else, so that a mistake in it stops the command with its line.
    use_catalogue_folder(c.catalogue);
    return c;
}

int positional_number(const Arguments& args, const char* what) {
    if (args.positional.empty()) throw UsageError(std::string(what) + " needs a report number");
    const auto n = whole_number(args.positional.front());
    if (!n) throw UsageError("'" + args.positional.front() + "' is not a report number");
    return *n;
}

int cmd_run(const Arguments& args) {
    start_reading_time_zones();
    const Config config = config_from(args);
    RunOptions options;
    if (args.has("urgent")) options.kind = "urgent";
    options.reason = args.get("reason").value_or("");
    options.issued_at = args.get("issued-at");
    if (auto v = args.get("as-of")) {
        options.as_of = parse_day(*v);
        if (!options.as_of) throw UsageError("--as-of '" + *v + "' is not a date YYYY-MM-DD");
    }
    if (auto v = args.get("lang")) options.languages = split_list(*v);

    Operations ops(config);
    // The process ends with this command: a year-end report's thirty thousand strings go back
    // to the system with it, not freed one by one first (2 ms of a year-end run; a report of
    // day 30 is a tenth of it). Each kept reachable, so that no leak checker calls it lost.
    static auto* const issued = new std::vector<std::unique_ptr<const RunResult>>;
    const RunResult& result = *issued->emplace_back(new RunResult(ops.issue(options)));
    size_t rejected = 0;
    for (const auto& o : result.outcomes) {
        if (!o.rejected) continue;
        ++rejected;
        std::cerr << "rejected: " << o.error << "\n";
    }
    std::cout << "report " << result.report.number << " (" << result.report.kind << ", as of "
              << result.report.as_of.iso() << "): " << result.outcomes.size()
              << " inbox files, " << rejected << " rejected, " << result.report.figures.size()
              << " figures, " << result.report.findings.size() << " findings\n";
    for (const auto& path : result.written) std::cout << "wrote " << path << "\n";
    return result.all_used() ? 0 : 65;
}

int cmd_validate(const Arguments& args) {
    if (args.positional.empty()) throw UsageError("validate needs a FILE");
    const Config config = config_from(args);
    const std::string path = args.positional.front();
    const std::string name = Poco::Path(path).getFileName();
    // --partner P: as if P's channel (its token, pull or inbox folder) brought the file.
    const auto partner = args.get("partner");
    const FeedChoice choice =
        choose_feed(partner ? Channel{*partner, "--partner " + *partner} : Channel{}, name);
    if (!choice.adapter || !choice.problem.empty()) {
        std::cout << name << ": " << choice.problem << "\n";
        return 65;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) throw NotFoundError("cannot read " + path);
    const ParseResult r = take_in(choice, name, in);
    std::cout << name << " (" << choice.feed << ", partner " << choice.partner
              << "): " << r.rows << " rows";
    if (r.reference_date) std::cout << ", reference date " << r.reference_date->iso();
    std::cout << "\n";
    if (r.problem_count > 0) {
        std::cout << problems_text(name, r.problems, r.problem_count) << "\n";
        std::cout << "the file would be rejected (" << r.problem_count << " problems)\n";
        return 65;
    }
    // Figure by figure: what the file would set (a stock: its newest day) or add (a flow: its
    // periods' sum), beside what the newest report of the configured state shows.
    std::optional<PublishedFigures> last;
    if (!config.store_url.empty() || Poco::File(Poco::Path(config.state, "sitrep.db")).exists()) {
        const Store store(config.store());
        if (const auto reports = store.report_summaries(); !reports.empty())
            last = store.published_before(reports.back().number + 1);
    }
    struct Preview {
        size_t facts = 0;
        double total = 0, newest = 0;
        Date first, last;
        Unit unit = Unit::kCount;
    };
    std::map<std::tuple<std::string, std::string, std::string>, Preview> previews;
    for (const auto& o : r.observations) {
        auto& p = previews[{o.indicator, o.area, breakdown_key(o.breakdown)}];
        if (p.facts == 0 || o.from < p.first) p.first = o.from;
        if (p.facts == 0 || o.to > p.last) p.last = o.to, p.newest = 0;
        if (o.to == p.last) p.newest += o.value;
        ++p.facts;
        p.total += o.value;
        p.unit = o.unit;
    }
    for (const auto& [key, p] : previews) {
        const auto& [indicator, area, breakdown] = key;
        const Indicator* ind = find_indicator(indicator);
        const bool flow = ind && ind->kind == Kind::kFlow;
        std::cout << "  " << indicator << " " << area << (breakdown.empty() ? "" : " {" + breakdown + "}")
                  << ": " << p.facts << " facts, total " << exact(p.total) << "\n    ";
        if (flow)
            std::cout << "adds " << exact(p.total) << " for " << p.first.iso()
                      << (p.first == p.last ? "" : ".." + p.last.iso());
        else
            std::cout << "sets " << exact(p.newest) << " as of " << p.last.iso();
        if (last) {
            const std::string k = indicator + "|" + area + "|" + breakdown + "|" +
                                  (p.unit == Unit::kShare ? "share" : "count");
            const auto it = last->values.find(k);
            std::cout << " · report " << last->number << ": "
                      << (it == last->values.end() ? std::string("no such figure") : exact(it->second));
        }
        std::cout << "\n";
    }
    for (const auto& note : r.notes)
        std::cout << "  note (" << note.domain << ", " << note.lang << "): " << note.title << "\n";
    std::cout << "the file would be used\n";
    return 0;
}

int cmd_render(const Arguments& args) {
    const Config config = config_from(args);
    const int number = positional_number(args, "render");
    const auto out = args.get("out");
    if (!out) throw UsageError("render needs --out DIR");
    std::vector<std::string> langs;
    if (auto v = args.get("lang")) langs = split_list(*v);
    for (const auto& path :
         render_report(config, Templates::load(config.templates), number, *out, langs))
        std::cout << "wrote " << path << "\n";
    return 0;
}

int cmd_list(const Arguments& args) {
    const Config config = config_from(args);
    Store store(config.store());
    for (const auto& r : store.report_summaries())
        std::cout << r.number << "\t" << r.kind << "\t" << r.issued_at << "\tas of " << r.as_of
                  << (r.reason.empty() ? "" : "\t" + r.reason) << "\n";
    return 0;
}

int cmd_show(const Arguments& args) {
    const Config config = config_from(args);
    const int number = positional_number(args, "show");
    Store store(config.store());
    auto r = store.report(number);
    if (!r) throw NotFoundError("report " + std::to_string(number) + " was never issued");
    std::cout << r->manifest;
    return 0;
}

int cmd_serve(const Arguments& args) {
    const Config config = config_from(args);
    return serve(config, Templates::load(config.templates));
}

int cmd_send(const Arguments& args) {
    const Config config = config_from(args);
    if (config.recipients.empty()) throw ConfigError("no [recipient.*] in the configuration");
    if (config.smtp_host.empty()) throw ConfigError("no [smtp] host in the configuration");
    Operations ops(config, Templates::load(config.templates));
    const int number = positional_number(args, "send");
    ResendChoice choice;
    if (auto to = args.get("to")) {
        choice.to = split_list(*to);
        if (choice.to.empty()) throw ConfigError("--to names no recipient");
    }
    choice.failed_only = args.has("failed");
    const auto chosen = ops.resend(number, choice);
    if (chosen.empty()) {
        std::cout << "report " << number << ": no recipient to send to"
                  << (choice.failed_only ? " (no last mail of it failed or is in doubt)" : "")
                  << "\n";
        return 0;
    }
    // What this resend left: the newest round of each chosen recipient.
    std::map<std::string, QueuedMail> newest;
    for (const auto& m : ops.mail().for_report(number)) newest[m.recipient] = m;
    int sent = 0, waiting = 0;
    for (const auto& r : chosen) {
        const QueuedMail& m = newest[r.name];
        std::cout << r.name << " <" << r.email << ">: " << m.status
                  << (m.last_error.empty() ? "" : " (" + m.last_error + ")") << "\n";
        sent += m.status == "sent";
        waiting += m.status == "queued";
    }
    std::cout << "report " << number << ": sent again to " << sent << " of " << chosen.size()
              << " recipient(s), " << waiting << " still waiting for the SMTP server\n";
    return waiting == 0 ? 0 : 75;
}

}  // namespace

int run_command(const Arguments& args) {
    if (args.command == "serve") return cmd_serve(args);
    if (args.command == "send") return cmd_send(args);
    if (args.command == "run") return cmd_run(args);
    if (args.command == "validate") return cmd_validate(args);
    if (args.command == "render") return cmd_render(args);
    if (args.command == "list") return cmd_list(args);
    if (args.command == "show") return cmd_show(args);
    if (args.command == "feeds") return feeds_command(args);
    if (args.command == "files") return list_received_files(args, config_from(args));
    if (args.command == "migrate") return migrate_command(args, config_from(args));
    if (args.command == "file") return give_back_file(args, config_from(args));
    throw UsageError("unknown command '" + args.command + "' (see sitrep --help)");
}

Config config_without_catalogue(const Arguments& args) {
    Config c = args.get("config") ? load_config(*args.get("config")) : default_config();
    if (auto v = args.get("inbox")) c.inbox = *v;
    if (auto v = args.get("outbox")) c.outbox = *v;
    if (auto v = args.get("state")) c.state = *v;
    if (auto v = args.get("store")) {
        if (v->rfind("postgresql://", 0) != 0 && v->rfind("postgres://", 0) != 0)
            throw UsageError("--store '" + *v + "' is not a postgresql:// URL");
        c.store_url = *v;
    }
    if (auto v = args.get("templates")) c.templates = *v;
    if (auto v = args.get("catalogue")) c.catalogue = *v;
    if (auto v = args.get("first-number")) {
        const auto n = whole_number(*v);
        if (!n) throw UsageError("--first-number '" + *v + "' is not a number");
        if (*n < 1) throw UsageError("--first-number must be 1 or more");
        c.first_number = *n;
    }
    return c;
}


}  // namespace sitrep
