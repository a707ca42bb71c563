#pragma once

// A page of a PDF as pixels: poppler's pdftoppm renders it, and this reads the binary PPM
// (P6) it writes, so that a test can look at the colour drawn at a point of the page.

#include <doctest/doctest.h>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

namespace sitrep::test {

/// One rendered page: 8-bit RGB pixels, rows from the top.
struct PageImage {
    int width = 0;
    int height = 0;
    double dpi = 72;
    std::string rgb;  ///< width × height × 3 bytes

    /// The pixel at (x, y) from the top left, as 0xRRGGBB.
    uint32_t at(int x, int y) const {
        REQUIRE(x >= 0);
        REQUIRE(y >= 0);
        REQUIRE(x < width);
        REQUIRE(y < height);
        const size_t i = (static_cast<size_t>(y) * static_cast<size_t>(width) + static_cast<size_t>(x)) * 3;
        return (static_cast<uint32_t>(static_cast<unsigned char>(rgb[i])) << 16) |
               (static_cast<uint32_t>(static_cast<unsigned char>(rgb[i + 1])) << 8) |
               static_cast<unsigned char>(rgb[i + 2]);
    }
    /// The pixel under a point of the page given in PDF points (origin at the bottom left).
    uint32_t at_point(double x_pt, double y_pt, double page_height_pt) const {
        return at(static_cast<int>(x_pt * dpi / 72), static_cast<int>((page_height_pt - y_pt) * dpi / 72));
    }
};

/// Reads a binary PPM (P6, maxval 255) as pdftoppm writes it.
inline PageImage read_ppm(const std::string& path, double dpi) {
    std::ifstream in(path, std::ios::binary);
    REQUIRE_MESSAGE(in.good(), "cannot read " << path);
    std::string magic;
    int maxval = 0;
    PageImage img;
    img.dpi = dpi;
    in >> magic >> img.width >> img.height >> maxval;
    REQUIRE(magic == "P6");
    REQUIRE(maxval == 255);
    in.get();  // the one whitespace byte before the pixels
    img.rgb.resize(static_cast<size_t>(img.width) * static_cast<size_t>(img.height) * 3);
    in.read(img.rgb.data(), static_cast<std::streamsize>(img.rgb.size()));
    REQUIRE(in.gcount() == static_cast<std::streamsize>(img.rgb.size()));
    return img;
}

/// Renders page `page` (from 1) of `pdf` at `dpi` with pdftoppm into `out_prefix`.ppm and reads it.
inline PageImage render_page(const std::string& pdf, int page, double dpi,
                             const std::string& out_prefix) {
    const std::string cmd = "pdftoppm -q -singlefile -f " + std::to_string(page) + " -l " +
                            std::to_string(page) + " -r " + std::to_string(static_cast<int>(dpi)) +
                            " '" + pdf + "' '" + out_prefix + "'";
    REQUIRE_MESSAGE(std::system(cmd.c_str()) == 0, cmd);
    return read_ppm(out_prefix + ".ppm", dpi);
}

}  // namespace sitrep::test
