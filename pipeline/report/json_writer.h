#pragma once

#include <string>
#include <string_view>

namespace sitrep {

/// A small streaming JSON writer with a fixed key order and layout, so that the same report
/// always gives the same bytes (Poco::JSON sorts keys and formats numbers its own way).
class JsonWriter {
public:
    /// Opens an object (`{`), as a value or as the member `key`.
    JsonWriter& begin_object(std::string_view key = {});
    /// Closes the innermost object.
    JsonWriter& end_object();
    /// Opens an array, as a value or as the member `key`.
    JsonWriter& begin_array(std::string_view key = {});
    /// Closes the innermost array.
    JsonWriter& end_array();
    /// A string member (or array element when `key` is empty).
    JsonWriter& string(std::string_view key, std::string_view value);
    /// A number member, written in the shortest form that reads back exactly.
    JsonWriter& number(std::string_view key, double value);
    /// A `true` or `false` member.
    JsonWriter& boolean(std::string_view key, bool value);
    /// A null member.
    JsonWriter& null(std::string_view key);
    /// The document so far.
    const std::string& str() const { return out_; }

private:
    void separator(std::string_view key);
    std::string out_;
    std::string stack_;     // '{' or '[' per open level
    bool first_ = true;
};

}  // namespace sitrep
