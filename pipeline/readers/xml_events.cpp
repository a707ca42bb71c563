#include "pipeline/readers/xml_events.h"

#include <expat.h>

#include <cstring>
#include <exception>
#include <memory>
#include <string>

#include "pipeline/foundation/errors.h"

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

}  // namespace

std::string_view XmlAttributes::get(std::string_view local) const {
    for (const char** p = pairs_; *p; p += 2)
        if (local == *p) return p[1];
    return {};
}

bool XmlAttributes::has(std::string_view local) const {
    for (const char** p = pairs_; *p; p += 2)
        if (local == *p) return true;
    return false;
}

std::string_view XmlAttributes::get_namespaced(std::string_view local) const {
    for (const char** p = pairs_; *p; p += 2)
        if (std::strchr(*p, kSeparator) && local_of(*p) == local) return p[1];
    return {};
}

bool parse_xml(std::istream& in, XmlHandler& handler) {
    const std::unique_ptr<XML_ParserStruct, void (*)(XML_Parser)> parser(
        XML_ParserCreateNS(nullptr, kSeparator), XML_ParserFree);
    if (!parser) throw InputError("cannot start the XML parser (out of memory)");
    Context context{parser.get(), handler, nullptr};
    XML_SetUserData(parser.get(), &context);
    XML_SetElementHandler(parser.get(), on_start, on_end);
    XML_SetCharacterDataHandler(parser.get(), on_text);
    char chunk[1 << 16];
    bool last = false;
    while (!last) {
        in.read(chunk, sizeof chunk);
        const auto n = in.gcount();
        last = n < static_cast<std::streamsize>(sizeof chunk);
        if (XML_Parse(parser.get(), chunk, static_cast<int>(n), last ? XML_TRUE : XML_FALSE) ==
            XML_STATUS_ERROR) {
            if (context.error) std::rethrow_exception(context.error);
            if (context.stopped) return false;
            throw XmlSyntaxError("malformed XML at line " +
                             std::to_string(XML_GetCurrentLineNumber(parser.get())) +
                             ", column " +
                             std::to_string(XML_GetCurrentColumnNumber(parser.get())) + ": " +
                             XML_ErrorString(XML_GetErrorCode(parser.get())));
        }
        if (context.error) std::rethrow_exception(context.error);
        if (context.stopped) return false;
    }
    return true;
}

}  // namespace sitrep
