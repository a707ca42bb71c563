#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sitrep {

/// A TrueType font cut down to the glyphs of `chars` (and the glyphs their composites use),
/// with a Windows Unicode cmap for exactly those characters and no glyph names. libharu 2.3
/// copies the hmtx, loca, post and name tables of an embedded font whole; DejaVu Sans has
/// 6,000 glyphs, so without this step every PDF carries ~50 KB of tables per face for the
/// ~220 glyphs a Western European report can use. `what` names the font in errors; throws
/// OutputError when the font is not a TrueType font sitrep can read.
std::string subset_truetype(std::string_view ttf, const std::vector<char32_t>& chars,
                            const std::string& what);

/// `subset_truetype` of the font file at `path` for the WinAnsi (CP1252) repertoire, made
/// once per process and path.
const std::string& winansi_font_subset(const std::string& path);

}  // namespace sitrep
