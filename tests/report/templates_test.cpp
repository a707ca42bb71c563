#include "pipeline/report/templates.h"

#include <doctest/doctest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "pipeline/foundation/errors.h"

using namespace sitrep;
namespace fs = std::filesystem;

namespace {

const std::string kTemplates = std::string(SITREP_SOURCE_DIR) + "/templates";

// A private copy of the shipped templates that a test may break.
struct TemplatesCopy {
    fs::path dir;
    TemplatesCopy() {
        static int n = 0;
        dir = fs::temp_directory_path() /
              ("sitrep_templates_test_" + std::to_string(::getpid()) + "_" + std::to_string(++n));
        fs::remove_all(dir);
        fs::copy(kTemplates, dir, fs::copy_options::recursive);
    }
    ~TemplatesCopy() { fs::remove_all(dir); }

    std::string read(const std::string& file) const {
        std::ifstream in(dir / file, std::ios::binary);
        std::stringstream s;
        s << in.rdbuf();
        return s.str();
    }
    void write(const std::string& file, const std::string& text) const {
        std::ofstream(dir / file, std::ios::binary) << text;
    }
    // Replaces the first occurrence of `from` in `file`; fails the test when absent.
    void replace(const std::string& file, const std::string& from, const std::string& to) const {
        std::string text = read(file);
        const size_t pos = text.find(from);
        REQUIRE_MESSAGE(pos != std::string::npos, from);
        text.replace(pos, from.size(), to);
        write(file, text);
    }
    // Removes the whole line that starts with `prefix`.
    void remove_line(const std::string& file, const std::string& prefix) const {
        std::string text = read(file);
        const size_t pos = text.find("\n" + prefix);
        REQUIRE_MESSAGE(pos != std::string::npos, prefix);
        const size_t end = text.find('\n', pos + 1);
        text.erase(pos, end - pos);
        write(file, text);
    }
    // The 1-based line of `file` on which `text` starts; fails the test when absent.
    int line_of(const std::string& file, const std::string& text) const {
        const std::string all = read(file);
        const size_t pos = all.find(text);
        REQUIRE_MESSAGE(pos != std::string::npos, text);
        return 1 + static_cast<int>(std::count(all.begin(), all.begin() + pos, '\n'));
    }
    std::string load_error() const {
        try {
            Templates::load(dir.string());
        } catch (const ConfigError& e) {
            return e.what();
        }
        return "";
    }
};

}  // namespace

TEST_CASE("the shipped templates load with Dutch, French and English") {
    const Templates t = Templates::load(kTemplates);
    CHECK(t.languages() == std::vector<std::string>{"nl", "fr", "en"});
    CHECK(t.issuer() == "Nationaal Crisiscentrum / Centre de Crise National");
    CHECK(t.classification() == "TLP:AMBER");
    REQUIRE(t.tiles().size() >= 3);
    CHECK(t.tiles().size() <= 5);
    CHECK(t.tiles().front().figure.indicator == "tp.certificates.issued");
    CHECK(t.tiles().front().figure.area == "BE");
    REQUIRE_FALSE(t.sections().empty());
    CHECK(t.sections().front().name == "temporary_protection");
    CHECK(t.sections().back().name == "sources");
    CHECK(t.label("nl", "header.title") == "Situatierapport nr. {number}");
    CHECK(t.format("fr", "header.title", {{"number", "237"}}) == "Rapport de situation n° 237");
    CHECK(t.label("en", "locale.style") == "en");
}

TEST_CASE("every shipped language has every Dutch key") {
    const Templates t = Templates::load(kTemplates);
    for (const auto& lang : t.languages())
        for (const auto& key : t.label_keys("nl")) CHECK_MESSAGE(t.has_label(lang, key), lang, key);
}

TEST_CASE("a label missing in French is a ConfigError naming the file and the key") {
    TemplatesCopy copy;
    copy.remove_line("labels/fr.properties", "section.register =");
    const std::string error = copy.load_error();
    CHECK(error.find("fr.properties") != std::string::npos);
    CHECK(error.find("section.register") != std::string::npos);
}

