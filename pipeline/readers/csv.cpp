#include "pipeline/readers/csv.h"

#include <cctype>

#include "pipeline/text/encoding.h"

namespace sitrep {
namespace {

char detect_delimiter(std::string_view text) {
    size_t semicolons = 0, commas = 0;
    bool quoted = false;
    for (char c : text) {
        if (c == '"') quoted = !quoted;
        else if (!quoted && c == '\n') break;
        else if (!quoted && c == ';') ++semicolons;
        else if (!quoted && c == ',') ++commas;
    }
    return commas > semicolons ? ',' : ';';
}

}  // namespace

bool CsvRow::blank() const {
    for (const auto& f : fields)
        for (char c : f)
            if (!std::isspace(static_cast<unsigned char>(c))) return false;
    return true;
}

CsvDocument parse_csv(std::string_view text, std::optional<char> delimiter) {
    text = strip_bom(text);
    CsvDocument doc;
    doc.delimiter = delimiter ? *delimiter : detect_delimiter(text);
    const char d = doc.delimiter;
    size_t line = 1;
    size_t i = 0;
    while (i < text.size()) {
        CsvRow row;
        row.line = line;
        const size_t start = i;
        std::string field;
        bool quoted = false;
        bool too_long = false;
        for (; i < text.size(); ++i) {
            const char c = text[i];
            if (i - start > kMaxRecordBytes) {
                too_long = true;
                break;
            }
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < text.size() && text[i + 1] == '"') {
                        field += '"';
                        ++i;
                    } else {
                        quoted = false;
                    }
                } else {
                    if (c == '\n') ++line;
                    field += c;
                }
            } else if (c == '"' && field.empty()) {
                quoted = true;
            } else if (c == d) {
                row.fields.push_back(std::move(field));
                field.clear();
            } else if (c == '\n') {
                break;
            } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
                // CRLF: the '\n' ends the record.
            } else {
                field += c;
            }
        }
        if (too_long) {
            doc.problems.push_back({"line " + std::to_string(row.line),
                                    "line is longer than " + std::to_string(kMaxRecordBytes) +
                                        " bytes",
                                    excerpt(text.substr(start, 120))});
            const size_t nl = text.find('\n', i);
            i = nl == std::string_view::npos ? text.size() : nl + 1;
            ++line;
            continue;
        }
        if (quoted) {
            doc.problems.push_back({"line " + std::to_string(row.line),
                                    "a quoted field is never closed",
                                    excerpt(text.substr(start, 120))});
        }
        row.fields.push_back(std::move(field));
        size_t end = i;
        if (end > start && text[end - 1] == '\r') --end;
        row.raw = std::string(text.substr(start, end - start));
        if (i < text.size()) ++i;  // the '\n'
        ++line;
        doc.rows.push_back(std::move(row));
    }
    return doc;
}

std::string fold_header(std::string_view name) {
    std::string out;
    bool space = false;
    for (size_t i = 0; i < name.size(); ++i) {
        const auto c = static_cast<unsigned char>(name[i]);
        if (c == 0xC3 && i + 1 < name.size()) {
            const auto n = static_cast<unsigned char>(name[i + 1]);
            char base = 0;
            if ((n >= 0xA8 && n <= 0xAB) || (n >= 0x88 && n <= 0x8B)) base = 'e';
            else if ((n >= 0xA0 && n <= 0xA5) || (n >= 0x80 && n <= 0x85)) base = 'a';
            else if ((n >= 0xAC && n <= 0xAF) || (n >= 0x8C && n <= 0x8F)) base = 'i';
            else if ((n >= 0xB2 && n <= 0xB6) || (n >= 0x92 && n <= 0x96)) base = 'o';
            else if ((n >= 0xB9 && n <= 0xBC) || (n >= 0x99 && n <= 0x9C)) base = 'u';
            else if (n == 0xA7 || n == 0x87) base = 'c';
            if (base) {
                if (space && !out.empty()) out += ' ';
                space = false;
                out += base;
            }
            ++i;
            continue;
        }
        if (std::isspace(c) || c == '_') {
            space = true;
            continue;
        }
        if (space && !out.empty()) out += ' ';
        space = false;
        out += static_cast<char>(std::tolower(c));
    }
    return out;
}

std::optional<std::string> read_limited(std::istream& in, size_t max_bytes,
                                        std::vector<Problem>& problems) {
    std::string data;
    char buf[1 << 16];
    while (in) {
        in.read(buf, sizeof buf);
        data.append(buf, static_cast<size_t>(in.gcount()));
        if (data.size() > max_bytes) {
            problems.push_back({"", "the file is larger than " +
                                        std::to_string(max_bytes / (1024 * 1024)) +
                                        " MiB, the limit for this feed",
                                ""});
            return std::nullopt;
        }
    }
    return data;
}

std::string excerpt(std::string_view raw) {
    size_t n = std::min<size_t>(raw.size(), 120);
    // Do not cut a UTF-8 sequence in half.
    while (n > 0 && n < raw.size() && (static_cast<unsigned char>(raw[n]) & 0xC0) == 0x80) --n;
    std::string out(raw.substr(0, n));
    while (!out.empty() && (out.back() == '\r' || out.back() == '\n')) out.pop_back();
    if (n < raw.size()) out += "…";
    return out;
}

}  // namespace sitrep
