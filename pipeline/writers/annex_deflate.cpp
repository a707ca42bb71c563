#include "pipeline/writers/annex_deflate.h"

#include <dlfcn.h>
#include <zlib.h>

#include "pipeline/foundation/errors.h"

namespace sitrep {
namespace {

// The level for zip parts opened on this thread; Z_DEFAULT_COMPRESSION is what libxlsxwriter
// asks for.
thread_local int zip_level = Z_DEFAULT_COMPRESSION;

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

AnnexDeflateScope::AnnexDeflateScope(AnnexDeflate deflate) : before_(zip_level) {
    zip_level = deflate == AnnexDeflate::fast ? Z_BEST_SPEED : Z_DEFAULT_COMPRESSION;
}

AnnexDeflateScope::~AnnexDeflateScope() { zip_level = before_; }

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
    if (level == Z_DEFAULT_COMPRESSION) level = sitrep::zip_level;
    return minizip(file, filename, zipfi, extrafield_local, size_extrafield_local,
                   extrafield_global, size_extrafield_global, comment, method, level, raw,
                   window_bits, mem_level, strategy, password, crc_for_crypting, version_made_by,
                   flag_base, zip64);
}
