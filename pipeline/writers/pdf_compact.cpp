#include "pipeline/writers/pdf_compact.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string_view>
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

// The value of an object that holds nothing but a non-negative integer (`15 0 obj\n2449\nendobj`:
// libharu writes each stream's /Length so), or -1.
long integer_object(std::string_view chunk) {
    const size_t open = chunk.find(" obj\n");
    const size_t close = chunk.rfind("endobj");
    if (open == std::string_view::npos || close == std::string_view::npos || close < open)
        return -1;
    std::string_view body = chunk.substr(open + 5, close - open - 5);
    while (!body.empty() && (body.back() == '\n' || body.back() == '\r' || body.back() == ' '))
        body.remove_suffix(1);
    if (body.empty() || body.size() > 12 ||
        body.find_first_not_of("0123456789") != std::string_view::npos)
        return -1;
    return std::strtol(std::string(body).c_str(), nullptr, 10);
}

// `dict` (minified) with `/Length N 0 R` replaced by the integer object N's value, if N is one;
// `inlined` gets N.
std::string inline_length(std::string dict, const std::vector<long>& integers,
                          std::vector<bool>& inlined) {
    const size_t at = dict.find("/Length ");
    if (at == std::string::npos) return dict;
    char* end = nullptr;
    const char* num = dict.c_str() + at + 8;
    const unsigned long n = std::strtoul(num, &end, 10);
    if (end == num || std::string_view(end, 4) != " 0 R" || n >= integers.size() || integers[n] < 0)
        return dict;
    inlined[n] = true;
    return dict.replace(at + 8, static_cast<size_t>(end + 4 - num), std::to_string(integers[n]));
}

// Where the value in the minified dictionary `dict` that starts at `at` ends: an array or a
// dictionary up to its matching bracket. npos when it is neither or holds a hex string.
size_t value_end(const std::string& dict, size_t at) {
    const bool array = dict.compare(at, 1, "[") == 0;
    if (!array && dict.compare(at, 2, "<<") != 0) return std::string::npos;
    int depth = 0;
    for (size_t i = at; i < dict.size(); ++i) {
        if (dict[i] == '[' || (dict[i] == '<' && i + 1 < dict.size() && dict[i + 1] == '<')) {
            ++depth;
            if (dict[i] == '<') ++i;
        } else if (dict[i] == ']' ||
                   (dict[i] == '>' && i + 1 < dict.size() && dict[i + 1] == '>')) {
            if (dict[i] == '>') ++i;
            if (--depth == 0) return i + 1;
        } else if (dict[i] == '<' || dict[i] == '>') {
            return std::string::npos;  // a hex string: not what libharu puts in a page
        }
    }
    return std::string::npos;
}

// `/Key value` of the top level of page dictionary `dict`, or empty.
std::string entry(const std::string& dict, const std::string& key) {
    const size_t at = dict.find("/" + key);
    if (at == std::string::npos) return {};
    const size_t end = value_end(dict, at + 1 + key.size());
    return end == std::string::npos ? std::string() : dict.substr(at, end - at);
}

