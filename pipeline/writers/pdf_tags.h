#pragma once

#include <hpdf.h>

#include <map>
#include <string>
#include <vector>

namespace sitrep {

/// The document's logical structure for screen readers (a tagged PDF): structure elements
/// (Document, H1, H2, P, Table, TR, TH, TD, Figure with /Alt) in reading order, each leaf tied
/// to its marked content on the pages by MCIDs, and the parent tree that maps them back.
/// libharu 2.3 has no API for any of it: the elements are dictionaries made with its object
/// API, and the BDC/EMC operators are written straight into the page's content stream.
class PdfTags {
public:
    /// Tags `doc`; `utf8` writes /Alt text as UTF-16.
    PdfTags(HPDF_Doc doc, HPDF_Encoder utf8);

    /// Opens an element with the standard role `role` inside the innermost open one.
    void open(const std::string& role, const std::string& alt = {});
    /// Closes the innermost open element.
    void close();
    /// Whether the innermost open element holds content itself (not Document, Table, TR).
    bool in_leaf() const;
    /// The operator that starts the innermost leaf's next marked-content sequence on `page`.
    std::string begin_marked(HPDF_Page page);

    /// Writes the structure tree root, the parent tree, /MarkInfo and each page's
    /// /StructParents; call once, after the last drawing.
    void finish();

private:
    struct Open {
        HPDF_Dict elem;
        std::string role;
        HPDF_Array kids = nullptr;  ///< made at the second kid: a lone MCID is written bare
        int count = 0;
        int first_mcid = -1;
        HPDF_Page page = nullptr;  ///< the element's /Pg: where its bare MCIDs are
    };
    HPDF_Dict element(const std::string& role, const std::string& alt);
    // Adds a kid to `o`: the element or MCR dictionary `obj`, or (obj null) an MCID on o's page.
    void add_kid(Open& o, void* obj, int mcid);

    HPDF_Doc doc_;
    HPDF_Encoder utf8_;
    HPDF_Dict root_ = nullptr;
    std::vector<Open> stack_;
    std::map<HPDF_Page, int> page_key_;                ///< /StructParents of each page
    std::vector<std::vector<HPDF_Dict>> parents_;      ///< per page key: the element of each MCID
};

/// Writes `ops` (PDF content operators) into `page`'s content stream as they are.
void write_operators(HPDF_Page page, const std::string& ops);

}  // namespace sitrep