TEST_CASE("a key the writer needs that Dutch lacks is a ConfigError naming nl.properties") {
    TemplatesCopy copy;
    copy.remove_line("labels/nl.properties", "header.page =");
    const std::string error = copy.load_error();
    CHECK(error.find("nl.properties") != std::string::npos);
    CHECK(error.find("header.page") != std::string::npos);
}

TEST_CASE("an unknown section in the order is a ConfigError naming report.ini and the key") {
    TemplatesCopy copy;
    copy.replace("report.ini", "order = temporary_protection,",
                 "order = weather, temporary_protection,");
    const std::string error = copy.load_error();
    CHECK(error.find("report.ini") != std::string::npos);
    CHECK(error.find("[sections] order") != std::string::npos);
    CHECK(error.find("weather") != std::string::npos);
}

TEST_CASE("an unknown block kind is a ConfigError naming the section and the key") {
    TemplatesCopy copy;
    copy.replace("report.ini", "monthly.kind = bar_chart", "monthly.kind = pie_chart");
    const std::string error = copy.load_error();
    CHECK(error.find("[section.temporary_protection] monthly.kind") != std::string::npos);
    CHECK(error.find("pie_chart") != std::string::npos);
}

TEST_CASE("a misspelt block key is a ConfigError rather than silently ignored") {
    TemplatesCopy copy;
    copy.replace("report.ini", "monthly.by = month", "monthly.bye = month");
    const std::string error = copy.load_error();
    CHECK(error.find("monthly.bye") != std::string::npos);
}

TEST_CASE("an unknown area in a tile is a ConfigError") {
    TemplatesCopy copy;
    copy.replace("report.ini", "tp.register.persons@BE\n", "tp.register.persons@BE9\n");
    const std::string error = copy.load_error();
    CHECK(error.find("[first_page] tiles") != std::string::npos);
    CHECK(error.find("BE9") != std::string::npos);
}

TEST_CASE("a translated label with a placeholder Dutch does not have is a ConfigError") {
    TemplatesCopy copy;
    copy.replace("labels/en.properties", "Situation report no. {number}",
                 "Situation report no. {nummer}");
    const std::string error = copy.load_error();
    CHECK(error.find("en.properties") != std::string::npos);
    CHECK(error.find("header.title") != std::string::npos);
    CHECK(error.find("{nummer}") != std::string::npos);
}

TEST_CASE("a label file that is not UTF-8 is a ConfigError naming the key") {
    TemplatesCopy copy;
    copy.replace("labels/fr.properties", "Chiffres clés", "Chiffres cl\xE9s");
    const std::string error = copy.load_error();
    CHECK(error.find("fr.properties") != std::string::npos);
    CHECK(error.find("first.key_figures") != std::string::npos);
}

TEST_CASE("a missing templates folder is a ConfigError naming report.ini") {
    try {
        Templates::load("/nonexistent/templates");
        FAIL("no error");
    } catch (const ConfigError& e) {
        CHECK(std::string(e.what()).find("/nonexistent/templates/report.ini") != std::string::npos);
    }
}

TEST_CASE("a label change and a new section order take effect without a rebuild") {
    TemplatesCopy copy;
    copy.replace("labels/nl.properties", "section.education = Onderwijs",
                 "section.education = Onderwijs en opleiding");
    copy.replace("report.ini", "order = temporary_protection, register,",
                 "order = register, temporary_protection,");
    const Templates t = Templates::load(copy.dir.string());
    CHECK(t.label("nl", "section.education") == "Onderwijs en opleiding");
    CHECK(t.sections().front().name == "register");
}

TEST_CASE("a new language is a label file and a line in report.ini") {
    TemplatesCopy copy;
    copy.write("labels/de.properties", copy.read("labels/nl.properties"));
    copy.replace("report.ini", "languages = nl, fr, en", "languages = nl, fr, en, de");
    const Templates t = Templates::load(copy.dir.string());
    CHECK(t.has_language("de"));
    CHECK(t.languages().back() == "de");
}

