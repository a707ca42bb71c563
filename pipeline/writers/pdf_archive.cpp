#include "pipeline/writers/pdf_archive.h"

#include <hpdf_doc.h>
#include <hpdf_objects.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>

#include "pipeline/foundation/errors.h"
#include "pipeline/foundation/sha256.h"

namespace sitrep {
namespace {

#include "pipeline/writers/srgb_icc.inc"

uint32_t be32(const unsigned char* p) {
    return uint32_t{p[0]} << 24 | uint32_t{p[1]} << 16 | uint32_t{p[2]} << 8 | p[3];
}

void put_be32(std::string& out, size_t at, uint32_t v) {
    for (int i = 0; i < 4; ++i) out[at + i] = static_cast<char>(v >> (24 - 8 * i) & 0xff);
}

// kSrgbIcc with its three identical 1,024-entry tone curves replaced by one 256-entry curve
// that its rTRC, gTRC and bTRC tags share (an ICC tag table may point several tags at the
// same data). Linear interpolation between the 256 points departs from the 1,024 by at most
// 1.3 in 65,535, a two-hundredth of an 8-bit step: the colours stay as they were, and the
// embedded profile compresses to 0.9 KB instead of 2.5 KB. This is an altered version of the
// zlib-licensed profile, as its licence asks to mark.
const std::string& srgb_profile() {
    static const std::string profile = [] {
        const unsigned char* in = kSrgbIcc;
        const uint32_t tags = be32(in + 128);
        constexpr int kPoints = 256;
        std::string out(reinterpret_cast<const char*>(in), 132 + 12 * tags);
        std::string curve("curv\0\0\0\0", 8);
        curve += std::string(4, '\0');
        put_be32(curve, 8, kPoints);
        size_t curve_at = 0;
        for (uint32_t t = 0; t < tags; ++t) {
            const unsigned char* entry = in + 132 + 12 * t;
            const uint32_t offset = be32(entry + 4), size = be32(entry + 8);
            if (offset + size > sizeof kSrgbIcc)
                throw OutputError("PDF: sRGB profile: tag outside it");
            const std::string sig(reinterpret_cast<const char*>(entry), 4);
            const bool trc = sig == "rTRC" || sig == "gTRC" || sig == "bTRC";
            if (trc && curve_at == 0) {
                const unsigned char* data = in + offset;
                const uint32_t n = be32(data + 8);
                if (std::string(reinterpret_cast<const char*>(data), 4) != "curv" || n < 2 ||
                    12 + 2 * n > size)
                    throw OutputError("PDF: sRGB profile: " + sig + " is not a sampled curve");
                const auto sample = [&](uint32_t i) {
                    return double(data[12 + 2 * i] << 8 | data[13 + 2 * i]);
                };
                for (int i = 0; i < kPoints; ++i) {
                    const double at = double(i) * (n - 1) / (kPoints - 1);
                    const uint32_t k = std::min<uint32_t>(static_cast<uint32_t>(at), n - 2);
                    const double v = sample(k) + (sample(k + 1) - sample(k)) * (at - k);
                    const auto q = static_cast<uint16_t>(std::lround(v));
                    curve += static_cast<char>(q >> 8);
                    curve += static_cast<char>(q & 0xff);
                }
                curve_at = out.size();
                out += curve;
                while (out.size() % 4) out += '\0';
            }
            const size_t at = trc ? curve_at : out.size();
            put_be32(out, 132 + 12 * t + 4, static_cast<uint32_t>(at));
            put_be32(out, 132 + 12 * t + 8, static_cast<uint32_t>(trc ? curve.size() : size));
            if (trc) continue;
            out.append(reinterpret_cast<const char*>(in + offset), size);
            while (out.size() % 4) out += '\0';
        }
        put_be32(out, 0, static_cast<uint32_t>(out.size()));
        return out;
    }();
    return profile;
}

// 16 bytes no content stream of ours contains uncompressed, written as hex by libharu.
constexpr char kPlaceholder[] = "sitrep-id-to-set";
constexpr size_t kIdBytes = 16;

std::string xml_escape(const std::string& s) {
    std::string out;
    for (char c : s) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            default: out += c;
        }
    }
    return out;
}

