#pragma once

#include <functional>
#include <istream>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/foundation/errors.h"

namespace sitrep {

/// An attribute read without expat: its local name, its value (entities decoded), and
/// whether its name has a namespace prefix.
struct XmlAttribute {
    std::string_view local;
    std::string_view value;
    bool prefixed = false;
};

/// An element's attributes as the parser gives them, valid during `XmlHandler::start` only.
class XmlAttributes {
public:
    /// `pairs`: expat's null-terminated name, value, name, value ... list.
    explicit XmlAttributes(const char** pairs) : pairs_(pairs) {}
    /// `count` attributes read without expat.
    XmlAttributes(const XmlAttribute* list, size_t count) : list_(list), count_(count) {}
    /// The value of the attribute `local` without a namespace; empty when it is absent.
    std::string_view get(std::string_view local) const;
    /// Whether the attribute `local` without a namespace is there.
    bool has(std::string_view local) const;
    /// The value of an attribute named `local` in any namespace (such as `r:id`, whose URI
    /// differs between Transitional and Strict OOXML); empty when there is none.
    std::string_view get_namespaced(std::string_view local) const;

private:
    const char** pairs_ = nullptr;
    const XmlAttribute* list_ = nullptr;
    size_t count_ = 0;
};

/// What a streaming XML parse reports. Element names are local: `x:c` and `c` are both `c`.
class XmlHandler {
public:
    virtual ~XmlHandler() = default;
    /// An element opens.
    virtual void start(std::string_view local, const XmlAttributes& attributes) = 0;
    /// An element closes.
    virtual void end(std::string_view local) = 0;
    /// Character data, perhaps in several pieces.
    virtual void text(std::string_view) {}
};

/// Thrown by a handler to end a parse early and quietly.
struct StopXml {};

/// XML that is not well-formed: expat's reason, line and column.
class XmlSyntaxError : public InputError {
public:
    using InputError::InputError;
};

/// Streams the XML of `in` to `handler` with expat, namespaces resolved, external entities
/// never fetched. A handler's exception ends the parse and reaches the caller unchanged;
/// StopXml ends it quietly. Returns whether the document was read to its end.
bool parse_xml(std::istream& in, XmlHandler& handler);

/// A stretch of a document whose events sitrep gives itself, faster than expat would: the
/// bytes [begin, end) and what gives their events to the handler. `prefixes`: the namespace
/// prefixes its names use, which must be declared where it stands.
struct XmlGap {
    size_t begin = 0;
    size_t end = 0;
    std::vector<std::string> prefixes;
    std::function<void(XmlHandler&)> fill;
};

/// Parses `doc` as parse_xml does, except the gap: expat reads what comes before it and after
/// it, `gap.fill` gives the gap's events in their place. When a prefix the gap uses is not
/// declared where it stands, expat reads the gap too (and reports the prefix). A syntax error
/// is reported as parse_xml reports it.
bool parse_xml_with_gap(std::string_view doc, const XmlGap& gap, XmlHandler& handler);

}  // namespace sitrep
