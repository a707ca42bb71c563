// The streaming XML layer the workbook reader stands on.
#include <doctest/doctest.h>

#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "pipeline/readers/xml_events.h"

using namespace sitrep;

namespace {

// Writes what it is told as `<name attrs>`, `</name>` and `"text"`.
struct Recorder : XmlHandler {
    std::vector<std::string> events;
    std::string stop_at;
    void start(std::string_view local, const XmlAttributes& a) override {
        if (local == stop_at) throw StopXml{};
        if (local == "boom") throw std::runtime_error("the handler's own error");
        events.push_back("<" + std::string(local) + " r=" + std::string(a.get("r")) +
                         " id=" + std::string(a.get_namespaced("id")) +
                         (a.has("t") ? " t" : "") + ">");
    }
    void end(std::string_view local) override { events.push_back("</" + std::string(local) + ">"); }
    void text(std::string_view s) override {
        if (!events.empty() && events.back().front() == '"')
            events.back().insert(events.back().size() - 1, s);
        else
            events.push_back("\"" + std::string(s) + "\"");
    }
};

bool parse(const std::string& xml, Recorder& r) {
    std::istringstream in(xml);
    return parse_xml(in, r);
}

}  // namespace

TEST_CASE("a prefixed element is named by its local name and r:id is found in its namespace") {
    Recorder r;
    CHECK(parse("<x:sheet xmlns:x='urn:main' xmlns:r='urn:rel' r='A1' r:id='rId7' t='s'>"
                "Li&#232;ge &amp; co</x:sheet>",
                r));
    REQUIRE(r.events.size() == 3);
    CHECK(r.events[0] == "<sheet r=A1 id=rId7 t>");
    CHECK(r.events[1] == "\"Li\xC3\xA8ge & co\"");
    CHECK(r.events[2] == "</sheet>");
}

TEST_CASE("a handler that stops the parse ends it quietly, and one that fails is heard") {
    Recorder quiet;
    quiet.stop_at = "row";
    CHECK_FALSE(parse("<sheetData><row/><row/></sheetData>", quiet));
    CHECK(quiet.events == std::vector<std::string>{"<sheetData r= id=>"});
    Recorder loud;
    CHECK_THROWS_WITH(parse("<a><boom/></a>", loud), "the handler's own error");
}

TEST_CASE("malformed XML is refused with its line and column") {
    Recorder r;
    CHECK_THROWS_AS(parse("<a>\n<b></a>", r), XmlSyntaxError);
    try {
        parse("<a>\n<b></a>", r);
    } catch (const XmlSyntaxError& e) {
        CHECK(std::string(e.what()).find("line 2") != std::string::npos);
        CHECK(std::string(e.what()).find("mismatched tag") != std::string::npos);
    }
}

TEST_CASE("a part declared in Windows-1252 or ISO-8859-15 keeps its euro sign and the è of Liège") {
    Recorder cp;
    CHECK(parse("<?xml version='1.0' encoding='windows-1252'?><t>\x80 5 Li\xE8ge \x93ok\x94</t>", cp));
    REQUIRE(cp.events.size() == 3);
    CHECK(cp.events[1] == "\"\xE2\x82\xAC 5 Li\xC3\xA8ge \xE2\x80\x9Cok\xE2\x80\x9D\"");
    Recorder latin9;
    CHECK(parse("<?xml version='1.0' encoding='ISO-8859-15'?><t>\xA4 Li\xE8ge</t>", latin9));
    REQUIRE(latin9.events.size() == 3);
    CHECK(latin9.events[1] == "\"\xE2\x82\xAC Li\xC3\xA8ge\"");
    // An encoding nobody knows is refused, not guessed.
    Recorder other;
    CHECK_THROWS_AS(parse("<?xml version='1.0' encoding='x-klingon'?><t>a</t>", other),
                    XmlSyntaxError);
}

TEST_CASE("a part larger than one read is parsed whole, whatever its length") {
    // Around the 64 KiB the parser reads at a time: one under, exactly, one over.
    for (const size_t size : {size_t{65535}, size_t{65536}, size_t{65537}, size_t{200000}}) {
        CAPTURE(size);
        std::string xml = "<a>";
        while (xml.size() + 4 < size) xml += 'x';
        xml += "</a>";
        REQUIRE(xml.size() == size);
        Recorder r;
        CHECK(parse(xml, r));
        REQUIRE(r.events.size() == 3);
        CHECK(r.events[1] == "\"" + std::string(size - 7, 'x') + "\"");
    }
}
