#include "pipeline/readers/sheet_data.h"

#include <algorithm>
#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "pipeline/text/encoding.h"

namespace sitrep {
namespace {

constexpr std::string_view kOpen = "<sheetData>";
constexpr std::string_view kClose = "</sheetData";

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n'; }

bool is_name_start(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

bool is_name_char(char c) {
    return is_name_start(c) || (c >= '0' && c <= '9') || c == '.' || c == '-';
}

bool is_xml_char(uint32_t cp) {
    return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) ||
           (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
}

// Reads the rows between `<sheetData>` and `</sheetData`, twice: once to check that every
// byte has the plain shape (nothing is reported), then to report their events. Whatever is
// not that shape ends the first reading with npos, before any event.
class RowScanner {
public:
    RowScanner(std::string_view rows, XmlHandler* out) : s_(rows), out_(out) {}

    /// Where `</sheetData` begins, once the rows before it were read; npos if they are not
    /// plain.
    size_t scan() {
        for (;;) {
            skip_space();
            if (at(kClose)) return i_;
            if (!open_tag("row")) return fail();
            if (self_closed_) {
                end("row");
                continue;
            }
            if (!cells()) return fail();
        }
    }

    const std::vector<std::string>& prefixes() const { return prefixes_; }

private:
    size_t fail() { return std::string_view::npos; }

    bool at(std::string_view what) const { return s_.substr(i_, what.size()) == what; }

    bool skip_space() {
        const size_t from = i_;
        while (i_ < s_.size() && is_space(s_[i_])) ++i_;
        return i_ > from;
    }

    // `</name` then optional spaces and `>`.
    bool close_tag(std::string_view name) {
        if (!at("</") || s_.substr(i_ + 2, name.size()) != name) return false;
        i_ += 2 + name.size();
        skip_space();
        if (i_ >= s_.size() || s_[i_] != '>') return false;
        ++i_;
        end(name);
        return true;
    }

    bool cells() {
        for (;;) {
            skip_space();
            if (at("</row")) return close_tag("row");
            if (!open_tag("c")) return false;
            if (self_closed_) {
                end("c");
                continue;
            }
            if (!cell_children()) return false;
        }
    }

    bool cell_children() {
        for (;;) {
            skip_space();
            if (at("</c") && i_ + 3 < s_.size() && (s_[i_ + 3] == '>' || is_space(s_[i_ + 3])))
                return close_tag("c");
            if (at("<v>") || at("<v/>")) {
                if (!open_tag("v")) return false;
            } else if (at("<f") && i_ + 2 < s_.size() &&
                       (s_[i_ + 2] == '>' || s_[i_ + 2] == '/' || is_space(s_[i_ + 2]))) {
                if (!open_tag("f")) return false;
            } else {
                return false;
            }
            if (self_closed_) {
                end(last_);
                continue;
            }
            if (!text()) return false;
            if (!close_tag(last_)) return false;
        }
    }

    // `<name`, its attributes, and `>` or `/>` (then self_closed_).
    bool open_tag(std::string_view name) {
        if (!at("<") || s_.substr(i_ + 1, name.size()) != name) return false;
        i_ += 1 + name.size();
        if (i_ >= s_.size() || !(is_space(s_[i_]) || s_[i_] == '>' || s_[i_] == '/'))
            return false;
        last_ = name;
        attributes_.clear();
        unescaped_.clear();
        for (;;) {
            const bool spaced = skip_space();
            if (i_ >= s_.size()) return false;
            if (s_[i_] == '>') {
                ++i_;
                self_closed_ = false;
                break;
            }
            if (at("/>")) {
                i_ += 2;
                self_closed_ = true;
                break;
            }
            if (!spaced || !attribute()) return false;
        }
        if (out_) out_->start(name, XmlAttributes(attributes_.data(), attributes_.size()));
        return true;
    }

    // name="value" or name='value'. A prefixed one is marked so (expat names it by its
    // namespace: `get` never finds it, `get_namespaced` does), its prefix noted for the check
    // that it is declared.
    bool attribute() {
        const size_t start = i_;
        if (!is_name_start(s_[i_])) return false;
        while (i_ < s_.size() && is_name_char(s_[i_])) ++i_;
        std::string_view prefix, local = s_.substr(start, i_ - start);
        if (i_ < s_.size() && s_[i_] == ':') {
            prefix = local;
            const size_t local_start = ++i_;
            if (i_ >= s_.size() || !is_name_start(s_[i_])) return false;
            while (i_ < s_.size() && is_name_char(s_[i_])) ++i_;
            local = s_.substr(local_start, i_ - local_start);
        }
        // A namespace declared here would change what the names around mean.
        if (prefix == "xmlns" || (prefix.empty() && local == "xmlns")) return false;
        skip_space();
        if (i_ >= s_.size() || s_[i_] != '=') return false;
        ++i_;
        skip_space();
        if (i_ >= s_.size() || (s_[i_] != '"' && s_[i_] != '\'')) return false;
        const char quote = s_[i_++];
        const size_t close = s_.find(quote, i_);
        if (close == std::string_view::npos) return false;
        const std::string_view raw = s_.substr(i_, close - i_);
        bool escaped = false;
        for (const char c : raw) {
            // expat turns a tab or a line break in a value into a space: not this shape.
            if (c == '<' || static_cast<unsigned char>(c) < 0x20 ||
                static_cast<unsigned char>(c) >= 0x80)
                return false;
            escaped = escaped || c == '&';
        }
        std::string_view value = raw;
        if (escaped) {
            // Kept until the tag's event: a deque does not move what it holds.
            std::string& decoded = unescaped_.emplace_back();
            if (!unescape(raw, decoded)) return false;
            value = decoded;
        }
        i_ = close + 1;
        // The same attribute twice is malformed; a prefixed one is compared by its local name,
        // as two prefixes may name one namespace.
        for (const auto& seen : attributes_)
            if (seen.prefixed == !prefix.empty() && seen.local == local) return false;
        attributes_.push_back({local, value, !prefix.empty()});
        if (!prefix.empty() &&
            std::find(prefixes_.begin(), prefixes_.end(), prefix) == prefixes_.end())
            prefixes_.emplace_back(prefix);
        return true;
    }

    // `raw`'s entities decoded, into `out`.
    bool unescape(std::string_view raw, std::string& out) {
        out.clear();
        for (size_t k = 0; k < raw.size();) {
            if (raw[k] != '&') {
                out += raw[k++];
                continue;
            }
            const size_t semi = raw.find(';', k);
            if (semi == std::string_view::npos || !entity(raw.substr(k + 1, semi - k - 1), out))
                return false;
            k = semi + 1;
        }
        return true;
    }

    // The entity `name` (between & and ;), decoded onto `out`: the XML's own five and
    // character references; nothing a document type declares.
    static bool entity(std::string_view name, std::string& out) {
        if (name == "amp") out += '&';
        else if (name == "lt") out += '<';
        else if (name == "gt") out += '>';
        else if (name == "quot") out += '"';
        else if (name == "apos") out += '\'';
        else if (name.size() >= 2 && name[0] == '#') {
            const bool hex = name[1] == 'x';
            const std::string_view digits = name.substr(hex ? 2 : 1);
            if (digits.empty()) return false;
            uint32_t cp = 0;
            for (const char d : digits) {
                uint32_t v;
                if (d >= '0' && d <= '9') v = static_cast<uint32_t>(d - '0');
                else if (hex && d >= 'a' && d <= 'f') v = static_cast<uint32_t>(d - 'a' + 10);
                else if (hex && d >= 'A' && d <= 'F') v = static_cast<uint32_t>(d - 'A' + 10);
                else return false;
                cp = cp * (hex ? 16 : 10) + v;
                if (cp > 0x10FFFF) return false;
            }
            if (!is_xml_char(cp)) return false;
            append_utf8(out, cp);
        } else {
            return false;  // an entity of the document's own, or none
        }
        return true;
    }

    // The text of a <v> or an <f>, up to its closing tag.
    bool text() {
        const size_t close = s_.find('<', i_);
        if (close == std::string_view::npos) return false;
        const std::string_view raw = s_.substr(i_, close - i_);
        bool escaped = false;
        for (size_t k = 0; k < raw.size(); ++k) {
            const char c = raw[k];
            const auto u = static_cast<unsigned char>(c);
            // A carriage return is a line break expat rewrites; "]]>" is not allowed in text.
            if (u >= 0x80 || (u < 0x20 && c != '\t' && c != '\n')) return false;
            if (c == '>' && k >= 2 && raw[k - 1] == ']' && raw[k - 2] == ']') return false;
            escaped = escaped || c == '&';
        }
        std::string_view text = raw;
        if (escaped) {
            if (!unescape(raw, value_)) return false;
            text = value_;
        }
        i_ = close;
        if (out_ && !text.empty()) out_->text(text);
        return true;
    }

    void end(std::string_view name) {
        if (out_) out_->end(name);
    }

    std::string_view s_;
    XmlHandler* out_;
    size_t i_ = 0;
    bool self_closed_ = false;
    std::string_view last_;
    std::string value_;
    std::vector<XmlAttribute> attributes_;  // of the tag being read
    std::deque<std::string> unescaped_;     // its values that had entities, decoded
    std::vector<std::string> prefixes_;
};

// Nothing before `<sheetData>` may hide it or make its text mean something else: no
// comment, CDATA section, document type or processing instruction but the XML declaration,
// closed; no byte of UTF-16 (whose text can spell `<sheetData>` in pairs of ASCII bytes).
bool plain_before(std::string_view head) {
    if (head.find("<!") != std::string_view::npos) return false;
    if (head.find('\0') != std::string_view::npos || head.starts_with("\xFF\xFE") ||
        head.starts_with("\xFE\xFF"))
        return false;
    const size_t pi = head.find("<?");
    if (pi == std::string_view::npos) return true;
    const bool declaration = pi == 0 || (pi == 3 && head.starts_with("\xEF\xBB\xBF"));
    const size_t closed = head.find("?>", pi + 2);
    return declaration && closed != std::string_view::npos &&
           head.find("<?", closed) == std::string_view::npos;
}

}  // namespace

std::optional<XmlGap> plain_sheet_data(std::string_view part) {
    const size_t open = part.find(kOpen);
    if (open == std::string_view::npos || !plain_before(part.substr(0, open))) return std::nullopt;
    const size_t begin = open + kOpen.size();
    const std::string_view rows = part.substr(begin);
    RowScanner check(rows, nullptr);
    const size_t length = check.scan();
    if (length == std::string_view::npos) return std::nullopt;
    XmlGap gap;
    gap.begin = begin;
    gap.end = begin + length;
    gap.prefixes = check.prefixes();
    gap.fill = [rows](XmlHandler& handler) {
        RowScanner report(rows, &handler);
        report.scan();
    };
    return gap;
}

}  // namespace sitrep
