#include "pipeline/writers/pdf_compact.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <utility>
#include <vector>

#include "pipeline/foundation/errors.h"

namespace sitrep {
namespace {

[[noreturn]] void fail(const std::string& why) {
    throw OutputError("PDF: cannot compact the saved document: " + why);
}

bool delimiter(char c) { return c == '<' || c == '>' || c == '[' || c == ']'; }

// `body` (a dictionary or array without strings in parentheses) on one line, minimal spaces.
std::string minify(std::string_view body) {
    std::string out;
    out.reserve(body.size());
    for (size_t i = 0; i < body.size(); ++i) {
        const char c = body[i];
        if (c != ' ' && c != '\n' && c != '\r') {
            out += c;
            continue;
        }
        size_t j = i;
        while (j + 1 < body.size() && (body[j + 1] == ' ' || body[j + 1] == '\n' || body[j + 1] == '\r'))
            ++j;
        const char prev = out.empty() ? '<' : out.back();
        const char next = j + 1 < body.size() ? body[j + 1] : '>';
        if (!delimiter(prev) && !delimiter(next) && next != '/') out += ' ';
        i = j;
    }
    return out;
}

}  // namespace

void compact_objects(std::string& pdf) {
    const size_t sx = pdf.rfind("startxref\n");
    if (sx == std::string::npos) fail("no startxref");
    const size_t xref = std::strtoul(pdf.c_str() + sx + 10, nullptr, 10);
    if (xref >= sx || pdf.compare(xref, 5, "xref\n") != 0) fail("no xref table at " + std::to_string(xref));
    char* end = nullptr;
    const char* p = pdf.c_str() + xref + 5;
    const unsigned long first = std::strtoul(p, &end, 10);
    const unsigned long count = std::strtoul(end, &end, 10);
    if (first != 0 || *end != '\n' || count == 0) fail("an xref section other than 0 N");
    const size_t entries = static_cast<size_t>(end + 1 - pdf.c_str());
    const size_t trailer = entries + 20 * count;
    if (trailer > sx || pdf.compare(trailer, 7, "trailer") != 0) fail("no trailer after the xref table");

    std::vector<std::pair<size_t, size_t>> objects;  // offset, object number
    for (size_t n = 1; n < count; ++n) {
        const size_t e = entries + 20 * n;
        if (pdf[e + 17] != 'n') continue;
        objects.emplace_back(std::strtoul(pdf.c_str() + e, nullptr, 10), n);
    }
    std::sort(objects.begin(), objects.end());
    if (objects.empty()) return;

    std::string out = pdf.substr(0, objects.front().first);
    std::vector<size_t> offset(count, 0);
    for (size_t i = 0; i < objects.size(); ++i) {
        const size_t from = objects[i].first;
        const size_t to = i + 1 < objects.size() ? objects[i + 1].first : xref;
        if (to < from) fail("overlapping objects");
        const std::string_view chunk(pdf.data() + from, to - from);
        offset[objects[i].second] = out.size();
        const size_t open = chunk.find(" obj\n");
        const size_t close = chunk.rfind("endobj");
        if (open == std::string_view::npos || close == std::string_view::npos || close < open ||
            chunk.find("stream") != std::string_view::npos ||
            chunk.find('(') != std::string_view::npos) {
            out += chunk;
            continue;
        }
        out += chunk.substr(0, open + 5);
        out += minify(chunk.substr(open + 5, close - open - 5));
        out += "\nendobj\n";
    }
    const size_t new_xref = out.size();
    out += "xref\n0 " + std::to_string(count) + "\n";
    out += pdf.substr(entries, 20);  // the free head of the list
    for (size_t n = 1; n < count; ++n) {
        const size_t e = entries + 20 * n;
        if (pdf[e + 17] != 'n') {
            out += pdf.substr(e, 20);
            continue;
        }
        char line[24];
        std::snprintf(line, sizeof line, "%010zu %.5s n\r\n", offset[n], pdf.c_str() + e + 11);
        out += line;
    }
    out += pdf.substr(trailer, sx - trailer);
    out += "startxref\n" + std::to_string(new_xref) + "\n%%EOF\n";
    pdf = std::move(out);
}

}  // namespace sitrep
