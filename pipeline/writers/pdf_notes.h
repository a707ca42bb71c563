#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "pipeline/writers/pdf_context.h"

namespace sitrep {

/// One paragraph, bullet or heading of a note's Markdown body.
struct NoteBlock {
    enum class Type { kParagraph, kBullet, kHeading };
    Type type = Type::kParagraph;
    std::string text;  ///< lines joined by spaces; `**strong**` kept for the renderer
};

/// Splits a note's Markdown body into paragraphs (blank-line separated), `- ` / `* ` bullets
/// (continuation lines join their bullet) and `#` headings.
std::vector<NoteBlock> parse_note_body(std::string_view body);

/// Draws the report's current situation notes (new, or dated at most `current_days` before
/// the report) grouped by domain, each in the language it was written; older ones are counted.
void render_notes(RenderContext& ctx, int current_days);

}  // namespace sitrep
