// The rows of a worksheet read without expat: the same events as expat's, or expat reads them.
#include <doctest/doctest.h>

#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

#include "pipeline/readers/sheet_data.h"
#include "pipeline/readers/xml_events.h"

using namespace sitrep;

namespace {

// What a handler of rows can learn from the events: elements with the attributes a worksheet's
// rows and cells carry, and the text, pieces joined; blanks between elements, which no handler
// of rows reads, are left out.
struct Transcript : XmlHandler {
    std::vector<std::string> lines;
    std::string stop_at;
    bool pending_text = false;
    void start(std::string_view local, const XmlAttributes& a) override {
        if (local == stop_at) throw StopXml{};
        drop_blank_text();
        std::string line = "<" + std::string(local);
        for (const char* name : {"r", "s", "t", "spans", "hidden", "ht", "ref", "si", "ca"})
            if (a.has(name)) line += " " + std::string(name) + "=" + std::string(a.get(name));
        if (!a.get_namespaced("dyDescent").empty())
            line += " ~dyDescent=" + std::string(a.get_namespaced("dyDescent"));
        lines.push_back(line + ">");
    }
    void end(std::string_view local) override {
        drop_blank_text();
        lines.push_back("</" + std::string(local) + ">");
    }
    void text(std::string_view s) override {
        if (pending_text) lines.back() += s;
        else lines.push_back("'" + std::string(s));
        pending_text = true;
    }
    void drop_blank_text() {
        if (pending_text && lines.back().find_first_not_of(" \t\n", 1) == std::string::npos &&
            lines.size() > 1 && lines[lines.size() - 2] != "<v>" && lines[lines.size() - 2] != "<f>")
            lines.pop_back();
        pending_text = false;
    }
};

std::vector<std::string> by_expat(const std::string& doc) {
    Transcript t;
    std::istringstream in(doc);
    parse_xml(in, t);
    t.drop_blank_text();
    return t.lines;
}

std::vector<std::string> by_gap(const std::string& doc, const XmlGap& gap) {
    Transcript t;
    CHECK(parse_xml_with_gap(doc, gap, t));
    t.drop_blank_text();
    return t.lines;
}

std::string sheet(const std::string& rows, const std::string& root_extra = "") {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
           "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"" +
           root_extra +
           "><dimension ref=\"A1:C3\"/><cols><col min=\"2\" max=\"2\" hidden=\"1\"/></cols>"
           "<sheetData>" +
           rows + "</sheetData><pageMargins left=\"0.7\"/></worksheet>";
}

const std::string kX14ac =
    " xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\""
    " xmlns:x14ac=\"http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac\"";

}  // namespace

TEST_CASE("a plain sheet's rows read without expat give exactly expat's events") {
    const std::string doc = sheet(
        "<row r=\"1\" spans=\"1:3\" x14ac:dyDescent=\"0.25\"><c r=\"A1\" s=\"1\" t=\"s\"><v>26</v>"
        "</c></row>\n"
        "<row r = '2' hidden=\"1\">\n  <c r=\"A2\" s=\"3\"><v>44621</v></c>\n"
        "  <c r=\"B2\" t=\"str\"><f ca=\"1\">A2&amp;\"x\"</f><v>1&amp;2 &lt;&#65;&#x42;&gt;</v></c>"
        "<c r=\"C2\"><f t=\"shared\" ref=\"C2:C3\" si=\"0\"/><v>17</v></c></row>"
        "<row r=\"3\"/><row r=\"4\"><c r=\"A4\" s=\"2\"/><c r=\"B4\"><v/></c><c r=\"C4\"><v>"
        " 12 </v></c></row>",
        kX14ac);
    const auto gap = plain_sheet_data(doc);
    REQUIRE(gap.has_value());
    CHECK(gap->prefixes == std::vector<std::string>{"x14ac"});
    const auto expected = by_expat(doc);
    CHECK(by_gap(doc, *gap) == expected);
    // Not vacuous: the rows, the decoded entities and the part's other elements are all there.
    CHECK(std::count(expected.begin(), expected.end(), "<v>") == 6);
    CHECK(std::find(expected.begin(), expected.end(), "'1&2 <AB>") != expected.end());
    CHECK(expected.front() == "<worksheet>");
    CHECK(expected.back() == "</worksheet>");
}

