#include "pipeline/writers/pdf_tags.h"

#include <hpdf_doc.h>
#include <hpdf_objects.h>
#include <hpdf_pages.h>

#include "pipeline/foundation/errors.h"
#include "pipeline/writers/pdf_encoding.h"

namespace sitrep {
namespace {

void ok(HPDF_STATUS st, const char* what) {
    if (st != HPDF_OK) throw OutputError(std::string("PDF: cannot add ") + what + " to the tags");
}

bool is_leaf(const std::string& role) {
    return role != "Document" && role != "Table" && role != "TR" && role != "Sect";
}

}  // namespace

void write_operators(HPDF_Page page, const std::string& ops) {
    auto* attr = static_cast<HPDF_PageAttr>(page->attr);
    ok(HPDF_Stream_WriteStr(attr->stream, ops.c_str()), "a marked-content operator");
}

PdfTags::PdfTags(HPDF_Doc doc, HPDF_Encoder utf8) : doc_(doc), utf8_(utf8) {
    root_ = HPDF_Dict_New(doc_->mmgr);
    if (!root_) throw OutputError("PDF: no memory for the structure tree");
    ok(HPDF_Xref_Add(doc_->xref, root_), "the structure tree root");
    ok(HPDF_Dict_AddName(root_, "Type", "StructTreeRoot"), "the structure tree root");
    HPDF_Dict document = element("Document", {});
    ok(HPDF_Dict_Add(document, "P", root_), "the Document element");
    ok(HPDF_Dict_Add(root_, "K", document), "the Document element");
    stack_.push_back({document, "Document"});
}

HPDF_Dict PdfTags::element(const std::string& role, const std::string& alt) {
    HPDF_Dict e = HPDF_Dict_New(doc_->mmgr);
    if (!e) throw OutputError("PDF: no memory for a structure element");
    ok(HPDF_Xref_Add(doc_->xref, e), "an element");
    // /Type is optional; 612 elements in a report make every byte count under PDF/A-1,
    // which allows no object streams.
    ok(HPDF_Dict_AddName(e, "S", role.c_str()), "an element");
    if (!alt.empty()) {
        const auto plain = to_pdfdoc(alt);
        ok(HPDF_Dict_Add(e, "Alt", plain ? HPDF_String_New(doc_->mmgr, plain->c_str(), nullptr)
                                         : HPDF_String_New(doc_->mmgr, alt.c_str(), utf8_)),
           "/Alt");
    }
    return e;
}

void PdfTags::open(const std::string& role, const std::string& alt) {
    HPDF_Dict e = element(role, alt);
    Open& parent = stack_.back();
    ok(HPDF_Dict_Add(e, "P", parent.elem), "an element's parent");
    add_kid(parent, e, -1);
    stack_.push_back({e, role});
}

void PdfTags::add_kid(Open& o, void* obj, int mcid) {
    if (o.count == 0 && !obj) {
        ok(HPDF_Dict_AddNumber(o.elem, "K", mcid), "an MCID");
        o.first_mcid = mcid;
        o.count = 1;
        return;
    }
    if (!o.kids) {
        o.kids = HPDF_Array_New(doc_->mmgr);
        ok(!o.kids ? HPDF_FAILD_TO_ALLOC_MEM : HPDF_OK, "an element's kids");
        if (o.first_mcid >= 0) ok(HPDF_Array_AddNumber(o.kids, o.first_mcid), "an MCID");
        ok(HPDF_Dict_Add(o.elem, "K", o.kids), "an element's kids");  // replaces a bare MCID
    }
    ok(obj ? HPDF_Array_Add(o.kids, obj) : HPDF_Array_AddNumber(o.kids, mcid), "a kid");
    ++o.count;
}

void PdfTags::close() {
    if (stack_.size() > 1) stack_.pop_back();
}

bool PdfTags::in_leaf() const { return stack_.size() > 1 && is_leaf(stack_.back().role); }

std::string PdfTags::begin_marked(HPDF_Page page) {
    Open& leaf = stack_.back();
    auto [it, added] = page_key_.emplace(page, static_cast<int>(parents_.size()));
    if (added) parents_.emplace_back();
    auto& mcids = parents_[static_cast<size_t>(it->second)];
    const int mcid = static_cast<int>(mcids.size());
    mcids.push_back(leaf.elem);
    if (!leaf.page) {
        leaf.page = page;
        ok(HPDF_Dict_Add(leaf.elem, "Pg", page), "an element's page");
    }
    if (leaf.page == page) {
        add_kid(leaf, nullptr, mcid);
    } else {  // a paragraph or cell continued on the next page
        HPDF_Dict mcr = HPDF_Dict_New(doc_->mmgr);
        ok(!mcr || HPDF_Dict_AddName(mcr, "Type", "MCR") != HPDF_OK ||
                   HPDF_Dict_Add(mcr, "Pg", page) != HPDF_OK ||
                   HPDF_Dict_AddNumber(mcr, "MCID", mcid) != HPDF_OK
               ? HPDF_FAILD_TO_ALLOC_MEM
               : HPDF_OK,
           "a marked-content reference");
        add_kid(leaf, mcr, -1);
    }
    return "/" + leaf.role + " <</MCID " + std::to_string(mcid) + ">> BDC\n";
}

void PdfTags::finish() {
    HPDF_Dict tree = HPDF_Dict_New(doc_->mmgr);
    HPDF_Array nums = HPDF_Array_New(doc_->mmgr);
    ok(!tree || !nums ? HPDF_FAILD_TO_ALLOC_MEM : HPDF_OK, "the parent tree");
    ok(HPDF_Dict_Add(tree, "Nums", nums), "the parent tree");
    for (const auto& [page, key] : page_key_)
        ok(HPDF_Dict_AddNumber(page, "StructParents", key), "a page's /StructParents");
    for (size_t key = 0; key < parents_.size(); ++key) {
        HPDF_Array elems = HPDF_Array_New(doc_->mmgr);
        ok(!elems ? HPDF_FAILD_TO_ALLOC_MEM : HPDF_OK, "the parent tree");
        for (HPDF_Dict e : parents_[key]) ok(HPDF_Array_Add(elems, e), "the parent tree");
        ok(HPDF_Array_AddNumber(nums, static_cast<HPDF_INT32>(key)), "the parent tree");
        ok(HPDF_Array_Add(nums, elems), "the parent tree");
    }
    ok(HPDF_Dict_Add(root_, "ParentTree", tree), "the parent tree");
    ok(HPDF_Dict_AddNumber(root_, "ParentTreeNextKey", static_cast<HPDF_INT32>(parents_.size())),
       "the parent tree");
    ok(HPDF_Dict_Add(doc_->catalog, "StructTreeRoot", root_), "the structure tree root");
    HPDF_Dict mark = HPDF_Dict_New(doc_->mmgr);
    ok(!mark || HPDF_Dict_AddBoolean(mark, "Marked", HPDF_TRUE) != HPDF_OK
           ? HPDF_FAILD_TO_ALLOC_MEM
           : HPDF_OK,
       "/MarkInfo");
    ok(HPDF_Dict_Add(doc_->catalog, "MarkInfo", mark), "/MarkInfo");
}

}  // namespace sitrep
