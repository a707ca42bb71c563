#include "pipeline/report/json_writer.h"

#include <doctest/doctest.h>

#include <Poco/JSON/Parser.h>

#include <string>
#include <string_view>

namespace sitrep {
namespace {

// `text` as the writer gives a string value: quoted and escaped.
std::string quoted(std::string_view text) {
    JsonWriter w;
    w.string({}, text);
    return w.str();
}

}  // namespace

TEST_CASE("plain text is quoted as it is, whole, however long") {
    CHECK(quoted("") == "\"\"");
    const std::string sha(64, 'a');
    CHECK(quoted(sha) == "\"" + sha + "\"");
    CHECK(quoted("dvz_tp_2023-02-05.csv:line 2") == "\"dvz_tp_2023-02-05.csv:line 2\"");
}

TEST_CASE("quotes, backslashes and control characters are escaped wherever they stand") {
    CHECK(quoted("\"") == R"("\"")");
    CHECK(quoted("a\"b\\c") == R"("a\"b\\c")");
    CHECK(quoted("line\nnext\r\tend") == R"("line\nnext\r\tend")");
    CHECK(quoted(std::string("\x01x\x1f", 3)) == R"("\u0001x\u001f")");
    CHECK(quoted("\\") == R"("\\")");
}

TEST_CASE("UTF-8 text is kept and a byte that starts no character becomes U+FFFD") {
    CHECK(quoted("Liège, Région wallonne") == "\"Liège, Région wallonne\"");
    CHECK(quoted("a\xE9z") == "\"a\xEF\xBF\xBDz\"");
    CHECK(quoted("end\xC3") == "\"end\xEF\xBF\xBD\"");
    // Four bytes (an emoji) are one character; DEL is printable enough for JSON.
    CHECK(quoted("ok \xF0\x9F\x98\x80 \x7F") == "\"ok \xF0\x9F\x98\x80 \x7F\"");
    // An overlong slash and a surrogate are no characters: each byte becomes U+FFFD.
    CHECK(quoted("\xC0\xAF") == "\"\xEF\xBF\xBD\xEF\xBF\xBD\"");
    CHECK(quoted("\xED\xA0\x80") == "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"");
}

TEST_CASE("a writer's document reads back with its keys and values as given") {
    JsonWriter w;
    w.begin_object()
        .string("file", "fedasil \"crisis\"\\2023.xlsx")
        .string("where", "Blad1!C14\tnote")
        .begin_array("sources")
        .string({}, "e3b0c442")
        .end_array()
        .end_object();
    const auto parsed = Poco::JSON::Parser().parse(w.str()).extract<Poco::JSON::Object::Ptr>();
    CHECK(parsed->getValue<std::string>("file") == "fedasil \"crisis\"\\2023.xlsx");
    CHECK(parsed->getValue<std::string>("where") == "Blad1!C14\tnote");
    CHECK(parsed->getArray("sources")->getElement<std::string>(0) == "e3b0c442");
}

}  // namespace sitrep
