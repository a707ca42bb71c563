#include "pipeline/writers/pdf_document.h"

#include <hpdf_doc.h>
#include <hpdf_fontdef.h>
#include <hpdf_streams.h>

#include <cstdio>
#include <cstring>
#include <optional>

#include "pipeline/foundation/errors.h"
#include "pipeline/text/encoding.h"
#include "pipeline/writers/pdf_archive.h"
#include "pipeline/writers/pdf_compact.h"
#include "pipeline/writers/pdf_encoding.h"
#include "pipeline/writers/pdf_font_subset.h"
#include "pipeline/writers/pdf_text.h"

namespace sitrep {
namespace {

std::string hex_status(HPDF_STATUS s) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "0x%04lX", static_cast<unsigned long>(s));
    return buf;
}

bool digits(const std::string& s, size_t from, size_t n) {
    if (from + n > s.size()) return false;
    for (size_t i = from; i < from + n; ++i)
        if (s[i] < '0' || s[i] > '9') return false;
    return true;
}

int number(const std::string& s, size_t from, size_t n) { return std::stoi(s.substr(from, n)); }

// `yyyy-mm-ddThh:mm[:ss][Z|+hh:mm|-hh:mm]` as a PDF date. A UTC time is written with '+' and a
// zero offset: libharu's 'Z' form produces a broken date string.
std::optional<HPDF_Date> pdf_date(const std::string& iso) {
    if (iso.size() < 16 || !digits(iso, 0, 4) || iso[4] != '-' || !digits(iso, 5, 2) ||
        iso[7] != '-' || !digits(iso, 8, 2) || iso[10] != 'T' || !digits(iso, 11, 2) ||
        iso[13] != ':' || !digits(iso, 14, 2))
        return std::nullopt;
    HPDF_Date d{};
    d.year = number(iso, 0, 4);
    d.month = number(iso, 5, 2);
    d.day = number(iso, 8, 2);
    d.hour = number(iso, 11, 2);
    d.minutes = number(iso, 14, 2);
    size_t pos = 16;
    if (pos < iso.size() && iso[pos] == ':' && digits(iso, pos + 1, 2)) {
        d.seconds = number(iso, pos + 1, 2);
        pos += 3;
    }
    if (pos < iso.size() && iso[pos] == '.') {  // fractions of a second are dropped
        ++pos;
        while (pos < iso.size() && iso[pos] >= '0' && iso[pos] <= '9') ++pos;
    }
    d.ind = '+';
    if (pos < iso.size() && (iso[pos] == '+' || iso[pos] == '-')) {
        if (!digits(iso, pos + 1, 2)) return std::nullopt;
        d.ind = iso[pos];
        d.off_hour = number(iso, pos + 1, 2);
        if (pos + 3 < iso.size() && iso[pos + 3] == ':' && digits(iso, pos + 4, 2))
            d.off_minutes = number(iso, pos + 4, 2);
        else if (digits(iso, pos + 3, 2))
            d.off_minutes = number(iso, pos + 3, 2);
    }
    if (d.month < 1 || d.month > 12 || d.day < 1 || d.day > 31 || d.hour > 23 || d.minutes > 59 ||
        d.seconds > 59)
        return std::nullopt;
    return d;
}

}  // namespace

void PdfDocument::on_error(HPDF_STATUS error, HPDF_STATUS detail, void* user) {
    auto* self = static_cast<PdfDocument*>(user);
    // Keep the first error: later ones are usually its consequences.
    if (self->error_ == HPDF_OK) {
        self->error_ = error;
        self->detail_ = detail;
    }
}

