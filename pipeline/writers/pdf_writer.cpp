#include "pipeline/writers/pdf_writer.h"

#include <spdlog/spdlog.h>

#include <cstdio>

#include "pipeline/foundation/errors.h"
#include "pipeline/reference/province_shapes.h"
#include "pipeline/report/locale_format.h"
#include "pipeline/writers/pdf_context.h"
#include "pipeline/writers/pdf_document.h"
#include "pipeline/writers/pdf_first_page.h"
#include "pipeline/writers/pdf_layout.h"
#include "pipeline/writers/pdf_sections.h"

namespace sitrep {

std::string render_pdf(const Report& report, const Templates& templates, const std::string& lang,
                       std::vector<char32_t>* replaced) {
    if (!templates.has_language(lang))
        throw ConfigError(templates.label_file(lang) + ": no labels for language '" + lang +
                          "' (languages: " +
                          [&] {
                              std::string all;
                              for (const auto& l : templates.languages())
                                  all += (all.empty() ? "" : ", ") + l;
                              return all;
                          }() +
                          ")");
    const std::string style = templates.label(lang, "locale.style");
    const std::string title =
        templates.format(lang, "header.title", {{"number", std::to_string(report.number)}});

    PdfDocument doc(templates.font_regular(), templates.font_bold());
    PageHeader header;
    header.issuer = templates.issuer();
    header.title = title;
    header.issued = templates.format(lang, "header.issued",
                                     {{"datetime", format_datetime(report.issued_at, style)},
                                      {"date", format_date(report.as_of, style)}});
    header.classification =
        report.classification.empty() ? templates.classification() : report.classification;
    header.page_pattern = templates.label(lang, "header.page");

    // Templates older than `doc.lang` (kept with reports issued before it) tag the bare code.
    const std::string* lang_tag = templates.find_label(lang, "doc.lang");
    doc.set_info({title, templates.issuer(), templates.label(lang, "doc.subject"),
                  header.classification, "sitrep", report.issued_at, lang_tag ? *lang_tag : lang});

    Layout layout(doc, header);
    RenderContext ctx(report, templates, lang, layout);
    render_first_page(ctx);
    for (const auto& section : templates.sections()) render_section(ctx, section);
    layout.finish();
    std::string bytes = doc.save();
    if (!doc.replaced().empty()) {
        std::string list;
        for (char32_t cp : doc.replaced()) {
            char buf[16];
            std::snprintf(buf, sizeof buf, "%sU+%04X", list.empty() ? "" : ", ",
                          static_cast<unsigned>(cp));
            list += buf;
        }
        spdlog::warn("report {} ({}): {} character(s) the PDF's WinAnsi fonts cannot show are "
                     "drawn as '?': {}",
                     report.number, lang, doc.replaced().size(), list);
        if (replaced) replaced->assign(doc.replaced().begin(), doc.replaced().end());
    }
    return bytes;
}

void prepare_pdf_rendering() { belgian_province_map(); }

}  // namespace sitrep
