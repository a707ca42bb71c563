// Texts the store keeps deflated come back byte for byte, whatever level deflated them.
#include <doctest/doctest.h>

#include <string>

#include "pipeline/foundation/errors.h"
#include "pipeline/store/compressed_text.h"

using namespace sitrep;

TEST_CASE("a manifest deflated fast or small reads back byte for byte, and shrinks") {
    std::string manifest = "{\"figures\": [";
    for (int i = 0; i < 2000; ++i)
        manifest += "{\"indicator\": \"tp.certificates.issued\", \"area\": \"BE" +
                    std::to_string(i % 7) + "\", \"value\": " + std::to_string(i * 37) + "},";
    manifest += "\"Liège, Leuven — “quoted” €\"]}";
    for (const int level : {1, 6, 9}) {
        const std::string deflated = deflate_text(manifest, level);
        CHECK(deflated.size() * 5 < manifest.size());
        CHECK(inflate_text(deflated) == manifest);
    }
    CHECK(inflate_text(deflate_text("")).empty());
}

TEST_CASE("bytes that are not a zlib stream are an error, not a text") {
    CHECK_THROWS_AS(inflate_text("not deflated at all"), Error);
}

TEST_CASE("a deflated text cut short, or with bytes after its end, is an error") {
    const std::string deflated = deflate_text(std::string(100000, 'x') + "end");
    CHECK_THROWS_AS(inflate_text(deflated.substr(0, deflated.size() - 3)), Error);
    CHECK_THROWS_AS(inflate_text(deflated + "more"), Error);
}