PdfDocument::PdfDocument(const std::string& regular_ttf, const std::string& bold_ttf) {
    doc_ = HPDF_New(&PdfDocument::on_error, this);
    if (!doc_) throw OutputError("PDF: cannot create a libharu document (out of memory)");
    HPDF_SetCompressionMode(doc_, HPDF_COMP_ALL);
    // The UTF-8 encoder only writes text strings (document info, bookmarks) as UTF-16; the
    // faces use WinAnsi.
    HPDF_UseUTFEncodings(doc_);
    HPDF_SetCurrentEncoder(doc_, "UTF-8");
    utf8_ = HPDF_GetEncoder(doc_, "UTF-8");
    check("setting up UTF-8 encoding");
    try {
        tags_ = std::make_unique<PdfTags>(doc_, utf8_);
    } catch (...) {
        HPDF_Free(doc_);
        throw;
    }

    // libharu's HPDF_LoadTTFontFromFile, fed the font's WinAnsi subset instead of the file.
    const auto load = [&](const std::string& path, HPDF_Font& font, HPDF_FontDef& def) {
        const std::string& subset = winansi_font_subset(path);
        HPDF_Stream stream = HPDF_MemStream_New(doc_->mmgr, 64 * 1024);
        if (!stream) throw OutputError("PDF: no memory for font " + path);
        if (HPDF_Stream_Write(stream, reinterpret_cast<const HPDF_BYTE*>(subset.data()),
                              static_cast<HPDF_UINT>(subset.size())) != HPDF_OK) {
            HPDF_Stream_Free(stream);
            check(("loading font " + path).c_str());
            throw OutputError("PDF: cannot load font " + path);
        }
        def = HPDF_TTFontDef_Load(doc_->mmgr, stream, HPDF_TRUE);  // owns the stream now
        if (!def || HPDF_Doc_RegisterFontDef(doc_, def) != HPDF_OK) {
            check(("loading font " + path).c_str());
            throw OutputError("PDF: cannot load font " + path);
        }
        // The subset tag libharu would give: HPDFAA, HPDFAB ...
        if (doc_->ttfont_tag[0] == 0) {
            std::memcpy(doc_->ttfont_tag, "HPDFAA", 6);
        } else {
            for (int i = 5; i >= 0; --i) {
                if (++doc_->ttfont_tag[i] <= 'Z') break;
                doc_->ttfont_tag[i] = 'A';
            }
        }
        HPDF_TTFontDef_SetTagName(def, reinterpret_cast<char*>(doc_->ttfont_tag));
        font = HPDF_GetFont(doc_, def->base_font, "WinAnsiEncoding");
        check(("loading font " + path).c_str());
        if (!font) throw OutputError("PDF: cannot use font " + path);
        static const std::string cmap = winansi_to_unicode_cmap();
        HPDF_Dict to_unicode = HPDF_DictStream_New(doc_->mmgr, doc_->xref);
        if (!to_unicode) throw OutputError("PDF: no memory for the ToUnicode map of " + path);
        to_unicode->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
        HPDF_Stream_Write(to_unicode->stream, reinterpret_cast<const HPDF_BYTE*>(cmap.data()),
                          static_cast<HPDF_UINT>(cmap.size()));
        HPDF_Dict_Add(font, "ToUnicode", to_unicode);
        check(("adding the ToUnicode map of " + path).c_str());
    };
    try {
        load(regular_ttf, regular_, regular_def_);
        load(bold_ttf, bold_, bold_def_);
    } catch (...) {
        HPDF_Free(doc_);
        throw;
    }
}

PdfDocument::~PdfDocument() { HPDF_Free(doc_); }

HPDF_Page PdfDocument::add_page() {
    HPDF_Page page = HPDF_AddPage(doc_);
    if (page) HPDF_Page_SetSize(page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
    check("adding a page");
    if (!page) throw OutputError("PDF: cannot add a page");
    return page;
}

bool PdfDocument::has_glyph(char32_t cp) const {
    const auto it = glyphs_.find(cp);
    if (it != glyphs_.end()) return it->second;
    const auto u = static_cast<HPDF_UINT16>(cp);
    const bool ok = winansi_code(cp) && HPDF_TTFontDef_GetGlyphid(regular_def_, u) != 0 &&
                    HPDF_TTFontDef_GetGlyphid(bold_def_, u) != 0;
    glyphs_.emplace(cp, ok);
    return ok;
}

std::string PdfDocument::clean(std::string_view text) const {
    std::string out;
    out.reserve(text.size());
    for (char32_t cp : decode_utf8(text)) {
        if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0)) cp = ' ';
        cp = winansi_equivalent(cp);
        if (cp != ' ' && !has_glyph(cp)) {
            replaced_.insert(cp);
            cp = '?';
        }
        append_utf8(out, cp);
    }
    return out;
}

std::string PdfDocument::encode(std::string_view text) const { return to_winansi(clean(text)); }

double PdfDocument::text_width(std::string_view text, FontStyle style, double size) const {
    const std::string s = encode(text);
    if (s.empty()) return 0;
    const HPDF_TextWidth w =
        HPDF_Font_TextWidth(font(style), reinterpret_cast<const HPDF_BYTE*>(s.data()),
                            static_cast<HPDF_UINT>(s.size()));
    return w.width * size / 1000.0;
}