std::string hex(std::string_view bytes) {
    static const char* digits = "0123456789ABCDEF";
    std::string out;
    for (unsigned char b : bytes) {
        out += digits[b >> 4];
        out += digits[b & 15];
    }
    return out;
}

// The information dictionary's date as XMP writes it: 2023-02-08T07:00:00+01:00.
std::string xmp_date(const HPDF_Date& d) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d", d.year, d.month,
                  d.day, d.hour, d.minutes, d.seconds, d.ind == '-' ? '-' : '+', d.off_hour,
                  d.off_minutes);
    return buf;
}

void fail_if(bool failed, const char* what) {
    if (failed) throw OutputError(std::string("PDF: cannot add ") + what);
}

}  // namespace

std::string xmp_packet(const PdfInfo& info, const HPDF_Date* date, const std::string& producer) {
    std::string x =
        "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
        "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
        "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
        "<rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n"
        "<dc:format>application/pdf</dc:format>\n";
    const auto alt = [&](const char* tag, const std::string& v) {
        if (!v.empty())
            x += std::string("<") + tag + "><rdf:Alt><rdf:li xml:lang=\"x-default\">" +
                 xml_escape(v) + "</rdf:li></rdf:Alt></" + tag + ">\n";
    };
    alt("dc:title", info.title);
    if (!info.author.empty())
        x += "<dc:creator><rdf:Seq><rdf:li>" + xml_escape(info.author) +
             "</rdf:li></rdf:Seq></dc:creator>\n";
    alt("dc:description", info.subject);
    if (!info.lang.empty())
        x += "<dc:language><rdf:Bag><rdf:li>" + xml_escape(info.lang) +
             "</rdf:li></rdf:Bag></dc:language>\n";
    x += "</rdf:Description>\n"
         "<rdf:Description rdf:about=\"\" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\">\n";
    if (date) {
        const std::string d = xmp_date(*date);
        x += "<xmp:CreateDate>" + d + "</xmp:CreateDate>\n<xmp:ModifyDate>" + d +
             "</xmp:ModifyDate>\n<xmp:MetadataDate>" + d + "</xmp:MetadataDate>\n";
    }
    if (!info.creator.empty())
        x += "<xmp:CreatorTool>" + xml_escape(info.creator) + "</xmp:CreatorTool>\n";
    x += "</rdf:Description>\n"
         "<rdf:Description rdf:about=\"\" xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\">\n"
         "<pdf:Producer>" + xml_escape(producer) + "</pdf:Producer>\n";
    if (!info.keywords.empty())
        x += "<pdf:Keywords>" + xml_escape(info.keywords) + "</pdf:Keywords>\n";
    x += "</rdf:Description>\n"
         "<rdf:Description rdf:about=\"\" xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\">\n"
         "<pdfaid:part>1</pdfaid:part>\n<pdfaid:conformance>B</pdfaid:conformance>\n"
         "</rdf:Description>\n"
         "</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"w\"?>";
    return x;
}

