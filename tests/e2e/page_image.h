#pragma once

// A page of a PDF as pixels: poppler's pdftoppm renders it, and this reads the binary PPM
// (P6) it writes, so that a test can look at the colour drawn at a point of the page.

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <regex>
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
        const size_t i =
            (static_cast<size_t>(y) * static_cast<size_t>(width) + static_cast<size_t>(x)) * 3;
        return (static_cast<uint32_t>(static_cast<unsigned char>(rgb[i])) << 16) |
               (static_cast<uint32_t>(static_cast<unsigned char>(rgb[i + 1])) << 8) |
               static_cast<unsigned char>(rgb[i + 2]);
    }
    /// The pixel under a point of the page given in PDF points (origin at the bottom left).
    uint32_t at_point(double x_pt, double y_pt, double page_height_pt) const {
        return at(static_cast<int>(x_pt * dpi / 72),
                  static_cast<int>((page_height_pt - y_pt) * dpi / 72));
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

/// Where a word sits on its page, as `pdftotext -bbox` gives it (points, origin top left).
struct WordBox {
    int page = 0;  ///< from 1
    double page_height = 0;
    double x_min = 0, y_min = 0, y_max = 0;
};

/// The first word of the PDF that starts with `prefix`; fails the test when there is none.
inline WordBox find_word(const std::string& pdf, const std::string& prefix) {
    std::string out;
    FILE* pipe = ::popen(("pdftotext -bbox '" + pdf + "' - 2>/dev/null").c_str(), "r");
    REQUIRE(pipe != nullptr);
    char buf[4096];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, n);
    ::pclose(pipe);
    static const std::regex page_re(R"re(<page width="([0-9.]+)" height="([0-9.]+)")re");
    static const std::regex word_re(
        R"re(<word xMin="([0-9.]+)" yMin="([0-9.]+)" xMax="[0-9.]+" yMax="([0-9.]+)">([^<]*)</word>)re");
    WordBox box;
    std::istringstream lines(out);
    std::string line;
    std::smatch m;
    while (std::getline(lines, line)) {
        if (std::regex_search(line, m, page_re)) {
            ++box.page;
            box.page_height = std::stod(m[2]);
        } else if (std::regex_search(line, m, word_re) && m[4].str().rfind(prefix, 0) == 0) {
            box.x_min = std::stod(m[1]);
            box.y_min = std::stod(m[2]);
            box.y_max = std::stod(m[3]);
            return box;
        }
    }
    FAIL("no word starting with '" << prefix << "' in " << pdf);
    return box;
}

/// The largest difference of one colour channel between two 0xRRGGBB colours.
inline int channel_distance(uint32_t a, uint32_t b) {
    int worst = 0;
    for (int shift : {16, 8, 0})
        worst = std::max(worst, std::abs(static_cast<int>((a >> shift) & 0xFF) -
                                         static_cast<int>((b >> shift) & 0xFF)));
    return worst;
}

/// A colour as six hex digits, for messages.
inline std::string hex(uint32_t c) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "%06x", c);
    return buf;
}

}  // namespace sitrep::test
