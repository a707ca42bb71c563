#include "pipeline/writers/pdf_font_subset.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>

#include "pipeline/foundation/errors.h"
#include "pipeline/writers/pdf_encoding.h"

namespace sitrep {
namespace {

uint16_t u16(std::string_view d, size_t at) {
    return static_cast<uint16_t>((static_cast<unsigned char>(d[at]) << 8) |
                                 static_cast<unsigned char>(d[at + 1]));
}

uint32_t u32(std::string_view d, size_t at) {
    return (static_cast<uint32_t>(u16(d, at)) << 16) | u16(d, at + 2);
}

void put16(std::string& out, uint32_t v) {
    out += static_cast<char>((v >> 8) & 0xFF);
    out += static_cast<char>(v & 0xFF);
}

void put32(std::string& out, uint32_t v) {
    put16(out, v >> 16);
    put16(out, v & 0xFFFF);
}

void set16(std::string& out, size_t at, uint32_t v) {
    out[at] = static_cast<char>((v >> 8) & 0xFF);
    out[at + 1] = static_cast<char>(v & 0xFF);
}

uint32_t checksum(std::string_view t) {
    uint32_t sum = 0;
    for (size_t i = 0; i < t.size(); i += 4) {
        uint32_t word = 0;
        for (size_t k = 0; k < 4; ++k)
            word = (word << 8) | (i + k < t.size() ? static_cast<unsigned char>(t[i + k]) : 0);
        sum += word;
    }
    return sum;
}

class Font {
public:
    Font(std::string_view data, const std::string& what) : d_(data), what_(what) {
        need(12, "table directory");
        const uint16_t tables = u16(d_, 4);
        need(12 + 16u * tables, "table directory");
        for (uint16_t i = 0; i < tables; ++i) {
            const size_t rec = 12 + 16u * i;
            const uint32_t off = u32(d_, rec + 8), len = u32(d_, rec + 12);
            need(size_t{off} + len, "table " + std::string(d_.substr(rec, 4)));
            tables_[std::string(d_.substr(rec, 4))] = d_.substr(off, len);
        }
    }

    std::string_view table(const std::string& tag) const {
        const auto it = tables_.find(tag);
        if (it == tables_.end()) fail("has no '" + tag + "' table");
        return it->second;
    }
    bool has(const std::string& tag) const { return tables_.count(tag) > 0; }