// Moves /MediaBox and /Resources from every page to the page tree's root when all pages have
// the same ones, as PDF Reference 1.4 §3.6.2 (Table 3.18, "inheritable"; "Inheritance of page
// attributes") allows: libharu repeats both in every page, ~110 bytes a page. `bodies` holds
// the minified objects (empty for those copied as they are).
void hoist_page_attributes(std::vector<std::string>& bodies) {
    std::vector<size_t> pages;
    size_t root = std::string::npos, roots = 0;
    for (size_t i = 0; i < bodies.size(); ++i) {
        if (bodies[i].rfind("<</Type/Page/", 0) == 0) pages.push_back(i);
        if (bodies[i].rfind("<</Type/Pages/", 0) == 0) root = i, ++roots;
    }
    if (pages.size() < 2 || roots != 1 || bodies[root].find("/MediaBox") != std::string::npos ||
        bodies[root].find("/Resources") != std::string::npos)
        return;
    std::string shared;
    for (const char* key : {"MediaBox", "Resources"}) {
        const std::string first = entry(bodies[pages.front()], key);
        if (first.empty()) return;
        for (size_t p : pages)
            if (entry(bodies[p], key) != first ||
                bodies[p].find("/" + std::string(key)) != bodies[p].rfind("/" + std::string(key)))
                return;
        shared += first;
    }
    for (size_t p : pages)
        for (const char* key : {"MediaBox", "Resources"}) {
            const std::string e = entry(bodies[p], key);
            bodies[p].erase(bodies[p].find(e), e.size());
        }
    bodies[root].insert(std::string("<</Type/Pages").size(), shared);
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

    std::vector<std::string_view> chunks(objects.size());
    std::vector<long> integers(count, -1);
    for (size_t i = 0; i < objects.size(); ++i) {
        const size_t from = objects[i].first;
        const size_t to = i + 1 < objects.size() ? objects[i + 1].first : xref;
        if (to < from) fail("overlapping objects");
        chunks[i] = std::string_view(pdf.data() + from, to - from);
        integers[objects[i].second] = integer_object(chunks[i]);
    }

    // The stream-less objects without strings, minified.
    std::vector<std::string> bodies(objects.size());
    for (size_t i = 0; i < objects.size(); ++i) {
        const std::string_view chunk = chunks[i];
        const size_t open = chunk.find(" obj\n");
        const size_t close = chunk.rfind("endobj");
        if (open == std::string_view::npos || close == std::string_view::npos || close < open ||
            chunk.find("stream") != std::string_view::npos ||
            chunk.find('(') != std::string_view::npos)
            continue;
        bodies[i] = minify(chunk.substr(open + 5, close - open - 5));
    }
    hoist_page_attributes(bodies);

    std::string out = pdf.substr(0, objects.front().first);
    std::vector<size_t> offset(count, 0);
    std::vector<bool> inlined(count, false);
    for (size_t i = 0; i < objects.size(); ++i) {
        const std::string_view chunk = chunks[i];
        const size_t number = objects[i].second;
        // A stream's length, given in its dictionary by now: the object goes, and its entry
        // in the table becomes a free one.
        if (inlined[number]) continue;
        offset[number] = out.size();
        const size_t open = chunk.find(" obj\n");
        const size_t close = chunk.rfind("endobj");
        const size_t stream = chunk.find("stream");
        if (open == std::string_view::npos || close == std::string_view::npos || close < open) {
            out += chunk;
            continue;
        }
        if (stream != std::string_view::npos) {
            // The dictionary before the stream's data is minified too, its /Length given
            // directly (PDF Reference 1.4 §3.2.7, Table 3.4: an integer; indirect only for
            // writers that do not know it in advance): libharu writes each length as an
            // object of its own, ~25 bytes, for a number known by the time it is saved.
            const std::string_view dict = chunk.substr(open + 5, stream - open - 5);
            if (stream < open || dict.find('(') != std::string_view::npos) {
                out += chunk;
                continue;
            }
            out += chunk.substr(0, open + 5);
            out += inline_length(minify(dict), integers, inlined);
            out += '\n';
            out += chunk.substr(stream);
            continue;
        }
        if (chunk.find('(') != std::string_view::npos) {
            out += chunk;
            continue;
        }
        out += chunk.substr(0, open + 5);
        out += bodies[i];
        out += "\nendobj\n";
    }

    // The free entries form a list from entry 0 through every free object back to 0, each
    // freed one with the generation its number would be used with next (PDF 1.4 §3.4.3).
    std::vector<size_t> free_list;
    for (size_t n = 1; n < count; ++n)
        if (pdf[entries + 20 * n + 17] != 'n' || inlined[n]) free_list.push_back(n);
    std::vector<size_t> next_free(count, 0);
    for (size_t k = 0; k + 1 < free_list.size(); ++k) next_free[free_list[k]] = free_list[k + 1];
    const size_t new_xref = out.size();
    out += "xref\n0 " + std::to_string(count) + "\n";
    char line[24];
    std::snprintf(line, sizeof line, "%010zu 65535 f\r\n",
                  free_list.empty() ? 0 : free_list.front());
    out += line;
    for (size_t n = 1; n < count; ++n) {
        const size_t e = entries + 20 * n;
        if (inlined[n]) {
            const unsigned long generation = std::strtoul(pdf.c_str() + e + 11, nullptr, 10) + 1;
            std::snprintf(line, sizeof line, "%010zu %05lu f\r\n", next_free[n], generation);
        } else if (pdf[e + 17] != 'n') {
            std::snprintf(line, sizeof line, "%010zu %.5s f\r\n", next_free[n],
                          pdf.c_str() + e + 11);
        } else {
            std::snprintf(line, sizeof line, "%010zu %.5s n\r\n", offset[n], pdf.c_str() + e + 11);
        }
        out += line;
    }
    out += pdf.substr(trailer, sx - trailer);
    out += "startxref\n" + std::to_string(new_xref) + "\n%%EOF\n";
    pdf = std::move(out);
}

}  // namespace sitrep
