// What sitrep changes in libxlsxwriter 1.1's own calls, which it has no options for: how its
// zip parts are deflated (AnnexDeflate), and where it writes each part before zipping it.
#include "pipeline/writers/annex_deflate.h"

#include <dlfcn.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <new>
#include <string>

#include "pipeline/foundation/errors.h"

namespace sitrep {
namespace {

// The level for zip parts opened on this thread; Z_DEFAULT_COMPRESSION is what libxlsxwriter
// asks for.
thread_local int zip_level = Z_DEFAULT_COMPRESSION;
// The zip parts this thread opened at a level sitrep chose.
thread_local unsigned long long zip_parts_chosen = 0;

}  // namespace

std::string record_word(AnnexDeflate deflate) {
    return deflate == AnnexDeflate::fast ? "fast" : "default";
}

AnnexDeflate annex_deflate_of(const std::optional<std::string>& word) {
    if (!word || *word == "default") return AnnexDeflate::library_default;
    if (*word == "fast") return AnnexDeflate::fast;
    throw OutputError("the rendering record names an unknown annex deflate '" + *word +
                      "' (made by a newer sitrep?)");
}

AnnexDeflateScope::AnnexDeflateScope(AnnexDeflate deflate)
    : before_(zip_level), parts_before_(zip_parts_chosen) {
    zip_level = deflate == AnnexDeflate::fast ? Z_BEST_SPEED : Z_DEFAULT_COMPRESSION;
}

AnnexDeflateScope::~AnnexDeflateScope() { zip_level = before_; }

bool AnnexDeflateScope::applied() const { return zip_parts_chosen > parts_before_; }

}  // namespace sitrep

// libxlsxwriter opens each part of a workbook with minizip's zipOpenNewFileInZip4_64 and a
// fixed Z_DEFAULT_COMPRESSION. This definition in the executable comes first in the dynamic
// linker's search order, so libxlsxwriter's call reaches it; it changes that level only and
// hands everything to minizip's own function. The parameters are minizip's (zip.h, which
// Debian ships in libminizip-dev): opaque pointers and zlib's integer types.
extern "C" int zipOpenNewFileInZip4_64(
    void* file, const char* filename, const void* zipfi, const void* extrafield_local,
    unsigned size_extrafield_local, const void* extrafield_global, unsigned size_extrafield_global,
    const char* comment, int method, int level, int raw, int window_bits, int mem_level,
    int strategy, const char* password, unsigned long crc_for_crypting,
    unsigned long version_made_by, unsigned long flag_base, int zip64) {
    using Open = int (*)(void*, const char*, const void*, const void*, unsigned, const void*,
                         unsigned, const char*, int, int, int, int, int, int, const char*,
                         unsigned long, unsigned long, unsigned long, int);
    static const Open minizip =
        reinterpret_cast<Open>(::dlsym(RTLD_NEXT, "zipOpenNewFileInZip4_64"));
    // ZIP_INTERNALERROR: libxlsxwriter reports the workbook as not written.
    if (minizip == nullptr) return -104;
    if (level == Z_DEFAULT_COMPRESSION && sitrep::zip_level != Z_DEFAULT_COMPRESSION) {
        level = sitrep::zip_level;
        ++sitrep::zip_parts_chosen;
    }
    return minizip(file, filename, zipfi, extrafield_local, size_extrafield_local,
                   extrafield_global, size_extrafield_global, comment, method, level, raw,
                   window_bits, mem_level, strategy, password, crc_for_crypting, version_made_by,
                   flag_base, zip64);
}

namespace {

// A part of the workbook being written, in memory: libxlsxwriter writes it, rewinds and reads
// it back into the zip, then closes it.
struct MemoryPart {
    std::string bytes;
    size_t at = 0;
};

ssize_t read_part(void* cookie, char* buffer, size_t size) {
    auto* part = static_cast<MemoryPart*>(cookie);
    const size_t n = part->at < part->bytes.size() ? std::min(size, part->bytes.size() - part->at) : 0;
    std::memcpy(buffer, part->bytes.data() + part->at, n);
    part->at += n;
    return static_cast<ssize_t>(n);
}

ssize_t write_part(void* cookie, const char* buffer, size_t size) {
    auto* part = static_cast<MemoryPart*>(cookie);
    try {
        if (part->bytes.size() < part->at + size) part->bytes.resize(part->at + size);
    } catch (...) {
        // Nothing may be thrown through libxlsxwriter's C: a failed write, as a full disk.
        errno = ENOMEM;
        return 0;
    }
    std::memcpy(part->bytes.data() + part->at, buffer, size);
    part->at += size;
    return static_cast<ssize_t>(size);
}

int seek_part(void* cookie, off64_t* offset, int whence) {
    auto* part = static_cast<MemoryPart*>(cookie);
    const off64_t base = whence == SEEK_SET   ? 0
                         : whence == SEEK_CUR ? static_cast<off64_t>(part->at)
                                              : static_cast<off64_t>(part->bytes.size());
    if (*offset < -base) {
        errno = EINVAL;
        return -1;
    }
    part->at = static_cast<size_t>(base + *offset);
    *offset = static_cast<off64_t>(part->at);
    return 0;
}

int close_part(void* cookie) {
    delete static_cast<MemoryPart*>(cookie);
    return 0;
}

}  // namespace

// libxlsxwriter writes every part of a workbook (a hundred in an annex: sheets, charts,
// drawings, relationships) to a temporary file of its own, then reads it back into the zip:
// about 20 system calls a part, a third of an annex's time in the kernel. This definition comes
// first in the dynamic linker's search order, so its calls get a stream over memory instead;
// the bytes written are the same. Should memory not be had, the library's own temporary file.
extern "C" FILE* lxw_tmpfile(char* tmpdir) {
    auto* part = new (std::nothrow) MemoryPart;
    if (part != nullptr) {
        if (FILE* file = ::fopencookie(part, "w+", {read_part, write_part, seek_part, close_part}))
            return file;
        delete part;
    }
    using Open = FILE* (*)(char*);
    static const Open library = reinterpret_cast<Open>(::dlsym(RTLD_NEXT, "lxw_tmpfile"));
    return library != nullptr ? library(tmpdir) : nullptr;
}
