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
