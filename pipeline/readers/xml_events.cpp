#include "pipeline/readers/xml_events.h"

#include <expat.h>

#include <algorithm>
#include <cstring>
#include <iterator>
#include <exception>
#include <memory>
#include <sstream>
#include <string>

#include "pipeline/foundation/errors.h"
#include "pipeline/foundation/strings.h"

namespace sitrep {
namespace {

// expat joins a namespace URI and a local name with this byte, which XML names cannot hold.
constexpr char kSeparator = '\x01';

std::string_view local_of(const char* name) {
    const char* sep = std::strrchr(name, kSeparator);
    return sep ? std::string_view(sep + 1) : std::string_view(name);
}

// What the callbacks share: the handler, and the first exception one of them threw, carried
// past expat's C frames and thrown again once XML_Parse has returned.
struct Context {
    XML_Parser parser;
    XmlHandler& handler;
    std::exception_ptr error;
    bool stopped = false;
    std::vector<std::string> prefixes;  ///< declared where the parse stands, innermost last
};

template <class Body>
void guarded(void* data, Body&& body) {
    auto* c = static_cast<Context*>(data);
    if (c->error || c->stopped) return;
    try {
        body(*c);
    } catch (const StopXml&) {
        c->stopped = true;
        XML_StopParser(c->parser, XML_FALSE);
    } catch (...) {
        c->error = std::current_exception();
        XML_StopParser(c->parser, XML_FALSE);
    }
}

void XMLCALL on_start(void* data, const XML_Char* name, const XML_Char** attributes) {
    guarded(data, [&](Context& c) { c.handler.start(local_of(name), XmlAttributes(attributes)); });
}

void XMLCALL on_end(void* data, const XML_Char* name) {
    guarded(data, [&](Context& c) { c.handler.end(local_of(name)); });
}

void XMLCALL on_text(void* data, const XML_Char* s, int length) {
    guarded(data, [&](Context& c) {
        c.handler.text(std::string_view(s, static_cast<std::size_t>(length)));
    });
}

// The single-byte encodings a part may declare beyond expat's own (UTF-8, UTF-16, ISO-8859-1,
// US-ASCII): Windows-1252, which some writers of workbooks use, and ISO-8859-15. Each differs
// from ISO-8859-1 in a few bytes only; -1 marks a byte the encoding leaves undefined.
struct SingleByte {
    unsigned char byte;
    int code_point;
};
constexpr SingleByte kWindows1252[] = {
    {0x80, 0x20AC}, {0x81, -1},     {0x82, 0x201A}, {0x83, 0x0192}, {0x84, 0x201E},
    {0x85, 0x2026}, {0x86, 0x2020}, {0x87, 0x2021}, {0x88, 0x02C6}, {0x89, 0x2030},
    {0x8A, 0x0160}, {0x8B, 0x2039}, {0x8C, 0x0152}, {0x8D, -1},     {0x8E, 0x017D},
    {0x8F, -1},     {0x90, -1},     {0x91, 0x2018}, {0x92, 0x2019}, {0x93, 0x201C},
    {0x94, 0x201D}, {0x95, 0x2022}, {0x96, 0x2013}, {0x97, 0x2014}, {0x98, 0x02DC},
    {0x99, 0x2122}, {0x9A, 0x0161}, {0x9B, 0x203A}, {0x9C, 0x0153}, {0x9D, -1},
    {0x9E, 0x017E}, {0x9F, 0x0178}};
constexpr SingleByte kIso885915[] = {{0xA4, 0x20AC}, {0xA6, 0x0160}, {0xA8, 0x0161},
                                     {0xB4, 0x017D}, {0xB8, 0x017E}, {0xBC, 0x0152},
                                     {0xBD, 0x0153}, {0xBE, 0x0178}};

int XMLCALL on_unknown_encoding(void*, const XML_Char* name, XML_Encoding* info) {
    const auto is = [&](std::string_view known) { return iequal(name, known); };
    const SingleByte* changes = nullptr;
    size_t count = 0;
    if (is("windows-1252") || is("cp1252")) {
        changes = kWindows1252;
        count = std::size(kWindows1252);
    } else if (is("iso-8859-15") || is("latin-9") || is("latin9")) {
        changes = kIso885915;
        count = std::size(kIso885915);
    } else {
        return XML_STATUS_ERROR;  // expat then says "unknown encoding"
    }
    for (int i = 0; i < 256; ++i) info->map[i] = i;
    for (size_t i = 0; i < count; ++i) info->map[changes[i].byte] = changes[i].code_point;
    info->data = nullptr;
    info->convert = nullptr;
    info->release = nullptr;
    return XML_STATUS_OK;
}

}  // namespace

std::string_view XmlAttributes::get(std::string_view local) const {
    if (!pairs_) {
        for (size_t i = 0; i < count_; ++i)
            if (!list_[i].prefixed && list_[i].local == local) return list_[i].value;
        return {};
    }
    for (const char** p = pairs_; *p; p += 2)
        if (local == *p) return p[1];
    return {};
}

bool XmlAttributes::has(std::string_view local) const {
    if (!pairs_) {
        for (size_t i = 0; i < count_; ++i)
            if (!list_[i].prefixed && list_[i].local == local) return true;
        return false;
    }
    for (const char** p = pairs_; *p; p += 2)
        if (local == *p) return true;
    return false;
}

std::string_view XmlAttributes::get_namespaced(std::string_view local) const {
    if (!pairs_) {
        for (size_t i = 0; i < count_; ++i)
            if (list_[i].prefixed && list_[i].local == local) return list_[i].value;
        return {};
    }
    for (const char** p = pairs_; *p; p += 2)
        if (std::strchr(*p, kSeparator) && local_of(*p) == local) return p[1];
    return {};
}

namespace {

using Parser = std::unique_ptr<XML_ParserStruct, void (*)(XML_Parser)>;

Parser new_parser() {
    Parser parser(XML_ParserCreateNS(nullptr, kSeparator), XML_ParserFree);
    if (!parser) throw InputError("cannot start the XML parser (out of memory)");
    XML_SetElementHandler(parser.get(), on_start, on_end);
    XML_SetCharacterDataHandler(parser.get(), on_text);
    XML_SetUnknownEncodingHandler(parser.get(), on_unknown_encoding, nullptr);
    return parser;
}

// Gives expat one more piece of the document: false once a handler stopped the parse; the
// handler's exception or the syntax error, thrown.
bool feed(Context& context, const char* data, size_t size, bool last) {
    if (XML_Parse(context.parser, data, static_cast<int>(size), last ? XML_TRUE : XML_FALSE) ==
        XML_STATUS_ERROR) {
        if (context.error) std::rethrow_exception(context.error);
        if (context.stopped) return false;
        throw XmlSyntaxError(
            "malformed XML at line " + std::to_string(XML_GetCurrentLineNumber(context.parser)) +
            ", column " + std::to_string(XML_GetCurrentColumnNumber(context.parser)) + ": " +
            XML_ErrorString(XML_GetErrorCode(context.parser)));
    }
    if (context.error) std::rethrow_exception(context.error);
    return !context.stopped;
}

// Pieces of at most this size: expat takes an int.
constexpr size_t kPiece = size_t{1} << 20;

bool feed_all(Context& context, std::string_view bytes, bool last) {
    do {
        const size_t n = std::min(bytes.size(), kPiece);
        if (!feed(context, bytes.data(), n, last && n == bytes.size())) return false;
        bytes.remove_prefix(n);
    } while (!bytes.empty());
    return true;
}

void XMLCALL on_namespace_start(void* data, const XML_Char* prefix, const XML_Char*) {
    static_cast<Context*>(data)->prefixes.emplace_back(prefix ? prefix : "");
}

void XMLCALL on_namespace_end(void* data, const XML_Char*) {
    auto& prefixes = static_cast<Context*>(data)->prefixes;
    if (!prefixes.empty()) prefixes.pop_back();
}

// Reports nothing: what the whole document's syntax error says, with its true line.
class IgnoreAll : public XmlHandler {
public:
    void start(std::string_view, const XmlAttributes&) override {}
    void end(std::string_view) override {}
};

}  // namespace

bool parse_xml(std::istream& in, XmlHandler& handler) {
    const Parser parser = new_parser();
    Context context{parser.get(), handler, nullptr, false, {}};
    XML_SetUserData(parser.get(), &context);
    char chunk[1 << 16];
    bool last = false;
    while (!last) {
        in.read(chunk, sizeof chunk);
        const auto n = in.gcount();
        last = n < static_cast<std::streamsize>(sizeof chunk);
        if (!feed(context, chunk, static_cast<size_t>(n), last)) return false;
    }
    return true;
}

bool parse_xml_with_gap(std::string_view doc, const XmlGap& gap, XmlHandler& handler) {
    const Parser parser = new_parser();
    Context context{parser.get(), handler, nullptr, false, {}};
    XML_SetUserData(parser.get(), &context);
    XML_SetNamespaceDeclHandler(parser.get(), on_namespace_start, on_namespace_end);
#if XML_MAJOR_VERSION * 10000 + XML_MINOR_VERSION * 100 >= 20600
    // Every event of what comes before the gap, before the gap's: none deferred to the next
    // piece (expat 2.6 may wait for more bytes after a long token).
    XML_SetReparseDeferralEnabled(parser.get(), XML_FALSE);
#endif
    // A syntax error after the gap is the whole document's: its line and column count the
    // gap's lines too.
    const auto whole_document_error = [&] {
        IgnoreAll ignore;
        std::istringstream bytes{std::string(doc)};  // a copy, on this failing path only
        parse_xml(bytes, ignore);
    };
    if (!feed_all(context, doc.substr(0, gap.begin), false)) return false;
    for (const auto& prefix : gap.prefixes)
        if (prefix != "xml" &&
            std::find(context.prefixes.begin(), context.prefixes.end(), prefix) ==
                context.prefixes.end())
            // Not declared here: expat reads on, as if there were no gap, and says so.
            return feed_all(context, doc.substr(gap.begin), true);
    try {
        gap.fill(handler);
    } catch (const StopXml&) {
        return false;
    }
    try {
        return feed_all(context, doc.substr(gap.end), true);
    } catch (const XmlSyntaxError&) {
        whole_document_error();
        throw;
    }
}

}  // namespace sitrep
