#include "pipeline/report/json_writer.h"

#include <charconv>
#include <cmath>
#include <cstdio>

#include "pipeline/text/encoding.h"

namespace sitrep {

namespace {

// Whether `c` goes into JSON text as it is: printable ASCII other than the quote and backslash.
bool plain(char c) {
    const auto u = static_cast<unsigned char>(c);
    return u >= 0x20 && u < 0x80 && c != '"' && c != '\\';
}

// Appends `s` quoted to `out`. Runs of plain characters go in whole: a year-end manifest
// quotes a megabyte of SHA-256s, file names and locations, which character by character
// took half the time of making it.
void append_quoted(std::string& out, std::string_view s) {
    out += '"';
    for (size_t i = 0; i < s.size();) {
        size_t run = i;
        while (run < s.size() && plain(s[run])) ++run;
        out.append(s.data() + i, run - i);
        if (run == s.size()) break;
        i = run;
        const char c = s[i];
        if (static_cast<unsigned char>(c) >= 0x80) {
            // A file name from a disk or a server may be any bytes; JSON must be UTF-8, so a
            // byte that starts no valid sequence becomes U+FFFD rather than invalid output.
            const size_t start = i;
            if (decode_utf8_at(s, i))
                out.append(s.substr(start, i - start));
            else
                out += "\xEF\xBF\xBD";
            continue;
        }
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            default: {
                char buf[8];
                std::snprintf(buf, sizeof buf, "\\u%04x", c);
                out += buf;
            }
        }
        ++i;
    }
    out += '"';
}

}  // namespace

void JsonWriter::separator(std::string_view key) {
    if (!first_) out_ += ',';
    if (!stack_.empty()) {
        out_ += '\n';
        out_.append(stack_.size() * 2, ' ');
    }
    first_ = false;
    if (!key.empty()) {
        append_quoted(out_, key);
        out_ += ": ";
    }
}

JsonWriter& JsonWriter::begin_object(std::string_view key) {
    separator(key);
    out_ += '{';
    stack_ += '{';
    first_ = true;
    return *this;
}

JsonWriter& JsonWriter::end_object() {
    stack_.pop_back();
    if (!first_) {
        out_ += '\n';
        out_.append(stack_.size() * 2, ' ');
    }
    out_ += '}';
    first_ = false;
    return *this;
}

JsonWriter& JsonWriter::begin_array(std::string_view key) {
    separator(key);
    out_ += '[';
    stack_ += '[';
    first_ = true;
    return *this;
}

JsonWriter& JsonWriter::end_array() {
    stack_.pop_back();
    if (!first_) {
        out_ += '\n';
        out_.append(stack_.size() * 2, ' ');
    }
    out_ += ']';
    first_ = false;
    return *this;
}

JsonWriter& JsonWriter::string(std::string_view key, std::string_view value) {
    separator(key);
    append_quoted(out_, value);
    return *this;
}

JsonWriter& JsonWriter::number(std::string_view key, double value) {
    separator(key);
    if (!std::isfinite(value)) {
        out_ += "null";
        return *this;
    }
    char buf[32];
    auto res = std::to_chars(buf, buf + sizeof buf, value);
    out_.append(buf, res.ptr);
    return *this;
}

JsonWriter& JsonWriter::boolean(std::string_view key, bool value) {
    separator(key);
    out_ += value ? "true" : "false";
    return *this;
}

JsonWriter& JsonWriter::null(std::string_view key) {
    separator(key);
    out_ += "null";
    return *this;
}

}  // namespace sitrep
