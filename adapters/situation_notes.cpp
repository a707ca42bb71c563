// Situation notes: short Markdown updates for the report's situation overview.
#include "adapters/adapter.h"
#include "pipeline/foundation/file_names.h"
#include "pipeline/foundation/strings.h"
#include "pipeline/readers/csv.h"
#include "pipeline/text/encoding.h"

namespace sitrep {
namespace {

class SituationNotesAdapter : public Adapter {
public:
    std::string partner(std::string_view) const override { return "notes"; }
    std::string_view feed() const override { return "notes"; }
    std::string pattern() const override { return "notes_*.md"; }
    bool accepts(std::string_view name) const override {
        return has_prefix_and_extension(name, "notes_", ".md");
    }

    ParseResult parse(std::string_view name, std::istream& in) const override {
        ParseResult r;
        auto bytes = read_limited(in, 1024 * 1024, r.problems);
        if (!bytes) return with_counted_problems(std::move(r));
        const std::string_view text = strip_bom(*bytes);
        if (size_t bad = first_invalid_utf8_line(text)) {
            r.add_problem({"line " + std::to_string(bad), "is not valid UTF-8", ""});
            return r;
        }
        SituationNote note;
        // notes_YYYY-MM-DD_<source>.md
        const std::string_view stem = name.substr(6, name.size() - 9);
        note.date = std::string(stem.substr(0, 10));
        note.source = stem.size() > 11 ? std::string(stem.substr(11)) : "";
        if (auto d = Date::parse_iso(note.date))
            r.reference_date = d;
        else
            r.add_problem({"", "file name must be notes_YYYY-MM-DD_<source>.md", ""});

        size_t pos = 0, line = 0;
        std::string body;
        bool in_header = true;
        while (pos <= text.size()) {
            size_t end = text.find('\n', pos);
            if (end == std::string_view::npos) end = text.size();
            const std::string_view l = trim(text.substr(pos, end - pos), " \t\r");
            ++line;
            pos = end + 1;
            if (in_header) {
                if (l.empty()) {
                    in_header = false;
                    continue;
                }
                const size_t colon = l.find(':');
                const std::string key(
                    colon == std::string_view::npos ? l : trim(l.substr(0, colon), " \t\r"));
                const std::string value(
                    colon == std::string_view::npos ? "" : trim(l.substr(colon + 1), " \t\r"));
                if (key == "domain")
                    note.domain = value;
                else if (key == "lang")
                    note.lang = value;
                else
                    r.add_problem({"line " + std::to_string(line),
                                   "unknown header line (expected 'domain:' or 'lang:')",
                                   excerpt(l)});
                continue;
            }
            if (note.title.empty() && body.empty() && l.substr(0, 2) == "# ") {
                note.title = std::string(l.substr(2));
                continue;
            }
            body += std::string(l) + "\n";
            if (end == text.size()) break;
        }
        if (note.domain.empty()) r.add_problem({"line 1", "missing 'domain: <domain>'", ""});
        if (note.lang != "nl" && note.lang != "fr" && note.lang != "en")
            r.add_problem({"line 2", "'lang:' must be nl, fr or en", note.lang});
        while (!body.empty() && (body.front() == '\n')) body.erase(0, 1);
        while (!body.empty() && (body.back() == '\n')) body.pop_back();
        if (body.empty() && note.title.empty()) r.add_problem({"", "the note has no text", ""});
        note.body = body;
        if (r.problem_count == 0) {
            r.notes.push_back(std::move(note));
            r.rows = 1;
        }
        return r;
    }
};

const AdapterRegistrar kRegistrar{std::make_unique<SituationNotesAdapter>()};

}  // namespace
}  // namespace sitrep
