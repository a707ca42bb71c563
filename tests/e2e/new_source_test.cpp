// The README's "Add a new source" walkthrough, run exactly as written: its steps are read out of
// README.md, applied to a copy of the catalogue, rules and templates, and its commands run with
// the binary under test.
#include <regex>

#include "tests/e2e/service_process.h"

using namespace sitrep::test;

namespace {

/// One step of the walkthrough: what to do, to which file, with which text.
struct Step {
    std::string action;  ///< append, create, edit, run
    std::string file;
    std::string text;
};

// The `<!-- step: ACTION [FILE] -->` markers of README.md and the fenced block after each.
std::vector<Step> readme_steps() {
    std::istringstream in(slurp(std::string(SITREP_SOURCE_DIR) + "/README.md"));
    const std::regex marker(R"(^\s*<!-- step: (\w+)(?: (\S+))? -->\s*$)");
    std::vector<Step> steps;
    std::string line;
    while (std::getline(in, line)) {
        std::smatch m;
        if (!std::regex_match(line, m, marker)) continue;
        Step step{m[1], m[2], ""};
        std::getline(in, line);
        const size_t indent = line.find("```");
        REQUIRE_MESSAGE(indent != std::string::npos, "no fenced block after a step marker");
        while (std::getline(in, line) && line.find("```") == std::string::npos)
            step.text += (line.size() > indent ? line.substr(indent) : "") + "\n";
        steps.push_back(step);
    }
    return steps;
}

void apply(const Step& step, const fs::path& root) {
    const fs::path file = root / step.file;
    if (step.action == "append") {
        std::ofstream(file, std::ios::app) << step.text;
    } else if (step.action == "create") {
        std::ofstream(file) << step.text;
    } else if (step.action == "edit") {
        // A diff of whole lines: `-old` becomes `+new`.
        std::string content = slurp(file.string()), from, to;
        std::istringstream lines(step.text);
        for (std::string l; std::getline(lines, l);) {
            if (l.rfind("-", 0) == 0) from = l.substr(1);
            if (l.rfind("+", 0) == 0) to = l.substr(1);
        }
        const size_t at = content.find(from);
        REQUIRE_MESSAGE(at != std::string::npos, step.file << " has no line '" << from << "'");
        content.replace(at, from.size(), to);
        std::ofstream(file) << content;
    }
}

// A project folder of its own: the catalogue, templates and rules to edit, the fixtures.
void copy_project(const fs::path& root) {
    for (const char* folder : {"catalogue", "templates", "rules"})
        fs::copy(fs::path(SITREP_SOURCE_DIR) / folder, root / folder, fs::copy_options::recursive);
    fs::create_directory_symlink(fs::path(SITREP_SOURCE_DIR) / "tests", root / "tests");
    fs::create_directories(root / "inbox");
}

}  // namespace

TEST_CASE("an operator adds Sciensano's deaths from the README alone and sees them in the next report") {
    TempDir t;
    const fs::path root = t.path();
    copy_project(root);
    std::ofstream(root / "sitrep.ini") << "[paths]\ninbox = inbox\noutbox = outbox\nstate = state\n"
                                          "templates = templates\nrules = rules/reconcile.ini\n"
                                          "catalogue = catalogue\n";

    const auto steps = readme_steps();
    REQUIRE(steps.size() >= 6);
    std::vector<CommandResult> results;
    for (const auto& step : steps) {
        if (step.action != "run") {
            apply(step, root);
            continue;
        }
        std::istringstream commands(step.text);
        for (std::string command; std::getline(commands, command);) {
            if (command.empty()) continue;
            if (command.rfind("build/sitrep ", 0) == 0)
                command = std::string(SITREP_BINARY) + command.substr(12) + " --config sitrep.ini";
            results.push_back(run("cd '" + root.string() + "' && " + command));
            CHECK_MESSAGE(results.back().exit_code == 0, command << "\n" << results.back().output);
        }
    }
    REQUIRE(results.size() == 5);
    CHECK(results[0].output.find("no mistake") != std::string::npos);
    CHECK(results[1].output.find("(sciensano.deaths, partner sciensano): 2491 rows") != std::string::npos);
    CHECK(results[1].output.find(" facts, total 11858") != std::string::npos);
    CHECK(results[1].output.find("the file would be used") != std::string::npos);

    const auto m = read_manifest((root / "outbox/sitrep-0001.json").string());
    for (const auto& [area, deaths] : std::vector<std::pair<std::string, double>>{
             {"BE", 11858}, {"BE2", 5595}, {"BE3", 4419}, {"BE1", 1844}}) {
        const auto f = headline(m, "health.covid.deaths", area);
        REQUIRE_MESSAGE(f, area);
        CHECK(f->getValue<double>("value") == deaths);
    }
    CHECK(input(m, "sciensano_COVID19BE_MORT.csv")->getValue<std::string>("partner") == "sciensano");
    CHECK(pdf_text((root / "outbox/sitrep-0001.en.pdf").string()).find("COVID-19 deaths") != std::string::npos);
    CHECK(pdf_text((root / "outbox/sitrep-0001.nl.pdf").string()).find("Overlijdens door COVID-19") != std::string::npos);
    CHECK(pdf_text((root / "outbox/sitrep-0001.fr.pdf").string()).find("Décès dus au COVID-19") != std::string::npos);
}

