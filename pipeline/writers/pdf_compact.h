#pragma once

#include <string>

namespace sitrep {

/// Rewrites libharu's saved `pdf` with its stream-less objects on one line and without the
/// spaces PDF syntax does not need (`<</S/TD/P 55 0 R/Pg 16 0 R/K 30>>`), and rebuilds the
/// cross-reference table. A tagged report has hundreds of structure elements, and PDF/A-1
/// allows no object streams to compress them: libharu's one-key-a-line layout costs ~7 KB.
/// A stream's dictionary is minified too, with its /Length given directly instead of as an
/// object of its own (that object's entry becomes a free one). Objects with a literal string
/// are copied as they are, a stream's data always. Pages that all have the same /MediaBox
/// and /Resources inherit them from the page tree's root instead. Throws OutputError when
/// the file's cross-reference table is not where and what libharu writes.
void compact_objects(std::string& pdf);

}  // namespace sitrep
