#include <doctest/doctest.h>

#include <fstream>
#include <string>

#include "pipeline/foundation/errors.h"
#include "pipeline/config/config.h"
#include "tests/e2e/e2e_support.h"

using namespace sitrep;
using sitrep::test::TempDir;

namespace {

// The first ```ini block of README.md's Configuration section, exactly as a reader would copy it.
std::string readme_ini_example() {
    const std::string readme = test::slurp(std::string(SITREP_SOURCE_DIR) + "/README.md");
    const std::string fence = "```ini\n";
    const size_t section = readme.find("\n## Configuration\n");
    REQUIRE_MESSAGE(section != std::string::npos, "README.md has no Configuration section");
    const size_t begin = readme.find(fence, section);
    REQUIRE_MESSAGE(begin != std::string::npos, "README.md has no ```ini block");
    const size_t end = readme.find("\n```", begin + fence.size());
    REQUIRE(end != std::string::npos);
    return readme.substr(begin + fence.size(), end + 1 - begin - fence.size());
}

// Writes `text` as sitrep.ini in `dir` and returns its path.
std::string write_ini(const TempDir& dir, const std::string& text) {
    const std::string path = dir / "sitrep.ini";
    std::ofstream(path, std::ios::binary) << text;
    return path;
}

// The message of the ConfigError that loading `text` raises, or "" when it loads.
std::string config_error(const TempDir& dir, const std::string& text) {
    const std::string path = write_ini(dir, text);
    try {
        load_config(path);
    } catch (const ConfigError& e) {
        return e.what();
    }
    return "";
}

}  // namespace

TEST_CASE("the README's configuration example loads as written, with its comments") {
    TempDir dir;
    const Config c = load_config(write_ini(dir, readme_ini_example()));
    CHECK(c.inbox == dir / "inbox");
    CHECK(c.outbox == dir / "outbox");
    CHECK(c.state == dir / "state");
    CHECK(c.templates == dir / "templates");
    CHECK(c.rules == dir / "rules/reconcile.ini");
    CHECK(c.archive == dir / "archive");
    CHECK(c.after_run == AfterRun::keep);
    CHECK(c.first_number == 237);
    CHECK(c.languages == std::vector<std::string>{"nl", "fr", "en"});
    CHECK(c.daily_at == "07:00");
    CHECK(c.timezone == "Europe/Brussels");
    CHECK(c.classification == "TLP:AMBER");
    CHECK(c.http_bind == "127.0.0.1");
    CHECK(c.http_port == 8080);
    CHECK(c.operator_token == "change-me");
    CHECK(c.max_upload_mb == 64);
    REQUIRE(c.partners.count("actiris") == 1);
    const PartnerConfig& actiris = c.partners.at("actiris");
    CHECK(actiris.token == "secret-of-actiris");
    CHECK(actiris.pull_url == "https://api.actiris.example/ukraine/stats");
    CHECK(actiris.pull_token == "…");
    CHECK(actiris.pull_every_seconds == 3600);
    CHECK(actiris.expect_every_days == 1);
    CHECK(actiris.late_after_days == 3);
    CHECK(c.smtp_host == "127.0.0.1");
    CHECK(c.smtp_port == 25);
    CHECK(c.smtp_from == "sitrep@crisiscenter.example");
    CHECK_FALSE(c.smtp_starttls);
    CHECK(c.smtp_user == "");
    CHECK(c.smtp_password == "");
    REQUIRE(c.recipients.size() == 1);
    CHECK(c.recipients[0].name == "fedasil-ops");
    CHECK(c.recipients[0].email == "ops@fedasil.example");
    CHECK(c.recipients[0].lang == "fr");
    CHECK(c.recipients[0].partner == "fedasil");
    CHECK(c.recipients[0].attach_pdf);
    CHECK(c.recipients[0].attach_annex);
}

TEST_CASE("a ';' or '#' after a space starts a comment, unless the value is quoted") {
    TempDir dir;
    const Config c = load_config(write_ini(dir,
                                           "# a whole-line comment\n"
                                           "; another one\n"
                                           "[http]   ; after a section\n"
                                           "operator_token = \"a ;b #c\"  ; quoted: kept\n"
                                           "port = 8081 # hash comment\n"
                                           "[partner.dvz]\n"
                                           "token = abc;def#ghi\n"
                                           "pull_url = https://dvz.example/tp#latest\n"
                                           "[smtp]\n"
                                           "host = 127.0.0.1\n"
                                           "from = \"sitrep@x.example\"\n"
                                           "password =  ; nothing\n"));
    CHECK(c.operator_token == "a ;b #c");
    CHECK(c.http_port == 8081);
    CHECK(c.partners.at("dvz").token == "abc;def#ghi");
    CHECK(c.partners.at("dvz").pull_url == "https://dvz.example/tp#latest");
    CHECK(c.smtp_from == "sitrep@x.example");
    CHECK(c.smtp_password == "");
}