void add_archive_metadata(HPDF_Doc doc, const PdfInfo& info, const HPDF_Date* date) {
    HPDF_MMgr mmgr = doc->mmgr;
    HPDF_Dict catalog = doc->catalog;

    // XMP: PDF/A-1 wants it unfiltered, so that a reader without zlib finds it.
    HPDF_Dict meta = HPDF_DictStream_New(mmgr, doc->xref);
    fail_if(!meta, "the XMP metadata");
    const char* producer = HPDF_GetInfoAttr(doc, HPDF_INFO_PRODUCER);
    const std::string xmp = xmp_packet(info, date, producer ? producer : "");
    fail_if(HPDF_Dict_AddName(meta, "Type", "Metadata") != HPDF_OK ||
                HPDF_Dict_AddName(meta, "Subtype", "XML") != HPDF_OK ||
                HPDF_Stream_Write(meta->stream, reinterpret_cast<const HPDF_BYTE*>(xmp.data()),
                                  static_cast<HPDF_UINT>(xmp.size())) != HPDF_OK ||
                HPDF_Dict_Add(catalog, "Metadata", meta) != HPDF_OK,
            "the XMP metadata");

    // The output intent: every colour is DeviceRGB (or DeviceGray), read as sRGB.
    HPDF_Dict icc = HPDF_DictStream_New(mmgr, doc->xref);
    fail_if(!icc, "the sRGB profile");
    icc->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
    HPDF_Dict intent = HPDF_Dict_New(mmgr);
    HPDF_Array intents = HPDF_Array_New(mmgr);
    fail_if(!intent || !intents ||
                HPDF_Dict_AddNumber(icc, "N", 3) != HPDF_OK ||
                HPDF_Dict_AddName(icc, "Alternate", "DeviceRGB") != HPDF_OK ||
                HPDF_Stream_Write(icc->stream,
                                  reinterpret_cast<const HPDF_BYTE*>(srgb_profile().data()),
                                  static_cast<HPDF_UINT>(srgb_profile().size())) != HPDF_OK ||
                HPDF_Dict_AddName(intent, "Type", "OutputIntent") != HPDF_OK ||
                HPDF_Dict_AddName(intent, "S", "GTS_PDFA1") != HPDF_OK ||
                HPDF_Dict_Add(intent, "OutputConditionIdentifier",
                              HPDF_String_New(mmgr, "sRGB IEC61966-2.1", nullptr)) != HPDF_OK ||
                HPDF_Dict_Add(intent, "Info",
                              HPDF_String_New(mmgr, "sRGB IEC61966-2.1", nullptr)) != HPDF_OK ||
                HPDF_Dict_Add(intent, "DestOutputProfile", icc) != HPDF_OK ||
                HPDF_Array_Add(intents, intent) != HPDF_OK ||
                HPDF_Dict_Add(catalog, "OutputIntents", intents) != HPDF_OK,
            "the sRGB output intent");

    // Screen readers pick their voice from /Lang; viewers show the title, not the file name.
    HPDF_Dict prefs = HPDF_Dict_New(mmgr);
    fail_if(!prefs || HPDF_Dict_AddBoolean(prefs, "DisplayDocTitle", HPDF_TRUE) != HPDF_OK ||
                HPDF_Dict_Add(catalog, "ViewerPreferences", prefs) != HPDF_OK,
            "the viewer preferences");
    if (!info.lang.empty())
        fail_if(HPDF_Dict_Add(catalog, "Lang", HPDF_String_New(mmgr, info.lang.c_str(),
                                                               nullptr)) != HPDF_OK,
                "the document language");
}

void add_placeholder_id(HPDF_Doc doc) {
    HPDF_Array id = HPDF_Array_New(doc->mmgr);
    const auto* bytes = reinterpret_cast<const HPDF_BYTE*>(kPlaceholder);
    fail_if(!id || HPDF_Array_Add(id, HPDF_Binary_New(doc->mmgr, const_cast<HPDF_BYTE*>(bytes),
                                                      kIdBytes)) != HPDF_OK ||
                HPDF_Array_Add(id, HPDF_Binary_New(doc->mmgr, const_cast<HPDF_BYTE*>(bytes),
                                                   kIdBytes)) != HPDF_OK ||
                HPDF_Dict_Add(doc->trailer, "ID", id) != HPDF_OK,
            "the document ID");
}

void stamp_document_id(std::string& pdf) {
    const std::string mark = "<" + hex(std::string_view(kPlaceholder, kIdBytes)) + ">";
    const size_t first = pdf.rfind(mark + " " + mark);
    // Forward: a search backwards compares the mark at every byte of the PDF (a quarter of a
    // million comparisons for a year-end report's three), a forward one only where a '<' is.
    if (first == std::string::npos || pdf.find(mark) != first)
        throw OutputError("PDF: the document ID placeholder is not in the trailer exactly once");
    // The SHA-256 is hex already: its first 32 digits are the 16 bytes of the ID.
    std::string id = "<" + sha256_hex(pdf).substr(0, 2 * kIdBytes) + ">";
    for (char& c : id)
        if (c >= 'a' && c <= 'f') c = static_cast<char>(c - 'a' + 'A');
    pdf.replace(first, mark.size(), id);
    pdf.replace(first + mark.size() + 1, mark.size(), id);
}

}  // namespace sitrep