TEST_CASE("a running service takes the new source's feed and section without a restart") {
    TempDir t;
    const fs::path root = t.path();
    copy_project(root);
    ServiceProcess service(write_config(t, 0, 64,
                                        "[paths]\ntemplates = templates\nrules = rules/reconcile.ini\n"
                                        "catalogue = catalogue\n[report]\ncatch_up = false\n"
                                        "[partner.sciensano]\ntoken = sciensano-token\n"));
    const std::string file = slurp(std::string(SITREP_FIXTURES_DIR) + "/new-source/sciensano_COVID19BE_MORT.csv");
    const auto before = upload(service.port(), "sciensano-token", "sciensano_COVID19BE_MORT.csv", file);
    CHECK(before.status == 403);
    CHECK(before.body.find("no partner of") != std::string::npos);

    for (const auto& step : readme_steps())
        if (step.action != "run") apply(step, root);
    // The service looks at the catalogue's files at most once a second.
    std::this_thread::sleep_for(std::chrono::milliseconds(1100));
    const auto after = upload(service.port(), "sciensano-token", "sciensano_COVID19BE_MORT.csv", file);
    CHECK_MESSAGE(after.status == 202, after.body);
    CHECK(after.body.find("\"total\": 11858") != std::string::npos);

    const auto issued = http(service.port(), "POST", "/api/v1/reports", kOperator,
                             R"({"reason": "new source"})");
    REQUIRE_MESSAGE(issued.status == 201, issued.body);
    const auto m = read_manifest((root / "outbox/sitrep-0237.json").string());
    const auto deaths = headline(m, "health.covid.deaths", "BE");
    REQUIRE(deaths);
    CHECK(deaths->getValue<double>("value") == 11858);
    CHECK(pdf_text((root / "outbox/sitrep-0237.en.pdf").string()).find("COVID-19 deaths") != std::string::npos);
    CHECK(service.stop() == 0);
}

TEST_CASE("SIGHUP does not stop a running service, which takes the edited catalogue at once") {
    TempDir t;
    const fs::path root = t.path();
    copy_project(root);
    ServiceProcess service(write_config(t, 0, 64,
                                        "[paths]\ncatalogue = catalogue\n[report]\ncatch_up = false\n"
                                        "[partner.sciensano]\ntoken = sciensano-token\n"));
    for (const auto& step : readme_steps())
        if (step.action == "append" && step.file.rfind("catalogue/", 0) == 0) apply(step, root);
    for (const auto& step : readme_steps())
        if (step.action == "create") apply(step, root);
    REQUIRE(::kill(service.pid(), SIGHUP) == 0);
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    const auto a = upload(service.port(), "sciensano-token", "sciensano_COVID19BE_MORT.csv",
                          "DATE,REGION,AGEGROUP,SEX,DEATHS\n2020-03-10,Brussels,85+,F,1\n");
    CHECK_MESSAGE(a.status == 202, a.body);
    CHECK(service.stop() == 0);
}

TEST_CASE("render N uses the catalogue report N was issued with, whatever the catalogue says since") {
    TempDir t;
    const fs::path root = t.path();
    copy_project(root);
    copy_demo_inbox(t / "inbox");
    const std::string args = " --catalogue " + (t / "catalogue");
    REQUIRE(run_sitrep(demo_run_args(t) + args).exit_code == 0);
    // Since then: the register's name, its kind and a cumulative flag all change.
    std::string indicators = slurp(t / "catalogue/indicators.ini");
    const auto replace = [&](const std::string& from, const std::string& to) {
        const size_t at = indicators.find(from);
        REQUIRE_MESSAGE(at != std::string::npos, from);
        indicators.replace(at, from.size(), to);
    };
    replace("[tp.register.persons]\nkind = stock", "[tp.register.persons]\nkind = flow");
    replace("label.en = Persons under temporary protection in the National Register", "label.en = Register");
    replace("[employment.jobseekers.registered]\nkind = stock\nunit = count\ncumulative = yes",
            "[employment.jobseekers.registered]\nkind = stock\nunit = count\ncumulative = no");
    std::ofstream(t / "catalogue/indicators.ini") << indicators;
    const auto r = run_sitrep("render 1 --out " + (t / "again") + " --state " + (t / "state") + args);
    REQUIRE_MESSAGE(r.exit_code == 0, r.output);
    for (const char* file : {"sitrep-0001.en.pdf", "sitrep-0001.nl.pdf", "sitrep-0001.annex.en.xlsx", "sitrep-0001.json"})
        CHECK_MESSAGE(slurp(t / (std::string("again/") + file)) == slurp(t / (std::string("outbox/") + file)), file);
}

TEST_CASE("a report issued while the catalogue folder holds a broken edit keeps the catalogue in use, and renders again") {
    TempDir t;
    const fs::path root = t.path();
    copy_project(root);
    copy_demo_inbox(t / "inbox");
    ServiceProcess service(write_config(t, 0, 64, "[paths]\ncatalogue = catalogue\n[report]\ncatch_up = false\n"));
    std::ofstream(root / "catalogue/feeds/broken.ini") << "[feed]\nname = broken\n";
    std::this_thread::sleep_for(std::chrono::milliseconds(1100));
    const auto issued = http(service.port(), "POST", "/api/v1/reports", kOperator, R"({"reason": "x"})");
    REQUIRE_MESSAGE(issued.status == 201, issued.body);
    CHECK(service.stop() == 0);
    const auto r = run_sitrep("render 237 --out " + (t / "again") + " --state " + (t / "state"));
    REQUIRE_MESSAGE(r.exit_code == 0, r.output);
    CHECK(slurp(t / "again/sitrep-0237.json") == slurp(t / "outbox/sitrep-0237.json"));
}
