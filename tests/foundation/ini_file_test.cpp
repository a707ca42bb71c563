#include <doctest/doctest.h>

#include "pipeline/foundation/errors.h"
#include "pipeline/foundation/ini_file.h"

using namespace sitrep;

namespace {

// The message of the ConfigError that parsing `text` throws, or "" when it parses.
std::string error_of(const std::string& text, const IniOptions& options = {}) {
    try {
        IniFile::parse(text, "x.ini", options);
    } catch (const ConfigError& e) {
        return e.what();
    }
    return "";
}

}  // namespace

TEST_CASE("an INI file's entries come in file order, with their sections and lines, across a repeated section") {
    const IniFile ini = IniFile::parse(
        "[b]\nz = 1\n[a]\ny = 2 ; a comment\n[b]\nx = \"3 ; kept\"\n", "x.ini");
    const auto entries = ini.entries();
    REQUIRE(entries.size() == 3);
    CHECK(entries[0].section == "b");
    CHECK(entries[0].key == "z");
    CHECK(entries[0].value.line == 2);
    CHECK(entries[1].section == "a");
    CHECK(entries[1].value.text == "2");
    CHECK(entries[2].key == "x");
    CHECK(entries[2].value.text == "3 ; kept");
    CHECK(entries[2].value.line == 6);
    CHECK(ini.keys("b") == std::vector<std::string>{"z", "x"});
}

TEST_CASE("a key given twice is an error naming both lines, unless its reader judges repeats itself") {
    const std::string text = "[s]\nk = 1\nk = 2\n";
    CHECK(error_of(text) == "x.ini:3: [s] k: given twice (first on line 2)");
    CHECK(error_of(text, {.repeated_keys = true}) == "");
    const IniFile ini = IniFile::parse(text, "x.ini", {.repeated_keys = true});
    CHECK(ini.find("s", "k")->text == "1");
    REQUIRE(ini.entries().size() == 2);
    CHECK(ini.entries()[1].value.line == 3);
}

TEST_CASE("an INI file that cannot be read says which file it was meant to be") {
    try {
        IniFile::read("/nonexistent/rules.ini", {.what = "the reconciliation rules"});
        FAIL("no error");
    } catch (const ConfigError& e) {
        CHECK(std::string(e.what()) == "/nonexistent/rules.ini: cannot read the reconciliation rules");
    }
    CHECK_THROWS_WITH_AS(IniFile::read("/nonexistent/sitrep.ini"),
                         "/nonexistent/sitrep.ini: cannot read the configuration file", ConfigError);
}
