#include "pipeline/writers/pdf_table.h"

#include <algorithm>

namespace sitrep {
namespace {

constexpr double kPadX = 4;
constexpr double kPadY = 3.5;

struct CellLines {
    std::vector<std::string> text;
    std::vector<std::string> detail;
};

struct Geometry {
    std::vector<double> x;
    std::vector<double> w;
};

}  // namespace

void draw_table(Layout& layout, const std::vector<TableColumn>& columns,
                const std::vector<TableRow>& rows, double size) {
    if (columns.empty()) return;
    double total_weight = 0;
    for (const auto& c : columns) total_weight += c.weight;
    Geometry g;
    double x = layout.left();
    for (const auto& c : columns) {
        g.x.push_back(x);
        g.w.push_back(layout.width() * c.weight / total_weight);
        x += g.w.back();
    }
    const double lh = Layout::line_height(size);
    const double head_size = size - 0.5;
    const double head_lh = Layout::line_height(head_size);
    const double detail_size = size - 1.3;
    const double detail_lh = Layout::line_height(detail_size);

    std::vector<std::vector<std::string>> head_lines;
    size_t head_max = 1;
    for (size_t i = 0; i < columns.size(); ++i) {
        head_lines.push_back(
            layout.wrap(columns[i].header, FontStyle::kBold, head_size, g.w[i] - 2 * kPadX));
        head_max = std::max(head_max, head_lines.back().size());
    }
    const double head_h = static_cast<double>(head_max) * head_lh + 2 * kPadY;

    // A column of share bars under an empty header repeats the share column beside it: its
    // bars are decoration (artifacts), and it has no TH, so that a screen reader's table has
    // as many header cells as data cells in a row, none of them empty.
    std::vector<bool> bar_column(columns.size(), false);
    for (size_t i = 0; i < columns.size(); ++i) {
        bool bars = false, other = false;
        for (const auto& row : rows) {
            if (i >= row.cells.size()) continue;
            const TableCell& c = row.cells[i];
            if (c.bar >= 0)
                bars = true;
            else if (!c.text.empty() || !c.detail.empty())
                other = true;
        }
        bar_column[i] = columns[i].header.empty() && bars && !other;
    }

    // The first header row is the table's TR of TH cells; a header repeated on a new page
    // is page furniture.
    const auto draw_head = [&](bool repeated) {
        if (repeated)
            layout.begin_artifact();
        else
            layout.begin_tag("TR");
        const double top = layout.y();
        layout.fill_rect(layout.left(), top - head_h, layout.width(), head_h, palette::kTint);
        for (size_t i = 0; i < columns.size(); ++i) {
            if (bar_column[i]) continue;
            if (!repeated) layout.begin_tag("TH");
            double baseline = top - kPadY - head_size;
            for (const auto& l : head_lines[i]) {
                if (columns[i].align == Align::kRight)
                    layout.text_right(g.x[i] + g.w[i] - kPadX, baseline, l, FontStyle::kBold,
                                      head_size, palette::kAccent);
                else
                    layout.text(g.x[i] + kPadX, baseline, l, FontStyle::kBold, head_size,
                                palette::kAccent);
                baseline -= head_lh;
            }
            if (!repeated) layout.end_tag();
        }
        layout.line(layout.left(), top - head_h, layout.right(), top - head_h, 0.8,
                    palette::kAccent);
        layout.down(head_h);
        if (repeated)
            layout.end_artifact();
        else
            layout.end_tag();
    };

    // Lay out every row first so that page breaks fall between rows.
    std::vector<std::vector<CellLines>> laid;
    std::vector<double> heights;
    for (const auto& row : rows) {
        std::vector<CellLines> cells;
        double h = lh;
        for (size_t i = 0; i < columns.size() && i < row.cells.size(); ++i) {
            const TableCell& c = row.cells[i];
            const FontStyle style = row.total ? FontStyle::kBold : c.style;
            const double room = g.w[i] - 2 * kPadX - c.indent;
            CellLines cl;
            if (c.bar < 0) cl.text = layout.wrap(c.text, style, size, room);
            if (!c.detail.empty())
                cl.detail = layout.wrap(c.detail, FontStyle::kRegular, detail_size, room);
            h = std::max(h, static_cast<double>(cl.text.size()) * lh +
                                static_cast<double>(cl.detail.size()) * detail_lh);
            cells.push_back(cl);
        }
        laid.push_back(cells);
        heights.push_back(h + 2 * kPadY);
    }

    layout.ensure(head_h + (heights.empty() ? 0 : heights.front()) + 4);
    layout.begin_tag("Table");
    draw_head(false);
    for (size_t r = 0; r < rows.size(); ++r) {
        const TableRow& row = rows[r];
        const double h = heights[r];
        if (layout.space_left() < h) {
            layout.new_page();
            draw_head(true);
        }
        layout.begin_tag("TR");
        const double top = layout.y();
        if (row.shaded) layout.fill_rect(layout.left(), top - h, layout.width(), h, palette::kTint);
        if (row.total) layout.line(layout.left(), top, layout.right(), top, 0.8, palette::kInk);
        for (size_t i = 0; i < laid[r].size(); ++i) {
            const TableCell& c = row.cells[i];
            const FontStyle style = row.total ? FontStyle::kBold : c.style;
            double baseline = top - kPadY - size;
            if (bar_column[i] && c.bar < 0) continue;  // nothing to draw, no cell to read
            if (bar_column[i])
                layout.begin_artifact();
            else
                layout.begin_tag("TD");
            if (c.bar >= 0) {
                const double room = g.w[i] - 2 * kPadX;
                const double w = room * std::clamp(c.bar, 0.0, 1.0);
                layout.fill_rect(g.x[i] + kPadX, baseline - 0.5, room, size * 0.75, palette::kTint);
                layout.fill_rect(g.x[i] + kPadX, baseline - 0.5, w, size * 0.75,
                                 palette::kAccentLight);
                if (bar_column[i])
                    layout.end_artifact();
                else
                    layout.end_tag();
                continue;
            }
            for (const auto& l : laid[r][i].text) {
                if (columns[i].align == Align::kRight)
                    layout.text_right(g.x[i] + g.w[i] - kPadX, baseline, l, style, size, c.colour);
                else
                    layout.text(g.x[i] + kPadX + c.indent, baseline, l, style, size, c.colour);
                baseline -= lh;
            }
            baseline = top - kPadY - static_cast<double>(laid[r][i].text.size()) * lh - detail_size;
            for (const auto& l : laid[r][i].detail) {
                if (columns[i].align == Align::kRight)
                    layout.text_right(g.x[i] + g.w[i] - kPadX, baseline, l, FontStyle::kRegular,
                                      detail_size, palette::kMuted);
                else
                    layout.text(g.x[i] + kPadX + c.indent, baseline, l, FontStyle::kRegular,
                                detail_size, palette::kMuted);
                baseline -= detail_lh;
            }
            layout.end_tag();
        }
        layout.end_tag();
        const bool last = r + 1 == rows.size();
        layout.line(layout.left(), top - h, layout.right(), top - h, last ? 0.8 : 0.4,
                    last ? palette::kAccent : palette::kRule);
        layout.down(h);
    }
    layout.end_tag();
    layout.doc().check("drawing a table");
}

}  // namespace sitrep