TEST_CASE("rows of any other shape are left to expat") {
    const std::vector<std::string> other_shapes = {
        sheet("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>x</t></is></c></row>"),
        "<?xml version=\"1.0\"?><worksheet><!-- a comment --><sheetData></sheetData></worksheet>",
        sheet("<row r=\"1\">\r\n<c r=\"A1\"><v>1</v></c></row>"),
        sheet("<row r=\"1\"><c r=\"A1\" t=\"str\"><v>Li\xC3\xA8ge</v></c></row>"),
        sheet("<row r=\"1\" r=\"2\"></row>"),
        sheet("<row r=\"1\"spans=\"1:1\"></row>"),
        sheet("<row r=\"1\"><c r=\"A1\" t=\"str\"><v>a]]>b</v></c></row>"),
        sheet("<row r=\"1\"><c r=\"A1\"><v>1</v><extLst/></c></row>"),
        sheet("<x:row r=\"1\"></x:row>", " xmlns:x=\"urn:x\""),
        sheet("<row r=\"1\" xmlns:y=\"urn:y\"></row>"),
        sheet("<row r=\"1\"><c r=\"A1\" t=\"str\"><v>&nbsp;</v></c></row>"),
        sheet("<row r=\"1\"><c r=\"A1\"><v>1</v></c>"),  // unclosed: expat says where
    };
    for (const auto& doc : other_shapes) {
        CAPTURE(doc);
        CHECK_FALSE(plain_sheet_data(doc).has_value());
    }
}

namespace {

// The events given before the error thrown, and its message.
std::pair<std::vector<std::string>, std::string> until_error(const std::string& doc,
                                                               const XmlGap* gap) {
    Transcript t;
    std::string error;
    try {
        if (gap) {
            parse_xml_with_gap(doc, *gap, t);
        } else {
            std::istringstream in(doc);
            parse_xml(in, t);
        }
    } catch (const XmlSyntaxError& e) {
        error = e.what();
    }
    return {t.lines, error};
}

}  // namespace

TEST_CASE("a prefix the rows use but nobody declared is read and reported by expat, once") {
    // A row before <sheetData> (schema-invalid, well-formed) is reported once, not again.
    const std::string doc = "<w><row r=\"1\"><c><v>1</v></c></row><sheetData>\n"
                            "<row r=\"2\" x:a=\"1\"><c r=\"A2\"><v>2</v></c></row>"
                            "</sheetData></w>";
    const auto gap = plain_sheet_data(doc);
    REQUIRE(gap.has_value());
    const auto expected = until_error(doc, nullptr);
    CHECK(expected.second.find("unbound prefix") != std::string::npos);
    CHECK(std::count(expected.first.begin(), expected.first.end(), "<row r=1>") == 1);
    CHECK(until_error(doc, &*gap) == expected);
}

TEST_CASE("<sheetData> inside a processing instruction or UTF-16 text is not where rows are") {
    const std::string rows = "<sheetData><row r=\"1\"><c><v>5</v></c></row></sheetData";
    const std::vector<std::string> not_a_tag = {
        "<?pi " + rows + " ?><worksheet/>",
        "<a><?pi " + rows + "?></a>",
        "<?xml version=\"1.0\" " + rows + "?><worksheet/>",
        std::string("\xFF\xFE<\0w\0>\0", 8) + rows + "</w>",
        std::string("<\0w\0>\0", 6) + rows + "</w>",
    };
    for (const auto& doc : not_a_tag) {
        CAPTURE(doc);
        CHECK_FALSE(plain_sheet_data(doc).has_value());
    }
    // The declaration itself, after a byte order mark or not, leaves the rows plain.
    CHECK(plain_sheet_data("\xEF\xBB\xBF" + sheet("<row r=\"1\"/>")).has_value());
    CHECK(plain_sheet_data(sheet("<row r=\"1\"/>")).has_value());
}

TEST_CASE("a syntax error after the rows is reported at the line expat gives for the whole part") {
    std::string doc = sheet("<row r=\"1\">\n<c r=\"A1\"><v>1</v></c>\n</row>\n<row r=\"2\"/>\n");
    doc.insert(doc.find("<pageMargins"), "<bad x=1/>");
    const auto gap = plain_sheet_data(doc);
    REQUIRE(gap.has_value());
    std::string whole, gapped;
    try {
        by_expat(doc);
    } catch (const XmlSyntaxError& e) {
        whole = e.what();
    }
    Transcript t;
    try {
        parse_xml_with_gap(doc, *gap, t);
    } catch (const XmlSyntaxError& e) {
        gapped = e.what();
    }
    CHECK(whole.find("line 6") != std::string::npos);
    CHECK(gapped == whole);
}

TEST_CASE("a handler that stops during the rows ends the parse quietly") {
    const std::string doc = sheet("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row><row r=\"2\"/>");
    const auto gap = plain_sheet_data(doc);
    REQUIRE(gap.has_value());
    Transcript t;
    t.stop_at = "c";
    CHECK_FALSE(parse_xml_with_gap(doc, *gap, t));
    CHECK(t.lines.back() == "<row r=1>");
}
