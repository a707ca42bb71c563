#include "tests/adapters/adapter_support.h"

using namespace sitrep::test;

TEST_CASE("a situation note keeps its domain, language, title and text") {
    const auto r = parse_file(sample("notes_2023-02-08_wallonie.md"));
    CHECK(problems(r) == "");
    REQUIRE(r.notes.size() == 1);
    CHECK(r.notes[0].domain == "humanitarian");
    CHECK(r.notes[0].lang == "fr");
    CHECK(r.notes[0].source == "wallonie");
    CHECK(r.notes[0].title == "Hébergement collectif des déplacés d'Ukraine en Wallonie");
    CHECK(r.notes[0].body.find("27 logements collectifs") != std::string::npos);
}

TEST_CASE("a note in an unsupported language is rejected") {
    const auto r = parse_text("notes_2023-02-08_x.md", "domain: health\nlang: de\n\nText\n");
    CHECK(problems(r).find("'lang:' must be nl, fr or en") != std::string::npos);
}
