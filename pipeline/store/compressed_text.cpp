#include "pipeline/store/compressed_text.h"

#include <Poco/DeflatingStream.h>
#include <Poco/Exception.h>
#include <Poco/InflatingStream.h>
#include <Poco/StreamCopier.h>

#include <sstream>

#include "pipeline/foundation/errors.h"

namespace sitrep {

std::string deflate_text(std::string_view text, int level) {
    std::ostringstream out;
    Poco::DeflatingOutputStream deflate(out, Poco::DeflatingStreamBuf::STREAM_ZLIB, level);
    deflate.write(text.data(), static_cast<std::streamsize>(text.size()));
    deflate.close();
    return std::move(out).str();
}

std::string inflate_text(std::string_view bytes) {
    try {
        std::istringstream in{std::string(bytes)};
        Poco::InflatingInputStream inflate(in, Poco::InflatingStreamBuf::STREAM_ZLIB);
        std::string out;
        Poco::StreamCopier::copyToString(inflate, out);
        return out;
    } catch (const Poco::Exception& e) {
        throw Error("deflated bytes in the store cannot be read back: " + e.displayText());
    }
}

}  // namespace sitrep
