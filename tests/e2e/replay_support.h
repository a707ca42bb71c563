#pragma once

// Replays days of a generated year (bench/year_gen.py, the year-replay benchmark's own
// generator, with a seed of the test's choosing): each day's files go into the inbox, then
// `sitrep run --as-of DAY`, as the crisis centre runs it every morning.

#include <functional>
#include <map>
#include <regex>
#include <vector>

#include "pipeline/model/date.h"
#include "tests/e2e/e2e_support.h"

namespace sitrep::test {

/// One finding of a manifest, as the replay tests look at it.
struct SeenFinding {
    std::string kind, feed, period, news, message;
    int since = 0;
};

/// A generated year, replayed day by day into one inbox, outbox and state.
class YearReplay {
public:
    /// Generates the year of `seed` (a couple of seconds).
    explicit YearReplay(int seed) {
        const auto r = run("python3 " + std::string(SITREP_SOURCE_DIR) +
                           "/bench/year_gen.py --seed " + std::to_string(seed) + " --out " +
                           (t_ / "year"));
        REQUIRE_MESSAGE(r.exit_code == 0, r.output);
        fs::create_directories(t_ / "inbox");
    }

    /// Decides, for each generated file, whether it is delivered (true) or held back.
    std::function<bool(const std::string& file)> deliver = [](const std::string&) { return true; };

    /// Puts every file of the days before `day` into the inbox, without running: the history
    /// a replay starts from.
    void deliver_before(Date day) {
        for (Date d = kFirst; d < day; d = d + 1) deliver_day(d);
    }

    /// More options for every run, as ` --catalogue DIR`: what the operator configured.
    std::string run_options;

    /// Delivers `day`'s files and runs that morning's report; returns its number.
    int run_day(Date day) {
        deliver_day(day);
        const auto r = run_sitrep("run --quiet --inbox " + (t_ / "inbox") + " --outbox " +
                                  (t_ / "outbox") + " --state " + (t_ / "state") +
                                  " --as-of " + day.iso() + " --issued-at " + day.iso() +
                                  "T07:00:00+01:00" + run_options);
        REQUIRE_MESSAGE((r.exit_code == 0 || r.exit_code == 65), r.output);
        numbers_[day.days()] = ++issued_;
        return issued_;
    }

    /// Runs every morning from `first` to `last`, both included.
    void run_days(Date first, Date last) {
        for (Date d = first; d <= last; d = d + 1) run_day(d);
    }

    /// Puts a file into the inbox as a partner would.
    void drop(const std::string& name, const std::string& bytes) {
        std::ofstream(t_ / ("inbox/" + name), std::ios::binary) << bytes;
    }

    /// The manifest of the report issued on `day`.
    Poco::JSON::Object::Ptr manifest(Date day) const {
        char name[32];
        std::snprintf(name, sizeof name, "outbox/sitrep-%04d.json", numbers_.at(day.days()));
        return read_manifest(t_ / name);
    }

    /// The replay's state folder.
    std::string state() const { return t_ / "state"; }

    /// Runs one SQL statement on the replay's store: its SQLite file, or on the suite's
    /// PostgreSQL pass the database made for its state folder.
    CommandResult sql(const std::string& statement) const {
        const std::string url = e2e_store_url(state());
        return url.empty() ? run("sqlite3 '" + state() + "/sitrep.db' \"" + statement + "\"")
                           : run("psql -qX -v ON_ERROR_STOP=1 '" + url + "' -c \"" + statement + "\"");
    }

    /// The report number issued on `day`.
    int number(Date day) const { return numbers_.at(day.days()); }

    /// What `render` said and wrote for a report.
    struct Rendering {
        CommandResult command;
        Poco::JSON::Object::Ptr manifest;  ///< null when the command failed
    };

    /// Renders the report issued on `day` as if reconciliation `version` had issued it: its
    /// rendering record is edited in the store first. Into a folder beside the state.
    Rendering render_as(Date day, int version) const {
        const std::string number_text = std::to_string(number(day));
        const auto record = sql("SELECT rendering FROM reports WHERE number = " + number_text);
        REQUIRE_MESSAGE(record.exit_code == 0, record.output);
        std::smatch recorded;
        REQUIRE_MESSAGE(std::regex_search(record.output, recorded,
                                          std::regex("reconciliation=[0-9]+")),
                        record.output);
        const auto edited = sql("UPDATE reports SET rendering = replace(rendering, '" +
                                recorded.str() + "', 'reconciliation=" +
                                std::to_string(version) + "') WHERE number = " + number_text);
        REQUIRE_MESSAGE(edited.exit_code == 0, edited.output);
        const std::string out = t_ / "rendered";
        Rendering r;
        r.command = run_sitrep("render " + number_text + " --state " + state() + " --out " + out);
        if (r.command.exit_code != 0) return r;
        char name[32];
        std::snprintf(name, sizeof name, "/sitrep-%04d.json", number(day));
        r.manifest = read_manifest(out + name);
        return r;
    }

    /// The findings (or `cleared`) of the report issued on `day`, of one kind.
    std::vector<SeenFinding> findings(Date day, const std::string& kind,
                                      const char* list = "findings") const {
        std::vector<SeenFinding> out;
        auto all = manifest(day)->getArray(list);
        for (size_t i = 0; i < all->size(); ++i) {
            const auto f = all->getObject(static_cast<unsigned>(i));
            if (f->getValue<std::string>("kind") != kind) continue;
            out.push_back({kind, f->isNull("feed") ? "" : f->getValue<std::string>("feed"),
                           f->getValue<std::string>("period"), f->getValue<std::string>("news"),
                           f->getValue<std::string>("message"), f->getValue<int>("since")});
        }
        return out;
    }

    /// Files the generator wrote for `day` (none on most weekends).
    std::vector<std::string> files_of(Date day) const {
        std::vector<std::string> out;
        const fs::path dir = t_.path() / "year/days" / day.iso();
        if (fs::exists(dir))
            for (const auto& e : fs::directory_iterator(dir)) out.push_back(e.path().filename());
        std::sort(out.begin(), out.end());
        return out;
    }

    /// The bytes of one generated file.
    std::string generated(Date day, const std::string& file) const {
        return slurp((t_.path() / "year/days" / day.iso() / file).string());
    }

    /// The first day of every generated year.
    static inline const Date kFirst = *Date::parse_iso("2022-03-01");

private:
    void deliver_day(Date day) {
        for (const auto& f : files_of(day))
            if (deliver(f))
                fs::copy_file(t_.path() / "year/days" / day.iso() / f, t_.path() / "inbox" / f,
                              fs::copy_options::overwrite_existing);
    }

    TempDir t_;
    std::map<int32_t, int> numbers_;
    int issued_ = 0;
};

/// The day written `yyyy-mm-dd`.
inline Date on(const char* iso) { return *Date::parse_iso(iso); }

}  // namespace sitrep::test
