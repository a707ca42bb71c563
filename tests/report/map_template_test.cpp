// The map block of report.ini: what it reads, and each mistake named by file, section and key.
#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "pipeline/foundation/errors.h"
#include "pipeline/report/templates.h"

using namespace sitrep;
namespace fs = std::filesystem;

namespace {

const std::string kTemplates = std::string(SITREP_SOURCE_DIR) + "/templates";

// The shipped templates' map block, as a test starts from it.
const std::string kMapBlock =
    "per_inhabitants.kind = map\n"
    "per_inhabitants.title = map.certificates_per_inhabitants\n"
    "per_inhabitants.figure = tp.certificates.issued\n"
    "per_inhabitants.per = 1000\n";

// A private copy of the shipped templates whose map block a test rewrites.
struct MapTemplates {
    fs::path dir;
    MapTemplates() {
        static int n = 0;
        dir = fs::temp_directory_path() / ("sitrep_map_template_test_" +
                                           std::to_string(::getpid()) + "_" + std::to_string(++n));
        fs::remove_all(dir);
        fs::copy(kTemplates, dir, fs::copy_options::recursive);
    }
    ~MapTemplates() { fs::remove_all(dir); }

    std::string read(const std::string& file) const {
        std::ifstream in(dir / file, std::ios::binary);
        std::stringstream s;
        s << in.rdbuf();
        return s.str();
    }
    // Replaces `from` in `file`; fails the test when it is not there.
    void replace(const std::string& file, const std::string& from, const std::string& to) const {
        std::string text = read(file);
        const size_t pos = text.find(from);
        REQUIRE_MESSAGE(pos != std::string::npos, from);
        text.replace(pos, from.size(), to);
        std::ofstream(dir / file, std::ios::binary) << text;
    }
    // The map block rewritten as `block`.
    std::string error_with(const std::string& block) const {
        replace("report.ini", kMapBlock, block);
        try {
            Templates::load(dir.string());
        } catch (const ConfigError& e) {
            return e.what();
        }
        return "";
    }
};

const BlockSpec* find_block(const Templates& t, const std::string& section,
                            const std::string& name) {
    for (const auto& s : t.sections())
        if (s.name == section)
            for (const auto& b : s.blocks)
                if (b.name == name) return &b;
    return nullptr;
}

}  // namespace

TEST_CASE("the shipped map shows certificates per 1,000 inhabitants in five classes") {
    const Templates t = Templates::load(kTemplates);
    const BlockSpec* b = find_block(t, "temporary_protection", "per_inhabitants");
    REQUIRE(b != nullptr);
    CHECK(b->kind == "map");
    REQUIRE(b->figures.size() == 1);
    CHECK(b->figures.front().indicator == "tp.certificates.issued");
    CHECK(b->figures.front().area.empty());
    CHECK(b->per == 1000);
    CHECK(b->classes == 5);
    for (const auto& lang : t.languages())
        for (const char* key : {"map.per", "map.class.below", "map.class.between",
                                "map.class.above", "map.no_data", "map.licence"})
            CHECK_MESSAGE(t.has_label(lang, key), lang << " " << key);
    CHECK(t.label("nl", "map.licence").find("OpenStreetMap") != std::string::npos);
}

TEST_CASE("a map block without a figure names the file, the section and the key") {
    MapTemplates copy;
    const std::string error = copy.error_with("per_inhabitants.kind = map\n");
    // The file first (a line number may follow it), then the section and the key.
    CHECK(error.rfind(copy.dir.string() + "/report.ini", 0) == 0);
    CHECK(error.find("[section.temporary_protection] per_inhabitants.figure: missing") !=
          std::string::npos);
}

TEST_CASE("a map of one area is refused: a map shows every province") {
    MapTemplates copy;
    const std::string error = copy.error_with(
        "per_inhabitants.kind = map\nper_inhabitants.figure = tp.certificates.issued@BE2\n");
    CHECK(error.find("[section.temporary_protection] per_inhabitants.figure: "
                     "'tp.certificates.issued@BE2': a map shows the provinces") !=
          std::string::npos);
}

TEST_CASE("a map's per and classes must be whole numbers in their range") {
    MapTemplates per;
    CHECK(per.error_with(kMapBlock + "per_inhabitants.classes = 5\n")
              .empty());  // the block as shipped, with its default said out loud
    MapTemplates words;
    CHECK(words
              .error_with(
                  "per_inhabitants.kind = map\nper_inhabitants.figure = tp.certificates.issued\n"
                  "per_inhabitants.per = thousand\n")
              .find("[section.temporary_protection] per_inhabitants.per: 'thousand' is not a whole "
                    "number from 1 to 1000000") != std::string::npos);
    MapTemplates many;
    CHECK(many.error_with(kMapBlock + "per_inhabitants.classes = 12\n")
              .find("per_inhabitants.classes: '12' is not a whole number from 2 to 7") !=
          std::string::npos);
}

TEST_CASE("per and classes on a block that is not a map are refused, not ignored") {
    MapTemplates copy;
    copy.replace("report.ini", "by_region.unknown = true\n",
                 "by_region.unknown = true\nby_region.per = 1000\n");
    try {
        Templates::load(copy.dir.string());
        FAIL("loaded");
    } catch (const ConfigError& e) {
        CHECK(std::string(e.what()).find("[section.temporary_protection] by_region.per: only a "
                                         "map block takes it") != std::string::npos);
    }
}

TEST_CASE("a map block in a template whose labels lack the map words names the missing key") {
    MapTemplates copy;
    copy.replace("labels/nl.properties", "map.no_data = geen gegevens\n", "");
    try {
        Templates::load(copy.dir.string());
        FAIL("loaded");
    } catch (const ConfigError& e) {
        CHECK(std::string(e.what()).find("nl.properties: missing key 'map.no_data' (used by") !=
              std::string::npos);
        CHECK(std::string(e.what()).find("per_inhabitants.kind") != std::string::npos);
    }
}