    [[noreturn]] void fail(const std::string& why) const {
        throw OutputError("PDF: font " + what_ + " " + why);
    }

private:
    void need(size_t n, const std::string& what) const {
        if (n > d_.size()) fail("is cut short in its " + what);
    }
    std::string_view d_;
    std::string what_;
    std::map<std::string, std::string_view> tables_;
};

// The glyph of `cp` in a format 4 (Windows Unicode BMP) cmap subtable; 0 when none.
uint16_t lookup(std::string_view sub, char32_t cp) {
    if (cp > 0xFFFF) return 0;
    const uint16_t segs = u16(sub, 6) / 2;
    const size_t ends = 14, starts = ends + 2u * segs + 2, deltas = starts + 2u * segs,
                 ranges = deltas + 2u * segs;
    if (ranges + 2u * segs > sub.size()) return 0;
    for (uint16_t i = 0; i < segs; ++i) {
        if (cp > u16(sub, ends + 2u * i)) continue;
        const uint16_t start = u16(sub, starts + 2u * i);
        if (cp < start) return 0;
        const uint16_t delta = u16(sub, deltas + 2u * i), range = u16(sub, ranges + 2u * i);
        if (range == 0) return static_cast<uint16_t>(cp + delta);
        const size_t at = ranges + 2u * i + range + 2u * (cp - start);
        if (at + 2 > sub.size()) return 0;
        const uint16_t g = u16(sub, at);
        return g == 0 ? 0 : static_cast<uint16_t>(g + delta);
    }
    return 0;
}

std::string_view unicode_cmap(const Font& font) {
    const std::string_view cmap = font.table("cmap");
    const uint16_t n = u16(cmap, 2);
    for (uint16_t i = 0; i < n && 4 + 8u * i + 8 <= cmap.size(); ++i) {
        const size_t rec = 4 + 8u * i;
        const uint32_t off = u32(cmap, rec + 4);
        if (u16(cmap, rec) == 3 && u16(cmap, rec + 2) == 1 && off + 4 <= cmap.size() &&
            u16(cmap, off) == 4)
            return cmap.substr(off, u16(cmap, off + 2));
    }
    font.fail("has no Windows Unicode (3,1) format 4 cmap");
}

// A format 4 cmap of `map` (sorted by code point), one segment per run of codes whose glyphs
// follow one another (most of ASCII in DejaVu) rather than one per character.
std::string make_cmap(const std::vector<std::pair<char32_t, uint16_t>>& map) {
    struct Segment {
        uint16_t start, end, delta;
    };
    std::vector<Segment> segments;
    for (const auto& [cp, g] : map) {
        const auto code = static_cast<uint16_t>(cp);
        const auto delta = static_cast<uint16_t>((g - code) & 0xFFFF);
        if (!segments.empty() && segments.back().end + 1 == code && segments.back().delta == delta)
            segments.back().end = code;
        else
            segments.push_back({code, code, delta});
    }
    segments.push_back({0xFFFF, 0xFFFF, 1});  // the table's required last segment
    const size_t segs = segments.size();
    std::string sub;
    put16(sub, 4);
    put16(sub, 0);  // length, set below
    put16(sub, 0);
    put16(sub, 2 * segs);
    uint16_t pow = 1, log = 0;
    while (pow * 2 <= segs) pow *= 2, ++log;
    put16(sub, 2 * pow);
    put16(sub, log);
    put16(sub, 2 * segs - 2 * pow);
    for (const auto& s : segments) put16(sub, s.end);
    put16(sub, 0);
    for (const auto& s : segments) put16(sub, s.start);
    for (const auto& s : segments) put16(sub, s.delta);
    for (size_t i = 0; i < segs; ++i) put16(sub, 0);
    set16(sub, 2, sub.size());
    std::string cmap;
    put16(cmap, 0);
    put16(cmap, 1);
    put16(cmap, 3);
    put16(cmap, 1);
    put32(cmap, 12);
    return cmap + sub;
}


// A glyph without its TrueType instructions (hinting for coarse screen grids, which PDF
// viewers do without): DejaVu's instructions are about half of its glyph data.
std::string without_hinting(std::string_view g, const Font& font) {
    if (g.size() < 10) return std::string(g);
    const auto contours = static_cast<int16_t>(u16(g, 0));
    if (contours >= 0) {
        const size_t at = 10 + 2u * static_cast<size_t>(contours);
        if (at + 2 > g.size()) font.fail("has a broken glyph");
        const size_t skip = u16(g, at);
        if (at + 2 + skip > g.size()) font.fail("has a broken glyph");
        std::string out(g.substr(0, at));
        put16(out, 0);
        out += g.substr(at + 2 + skip);
        return out;
    }
    std::string out(g);
    for (size_t at = 10;;) {
        if (at + 4 > out.size()) font.fail("has a broken composite glyph");
        const uint16_t flags = u16(out, at);
        set16(out, at, flags & ~0x0100u);  // no WE_HAVE_INSTRUCTIONS
        at += 4 + ((flags & 0x0001) ? 4 : 2) +
              ((flags & 0x0008) ? 2 : (flags & 0x0040) ? 4 : (flags & 0x0080) ? 8 : 0);
        if (!(flags & 0x0020)) {
            out.resize(std::min(at, out.size()));
            return out;
        }
    }
}

// The name table cut to the English records of the family, style, unique and PostScript
// names and the copyright (libharu reads the PostScript and style names); the licence text
// in several platforms and languages is most of DejaVu's 15 KB.
std::string short_names(std::string_view name, const Font& font) {
    if (name.size() < 6) font.fail("has a short name table");
    const uint16_t count = u16(name, 2), strings = u16(name, 4);
    std::string records, text;
    uint16_t kept = 0;
    for (uint16_t i = 0; i < count && 6 + 12u * i + 12 <= name.size(); ++i) {
        const size_t rec = 6 + 12u * i;
        const uint16_t platform = u16(name, rec), language = u16(name, rec + 4),
                       id = u16(name, rec + 6), len = u16(name, rec + 8),
                       off = u16(name, rec + 10);
        const bool english = (platform == 1 && language == 0) || (platform == 3 && language == 0x409);
        if (!english || id > 6 || size_t{strings} + off + len > name.size()) continue;
        records += name.substr(rec, 8);
        put16(records, len);
        put16(records, text.size());
        text += name.substr(size_t{strings} + off, len);
        ++kept;
    }
    std::string out;
    put16(out, 0);
    put16(out, kept);
    put16(out, 6 + 12u * kept);
    return out + records + text;
}

}  // namespace

std::string subset_truetype(std::string_view ttf, const std::vector<char32_t>& chars,
                            const std::string& what) {
    const Font font(ttf, what);
    const std::string_view head = font.table("head"), maxp = font.table("maxp"),
                           hhea = font.table("hhea"), hmtx = font.table("hmtx"),
                           loca = font.table("loca"), glyf = font.table("glyf");
    if (head.size() < 54 || maxp.size() < 6 || hhea.size() < 36) font.fail("has short tables");
    const uint16_t glyphs = u16(maxp, 4), long_metrics = u16(hhea, 34);
    const bool long_loca = u16(head, 50) == 1;
    if (loca.size() < (glyphs + 1u) * (long_loca ? 4 : 2) || long_metrics == 0 ||
        hmtx.size() < 4u * long_metrics + 2u * (glyphs - long_metrics))
        font.fail("has a loca or hmtx table shorter than its glyph count");
    const auto offset = [&](uint32_t g) -> uint32_t {
        return long_loca ? u32(loca, 4 * g) : 2u * u16(loca, 2 * g);
    };
    const auto glyph = [&](uint16_t g) -> std::string_view {
        const uint32_t a = offset(g), b = offset(g + 1u);
        if (b < a || b > glyf.size()) font.fail("has a glyph outside its glyf table");
        return glyf.substr(a, b - a);
    };

    // The glyphs kept, in their original order, with every composite's components.
    const std::string_view cmap = unicode_cmap(font);
    std::vector<std::pair<char32_t, uint16_t>> map;
    std::vector<bool> keep(glyphs, false);
    keep[0] = true;
    std::vector<uint16_t> todo;
    for (char32_t cp : chars)
        if (const uint16_t g = lookup(cmap, cp); g != 0 && g < glyphs) {
            map.emplace_back(cp, g);
            if (!keep[g]) todo.push_back(g);
            keep[g] = true;
        }
    while (!todo.empty()) {
        const std::string_view data = glyph(todo.back());
        todo.pop_back();
        if (data.size() < 10 || static_cast<int16_t>(u16(data, 0)) >= 0) continue;
        for (size_t at = 10;;) {  // a composite: flags, glyph index, arguments, transform
            if (at + 4 > data.size()) font.fail("has a broken composite glyph");
            const uint16_t flags = u16(data, at), part = u16(data, at + 2);
            if (part < glyphs && !keep[part]) {
                keep[part] = true;
                todo.push_back(part);
            }
            at += 4 + ((flags & 0x0001) ? 4 : 2) +
                  ((flags & 0x0008) ? 2 : (flags & 0x0040) ? 4 : (flags & 0x0080) ? 8 : 0);
            if (!(flags & 0x0020)) break;
        }
    }
    std::vector<uint16_t> new_id(glyphs, 0), old_ids;
    for (uint16_t g = 0; g < glyphs; ++g)
        if (keep[g]) {
            new_id[g] = static_cast<uint16_t>(old_ids.size());
            old_ids.push_back(g);
        }
    std::sort(map.begin(), map.end());
    for (auto& m : map) m.second = new_id[m.second];

    std::string new_glyf, new_loca, new_hmtx;
    std::vector<size_t> offsets;
    for (uint16_t g : old_ids) {
        offsets.push_back(new_glyf.size());
        std::string data = without_hinting(glyph(g), font);
        if (data.size() >= 10 && static_cast<int16_t>(u16(data, 0)) < 0) {
            for (size_t at = 10;;) {
                const uint16_t flags = u16(data, at);
                set16(data, at + 2, new_id[u16(data, at + 2)]);
                at += 4 + ((flags & 0x0001) ? 4 : 2) +
                      ((flags & 0x0008) ? 2 : (flags & 0x0040) ? 4 : (flags & 0x0080) ? 8 : 0);
                if (!(flags & 0x0020)) break;
            }
        }
        new_glyf += data;
        while (new_glyf.size() % 4) new_glyf += '\0';
        const uint16_t m = std::min<uint16_t>(g, long_metrics - 1);
        put16(new_hmtx, u16(hmtx, 4u * m));
        put16(new_hmtx, g < long_metrics ? u16(hmtx, 4u * g + 2)
                                         : u16(hmtx, 4u * long_metrics + 2u * (g - long_metrics)));
    }
    offsets.push_back(new_glyf.size());
    // Short loca offsets (halved, in 16 bits) where the glyphs fit in 128 KB, as a WinAnsi
    // subset's do: half the bytes of long ones. Every glyph is padded to 4 bytes.
    const bool short_loca = new_glyf.size() <= 2u * 0xFFFF;
    for (size_t o : offsets)
        if (short_loca)
            put16(new_loca, static_cast<uint16_t>(o / 2));
        else
            put32(new_loca, o);

    std::string new_head(head), new_maxp(maxp), new_hhea(hhea);
    set16(new_head, 8, 0);  // checkSumAdjustment, set below
    set16(new_head, 10, 0);
    set16(new_head, 50, short_loca ? 0 : 1);
    set16(new_maxp, 4, old_ids.size());
    set16(new_hhea, 34, old_ids.size());
    std::string post(font.table("post").substr(0, 32));
    if (post.size() < 32) font.fail("has a short post table");
    set16(post, 0, 3);  // version 3: no glyph names (the PDF's encoding names the glyphs)
    set16(post, 2, 0);

    std::map<std::string, std::string> out{
        {"cmap", make_cmap(map)}, {"glyf", new_glyf}, {"head", new_head}, {"hhea", new_hhea},
        {"hmtx", new_hmtx},       {"loca", new_loca}, {"maxp", new_maxp}, {"post", post}};
    // libharu requires cvt, fpgm and prep: with no glyph instructions left, empty ones do.
    out["OS/2"] = std::string(font.table("OS/2"));
    for (const char* tag : {"cvt ", "fpgm", "prep"}) out[tag] = std::string();
    out["name"] = short_names(font.table("name"), font);

    std::string file;
    put32(file, 0x00010000);
    put16(file, out.size());
    uint16_t pow = 1, log = 0;
    while (pow * 2 <= out.size()) pow *= 2, ++log;
    put16(file, 16 * pow);
    put16(file, log);
    put16(file, 16 * out.size() - 16 * pow);
    size_t at = 12 + 16 * out.size();
    for (const auto& [tag, data] : out) {
        file += tag;
        put32(file, checksum(data));
        put32(file, at);
        put32(file, data.size());
        at += (data.size() + 3) / 4 * 4;
    }
    size_t head_at = 0;
    for (const auto& [tag, data] : out) {
        if (tag == "head") head_at = file.size();
        file += data;
        while (file.size() % 4) file += '\0';
    }
    const uint32_t adjust = 0xB1B0AFBAu - checksum(file);
    set16(file, head_at + 8, adjust >> 16);
    set16(file, head_at + 10, adjust & 0xFFFF);
    return file;
}

const std::string& winansi_font_subset(const std::string& path) {
    static std::mutex mutex;
    static std::map<std::string, std::string> made;
    const std::lock_guard<std::mutex> lock(mutex);
    if (const auto it = made.find(path); it != made.end()) return it->second;
    std::ifstream in(path, std::ios::binary);
    if (!in) throw OutputError("PDF: cannot read font " + path);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    return made[path] = subset_truetype(bytes.str(), winansi_repertoire(), path);
}

}  // namespace sitrep
