#include "pipeline/writers/pdf_encoding.h"

#include <cstdio>

#include "pipeline/text/encoding.h"

namespace sitrep {
namespace {

// Code page 1252's bytes 0x80 to 0x9F; 0 where the code page leaves a byte undefined.
constexpr char32_t kHigh[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

}  // namespace

std::optional<unsigned char> winansi_code(char32_t cp) {
    if ((cp >= 0x20 && cp < 0x7F) || (cp >= 0xA0 && cp <= 0xFF))
        return static_cast<unsigned char>(cp);
    for (unsigned i = 0; i < 32; ++i)
        if (kHigh[i] != 0 && kHigh[i] == cp) return static_cast<unsigned char>(0x80 + i);
    return std::nullopt;
}

const std::vector<char32_t>& winansi_repertoire() {
    static const std::vector<char32_t> all = [] {
        std::vector<char32_t> out;
        for (char32_t cp = 0x20; cp <= 0xFF; ++cp)
            if (cp < 0x7F || cp >= 0xA0) out.push_back(cp);
        for (char32_t cp : kHigh)
            if (cp != 0) out.push_back(cp);
        return out;
    }();
    return all;
}

char32_t winansi_equivalent(char32_t cp) {
    switch (cp) {
        case 0x202F:  // narrow no-break space (French thousands)
        case 0x2007:  // figure space
            return 0x00A0;
        case 0x2009:  // thin space
        case 0x200A:  // hair space
            return U' ';
        case 0x2212:  // minus sign
        case 0x2010:  // hyphen
        case 0x2011:  // non-breaking hyphen
            return U'-';
        default:
            return cp;
    }
}

std::string winansi_to_unicode_cmap() {
    std::string high;
    int n = 0;
    for (unsigned i = 0; i < 32; ++i) {
        if (kHigh[i] == 0) continue;
        char buf[24];
        std::snprintf(buf, sizeof buf, "<%02X> <%04X>\n", 0x80 + i, static_cast<unsigned>(kHigh[i]));
        high += buf;
        ++n;
    }
    return "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
           "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
           "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
           "1 begincodespacerange\n<00> <FF>\nendcodespacerange\n"
           "2 beginbfrange\n<20> <7E> <0020>\n<A0> <FF> <00A0>\nendbfrange\n" +
           std::to_string(n) + " beginbfchar\n" + high +
           "endbfchar\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend";
}

std::optional<std::string> to_pdfdoc(std::string_view text, bool exact) {
    std::string out;
    size_t i = 0;
    while (i < text.size()) {
        auto cp = decode_utf8_at(text, i);
        if (!cp) return std::nullopt;
        if (!exact && (*cp == 0x00A0 || *cp == 0x202F)) cp = U' ';
        if (!exact && *cp == 0x2212) cp = U'-';
        // PDFDocEncoding agrees with Latin-1 from 0xA1 on, and with ASCII.
        if ((*cp < 0x20 || *cp > 0x7E) && (*cp < 0xA1 || *cp > 0xFF)) return std::nullopt;
        out += static_cast<char>(*cp);
    }
    return out;
}

std::string to_winansi(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    size_t i = 0;
    while (i < text.size()) {
        const auto cp = decode_utf8_at(text, i);
        const auto code = cp ? winansi_code(winansi_equivalent(*cp)) : std::nullopt;
        out += code ? static_cast<char>(*code) : '?';
    }
    return out;
}

}  // namespace sitrep