void PdfDocument::bookmark(const std::string& title, HPDF_Page page, double top) {
    const auto plain = to_pdfdoc(title);
    HPDF_Outline outline = plain ? HPDF_CreateOutline(doc_, nullptr, plain->c_str(), nullptr)
                                 : HPDF_CreateOutline(doc_, nullptr, title.c_str(), utf8_);
    // A direct destination array: PDFBox's preflight cannot read the indirect one that
    // HPDF_Page_CreateDestination makes.
    HPDF_Array dest = HPDF_Array_New(doc_->mmgr);
    if (outline && dest) {
        HPDF_Array_Add(dest, page);
        HPDF_Array_AddName(dest, "FitH");
        HPDF_Array_AddReal(dest, static_cast<HPDF_REAL>(top));
        HPDF_Dict_Add(outline, "Dest", dest);
    }
    HPDF_SetPageMode(doc_, HPDF_PAGE_MODE_USE_OUTLINE);
    check(("adding the bookmark '" + title + "'").c_str());
}

void PdfDocument::set_info(const PdfInfo& given) {
    // The XMP metadata repeats the information dictionary: both get the same cleaned text.
    PdfInfo info = given;
    for (std::string* s : {&info.title, &info.author, &info.subject, &info.keywords, &info.creator})
        *s = clean(*s);
    // Written as PDFDocEncoding where it fits (half the bytes of UTF-16 hex).
    const auto set = [&](const char* key, const std::string& value) {
        if (value.empty() || !doc_->info) return;
        const auto plain = to_pdfdoc(value, true);  // the XMP repeats it exactly
        HPDF_Dict_Add(doc_->info, key,
                      plain ? HPDF_String_New(doc_->mmgr, plain->c_str(), nullptr)
                            : HPDF_String_New(doc_->mmgr, value.c_str(), utf8_));
    };
    set("Title", info.title);
    set("Author", info.author);
    set("Subject", info.subject);
    set("Keywords", info.keywords);
    set("Creator", info.creator);
    const auto date = pdf_date(info.date_iso);
    if (date) {
        HPDF_SetInfoDateAttr(doc_, HPDF_INFO_CREATION_DATE, *date);
        HPDF_SetInfoDateAttr(doc_, HPDF_INFO_MOD_DATE, *date);
    }
    check("writing the document information");
    add_archive_metadata(doc_, info, date ? &*date : nullptr);
    check("writing the PDF/A metadata");
}

void PdfDocument::check(const char* what) {
    HPDF_STATUS error = error_;
    HPDF_STATUS detail = detail_;
    if (error == HPDF_OK) {
        error = HPDF_GetError(doc_);
        detail = HPDF_GetErrorDetail(doc_);
    }
    if (error == HPDF_OK) return;
    error_ = HPDF_OK;
    detail_ = 0;
    HPDF_ResetError(doc_);
    throw OutputError(std::string("PDF: ") + what + " failed: libharu error " + hex_status(error) +
                      " (detail " + std::to_string(detail) + ")");
}

std::string PdfDocument::save() {
    check("drawing the report");
    tags_->finish();
    check("writing the structure tags");
    add_placeholder_id(doc_);
    HPDF_SaveToStream(doc_);
    check("saving the PDF");
    const HPDF_UINT32 size = HPDF_GetStreamSize(doc_);
    std::string out(size, '\0');
    HPDF_UINT32 read = 0;
    while (read < size) {
        HPDF_UINT32 chunk = size - read;
        const HPDF_STATUS st =
            HPDF_ReadFromStream(doc_, reinterpret_cast<HPDF_BYTE*>(out.data()) + read, &chunk);
        read += chunk;
        // The memory stream reports its end as an error: that one is expected.
        if (st == HPDF_STREAM_EOF || chunk == 0) break;
        if (st != HPDF_OK) break;
    }
    if (error_ == HPDF_STREAM_EOF || HPDF_GetError(doc_) == HPDF_STREAM_EOF) {
        error_ = HPDF_OK;
        HPDF_ResetError(doc_);
    }
    check("reading the saved PDF");
    if (read != size)
        throw OutputError("PDF: read " + std::to_string(read) + " of " + std::to_string(size) +
                          " bytes of the saved document");
    compact_objects(out);
    stamp_document_id(out);
    return out;
}

}  // namespace sitrep
