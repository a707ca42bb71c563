#include "pipeline/store/compressed_text.h"

#include <zlib.h>

#include <limits>
#include <string>

#include "pipeline/foundation/errors.h"

namespace sitrep {

std::string deflate_text(std::string_view text, int level) {
    // zlib in one call: a year-end manifest is a megabyte, and a stream copied it twice.
    uLongf size = compressBound(static_cast<uLong>(text.size()));
    std::string out(size, '\0');
    const int rc = compress2(reinterpret_cast<Bytef*>(out.data()), &size,
                             reinterpret_cast<const Bytef*>(text.data()),
                             static_cast<uLong>(text.size()), level);
    if (rc != Z_OK)
        throw Error("cannot deflate " + std::to_string(text.size()) + " bytes: zlib error " +
                    std::to_string(rc));
    out.resize(size);
    return out;
}

std::string inflate_text(std::string_view bytes) {
    // zlib counts its input in 32 bits; nothing the store deflates comes near 4 GiB.
    if (bytes.size() > std::numeric_limits<uInt>::max())
        throw Error("deflated bytes in the store are too large to read back at once");
    z_stream z{};
    if (inflateInit(&z) != Z_OK) throw Error("cannot start zlib to read deflated bytes");
    z.next_in = const_cast<Bytef*>(reinterpret_cast<const Bytef*>(bytes.data()));
    z.avail_in = static_cast<uInt>(bytes.size());
    std::string out;
    char buffer[64 * 1024];
    int rc = Z_OK;
    while (rc == Z_OK) {  // Z_BUF_ERROR: no progress possible, the stream is cut short
        z.next_out = reinterpret_cast<Bytef*>(buffer);
        z.avail_out = sizeof buffer;
        rc = inflate(&z, Z_NO_FLUSH);
        out.append(buffer, sizeof buffer - z.avail_out);
    }
    const bool whole = rc == Z_STREAM_END && z.avail_in == 0;
    const std::string why = z.msg                ? z.msg
                            : rc == Z_NEED_DICT  ? "the stream needs a preset dictionary"
                            : rc == Z_STREAM_END ? "other bytes follow the stream"
                                                 : "the stream is cut short";
    inflateEnd(&z);
    if (!whole) throw Error("deflated bytes in the store cannot be read back: " + why);
    return out;
}

}  // namespace sitrep
