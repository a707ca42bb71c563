#pragma once

#include <istream>
#include <string_view>

#include "pipeline/foundation/errors.h"

namespace sitrep {

/// An element's attributes as the parser gives them, valid during `XmlHandler::start` only.
class XmlAttributes {
public:
    /// `pairs`: expat's null-terminated name, value, name, value ... list.
    explicit XmlAttributes(const char** pairs) : pairs_(pairs) {}
    /// The value of the attribute `local` without a namespace; empty when it is absent.
    std::string_view get(std::string_view local) const;
    /// Whether the attribute `local` without a namespace is there.
    bool has(std::string_view local) const;
    /// The value of an attribute named `local` in any namespace (such as `r:id`, whose URI
    /// differs between Transitional and Strict OOXML); empty when there is none.
    std::string_view get_namespaced(std::string_view local) const;

private:
    const char** pairs_;
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

}  // namespace sitrep
