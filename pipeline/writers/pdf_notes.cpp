#include "pipeline/writers/pdf_notes.h"

#include <algorithm>

#include "pipeline/foundation/strings.h"
#include "pipeline/writers/report_digest.h"

namespace sitrep {
namespace {

bool starts_bullet(const std::string& line) {
    return line.rfind("- ", 0) == 0 || line.rfind("* ", 0) == 0 || line.rfind("\u2022 ", 0) == 0;
}

}  // namespace

std::vector<NoteBlock> parse_note_body(std::string_view body) {
    std::vector<NoteBlock> out;
    bool open = false;  // whether the last block still takes continuation lines
    size_t pos = 0;
    while (pos <= body.size()) {
        size_t end = body.find('\n', pos);
        if (end == std::string_view::npos) end = body.size();
        const std::string line(trim(body.substr(pos, end - pos), " \t\r"));
        pos = end + 1;
        if (line.empty()) {
            open = false;
        } else if (line[0] == '#') {
            const size_t hashes = line.find_first_not_of('#');
            const std::string_view title =
                hashes == std::string::npos ? ""
                                            : trim(std::string_view(line).substr(hashes), " \t\r");
            out.push_back({NoteBlock::Type::kHeading, std::string(title)});
            open = false;
        } else if (starts_bullet(line)) {
            const auto item = trim(std::string_view(line).substr(line.find(' ') + 1), " \t\r");
            out.push_back({NoteBlock::Type::kBullet, std::string(item)});
            open = true;
        } else if (open) {
            out.back().text += " " + line;
        } else {
            out.push_back({NoteBlock::Type::kParagraph, line});
            open = true;
        }
        if (end == body.size()) break;
    }
    out.erase(
        std::remove_if(out.begin(), out.end(), [](const NoteBlock& b) { return b.text.empty(); }),
        out.end());
    return out;
}

void render_notes(RenderContext& ctx, int current_days) {
    Layout& layout = ctx.layout();
    const auto shown = notes_to_show(ctx.report(), ctx.templates(), ctx.lang(), current_days);
    std::vector<std::string> domains;
    for (const SituationNote* n : shown)
        if (std::find(domains.begin(), domains.end(), n->domain) == domains.end())
            domains.push_back(n->domain);

    for (const auto& domain : domains) {
        layout.ensure(60);
        layout.down(2);
        layout.paragraph(ctx.label_or("domain." + domain, domain), FontStyle::kBold, 10,
                         palette::kAccent);
        layout.down(2);
        for (const SituationNote* shown_note : shown) {
            const SituationNote& note = *shown_note;
            if (note.domain != domain) continue;
            layout.ensure(50);
            if (!note.title.empty())
                layout.paragraph(note.title, FontStyle::kBold, 9.5, palette::kInk);
            const std::string when =
                Date::parse_iso(note.date) ? ctx.date(*Date::parse_iso(note.date)) : note.date;
            layout.paragraph(ctx.format("note.meta", {{"source", note.source}, {"date", when}}) +
                                 " \u00b7 " + note.lang,
                             FontStyle::kRegular, 7.5, palette::kMuted);
            layout.down(2);
            NoteBlock::Type previous = NoteBlock::Type::kParagraph;
            for (const auto& block : parse_note_body(note.body)) {
                // A list stands apart from the paragraph after it.
                if (previous == NoteBlock::Type::kBullet && block.type != previous) layout.down(3);
                previous = block.type;
                switch (block.type) {
                    case NoteBlock::Type::kHeading:
                        layout.paragraph(block.text, FontStyle::kBold, 9, palette::kInk);
                        break;
                    case NoteBlock::Type::kBullet:
                        layout.rich_paragraph(parse_emphasis(block.text), 9, palette::kInk, 14,
                                              "\u2022");
                        layout.down(1.5);
                        break;
                    case NoteBlock::Type::kParagraph:
                        layout.rich_paragraph(parse_emphasis(block.text), 9, palette::kInk);
                        layout.down(3);
                        break;
                }
            }
            layout.down(6);
        }
    }
    if (const size_t older = ctx.report().notes.size() - shown.size(); older > 0)
        layout.paragraph(
            ctx.format("notes.older", {{"count", ctx.number(static_cast<double>(older))}}),
            FontStyle::kRegular, 8, palette::kMuted);
    layout.doc().check("drawing the situation notes");
}

}  // namespace sitrep