TEST_CASE("[store] names a PostgreSQL server and a password file beside the configuration") {
    TempDir dir;
    std::ofstream(dir / "pg.pass") << "s3cret; #1\n";
    const Config c = load_config(write_ini(
        dir, "[store]\nurl = postgresql://sitrep@db.example:5432/sitrep\npassword_file = pg.pass\n"));
    CHECK(c.store().url == "postgresql://sitrep@db.example:5432/sitrep");
    CHECK(c.store().password == "s3cret; #1");
    CHECK(c.store().state_dir == c.state);
    CHECK(default_config().store().url.empty());
}

TEST_CASE("a [store] password file that cannot be read stops start-up, naming it") {
    TempDir dir;
    const std::string e = config_error(dir, "[store]\npassword_file = missing.pass\n");
    CHECK(e.find("[store] password_file: cannot read") != std::string::npos);
    CHECK(e.find("missing.pass") != std::string::npos);
}

TEST_CASE("a [store] url that is not PostgreSQL's stops start-up") {
    TempDir dir;
    const std::string e = config_error(dir, "[store]\nurl = mysql://x@y/z\n");
    CHECK(e.find("sitrep.ini:2: [store] url: ") != std::string::npos);
    CHECK(e.find("not a postgresql:// URL") != std::string::npos);
}

TEST_CASE("an unknown section stops start-up, naming the file, the line and the section") {
    TempDir dir;
    SUBCASE("a typo") {
        const std::string e = config_error(dir, "[paths]\nstate = s\n\n[stroe]\npath = x\n");
        CHECK(e == dir / "sitrep.ini" + ":4: [stroe]: unknown section");
    }
    SUBCASE("a section this version does not know, even empty") {
        const std::string e = config_error(dir, "[paths]\nstate = s\n[cluster]\n");
        CHECK(e == dir / "sitrep.ini" + ":3: [cluster]: unknown section");
    }
    SUBCASE("a partner without a name") {
        const std::string e = config_error(dir, "[partner]\ntoken = x\n");
        CHECK(e == dir / "sitrep.ini" + ":1: [partner]: unknown section");
    }
}

TEST_CASE("a configuration error names the file and the line of the key") {
    TempDir dir;
    SUBCASE("a value out of range") {
        CHECK(config_error(dir, "[report]\n\nfirst_number = 0 ; too small\n") ==
              dir / "sitrep.ini" + ":3: [report] first_number: must be between 1 and 999999, "
                                   "not 0");
    }
    SUBCASE("an unknown key") {
        CHECK(config_error(dir, "[report]\nfirst_numbr = 237\n") ==
              dir / "sitrep.ini" + ":2: [report] first_numbr: unknown key");
    }
    SUBCASE("a line that is not key = value") {
        CHECK(config_error(dir, "[paths]\ninbox\n") ==
              dir / "sitrep.ini" + ":2: expected 'key = value', a [section] or a comment");
    }
    SUBCASE("a key before any section") {
        CHECK(config_error(dir, "inbox = in\n") ==
              dir / "sitrep.ini" + ":1: inbox: a key before any [section]");
    }
    SUBCASE("a key given twice") {
        CHECK(config_error(dir, "[http]\nport = 1\n[http]\nport = 2\n") ==
              dir / "sitrep.ini" + ":4: [http] port: given twice (first on line 2)");
    }
    SUBCASE("a quoted value without its closing quote") {
        CHECK(config_error(dir, "[http]\noperator_token = \"abc\n") ==
              dir / "sitrep.ini" + ":2: [http] operator_token: the quoted value has no closing '\"'");
    }
}

TEST_CASE("a pull interval is whole units of s, m, h or d, and nothing it would have to guess") {
    TempDir dir;
    const auto pulls_every = [&](const std::string& every) {
        return config_error(dir, "[partner.vdab]\npull_every = " + every + "\n");
    };
    CHECK(pulls_every("90s").empty());
    CHECK(load_config(write_ini(dir, "[partner.vdab]\npull_every = 2h\n"))
              .partners.at("vdab")
              .pull_every_seconds == 7200);
    for (const std::string bad : {"1.5h", "30 m", "h", "0m", "-5m", "10", "1w", "99999999999d"}) {
        CAPTURE(bad);
        CHECK(pulls_every(bad).find("[partner.vdab] pull_every: '" + bad +
                                    "' is not a duration like 30m or 1h") != std::string::npos);
    }
}

TEST_CASE("inbox files are kept after a run unless the configuration archives or removes them") {
    TempDir dir;
    CHECK(load_config(write_ini(dir, "[paths]\ninbox = in\n")).after_run == AfterRun::keep);
    const Config archive =
        load_config(write_ini(dir, "[paths]\narchive = old\n[inbox]\nafter_run = archive\n"));
    CHECK(archive.after_run == AfterRun::archive);
    CHECK(archive.archive == dir / "old");
    CHECK(load_config(write_ini(dir, "[inbox]\nafter_run = remove\n")).after_run ==
          AfterRun::remove);
    CHECK(config_error(dir, "[inbox]\nafter_run = archive\n") ==
          dir / "sitrep.ini" + ":2: [inbox] after_run: archive needs [paths] archive = FOLDER");
    CHECK(config_error(dir, "[inbox]\nafter_run = delete\n") ==
          dir / "sitrep.ini" + ":2: [inbox] after_run: 'delete' is not keep, archive or remove");
}