TEST_CASE("figure references name an indicator, an area and a breakdown") {
    auto ref = parse_figure_ref("education.pupils.enrolled@BE2{level=primary}");
    REQUIRE(ref);
    CHECK(ref->indicator == "education.pupils.enrolled");
    CHECK(ref->area == "BE2");
    CHECK(ref->breakdown == Breakdown{{"level", "primary"}});
    ref = parse_figure_ref("tp.register.persons");
    REQUIRE(ref);
    CHECK(ref->area.empty());
    CHECK(ref->breakdown.empty());
    CHECK_FALSE(parse_figure_ref("tp.register.persons@"));
    CHECK_FALSE(parse_figure_ref("Tp Register"));
    CHECK_FALSE(parse_figure_ref("x{level}"));
}

TEST_CASE("placeholders are filled by name and unknown ones stay visible") {
    CHECK(fill_placeholders("p. {page}/{pages}", {{"page", "1"}, {"pages", "5"}}) == "p. 1/5");
    CHECK(fill_placeholders("{a} {b}", {{"a", "x"}}) == "x {b}");
    CHECK(fill_placeholders("no braces", {}) == "no braces");
}

TEST_CASE("a notes block keeps its notes for the template's current_days, 14 by default") {
    const Templates shipped = Templates::load(kTemplates);
    const auto notes_block = [](const Templates& t) {
        for (const auto& s : t.sections())
            for (const auto& b : s.blocks)
                if (b.kind == "notes") return b;
        FAIL("no notes block");
        return BlockSpec{};
    };
    CHECK(notes_block(shipped).current_days == 14);

    TemplatesCopy copy;
    copy.replace("report.ini", "notes.current_days = 14", "notes.current_days = 3");
    CHECK(notes_block(Templates::load(copy.dir.string())).current_days == 3);
    copy.remove_line("report.ini", "notes.current_days");
    CHECK(notes_block(Templates::load(copy.dir.string())).current_days == 14);
}

TEST_CASE("a current_days that is not a number, or not on a notes block, is a ConfigError") {
    TemplatesCopy words;
    words.replace("report.ini", "notes.current_days = 14", "notes.current_days = two weeks");
    const std::string error = words.load_error();
    const std::string line = std::to_string(words.line_of("report.ini", "notes.current_days = two"));
    CHECK(error.find("report.ini:" + line + ": [section.notes] notes.current_days: 'two weeks'") !=
          std::string::npos);

    TemplatesCopy elsewhere;
    elsewhere.replace("report.ini", "blocks = findings\nfindings.kind = findings",
                      "blocks = findings\nfindings.kind = findings\nfindings.current_days = 14");
    CHECK(elsewhere.load_error().find("findings.current_days: only a notes block takes it") !=
          std::string::npos);
}

TEST_CASE("a mistake in report.ini names the line of its key") {
    TemplatesCopy copy;
    copy.replace("report.ini", "monthly.kind = bar_chart", "monthly.kind = pie_chart");
    const std::string line = std::to_string(copy.line_of("report.ini", "monthly.kind = pie_chart"));
    CHECK(copy.load_error().find((copy.dir / "report.ini").string() + ":" + line +
                                 ": [section.temporary_protection] monthly.kind: unknown block "
                                 "kind 'pie_chart'") != std::string::npos);
}

TEST_CASE("a key missing from report.ini names the line of its section") {
    TemplatesCopy copy;
    copy.remove_line("report.ini", "issuer =");
    const std::string line = std::to_string(copy.line_of("report.ini", "[document]"));
    CHECK(copy.load_error().find("report.ini:" + line + ": [document] issuer: missing") !=
          std::string::npos);
}

TEST_CASE("a key given twice in report.ini is a ConfigError naming both lines") {
    TemplatesCopy copy;
    copy.replace("report.ini", "monthly.by = month", "monthly.by = month\nmonthly.by = area");
    const int first = copy.line_of("report.ini", "monthly.by = month");
    CHECK(copy.load_error().find("report.ini:" + std::to_string(first + 1) +
                                 ": [section.temporary_protection] monthly.by: given twice "
                                 "(first on line " + std::to_string(first) + ")") !=
          std::string::npos);
}

TEST_CASE("report.ini reads a comment after a value, and keeps dotted section names whole") {
    TemplatesCopy copy;
    copy.replace("report.ini", "monthly.by = month", "monthly.by = month   ; by calendar month");
    const Templates t = Templates::load(copy.dir.string());
    CHECK(t.sections().front().name == "temporary_protection");
    CHECK(t.sections().front().blocks.at(1).by == "month");
}
