#pragma once

#include <string>
#include <utility>
#include <vector>

#include "pipeline/writers/pdf_layout.h"

namespace sitrep {

/// How a column's text sits in its cell.
enum class Align { kLeft, kRight };

/// One column of a table.
struct TableColumn {
    std::string header;
    double weight = 1;  ///< the column's share of the table width, relative to the others
    Align align = Align::kLeft;
};

/// One cell: text, or a share bar when `bar` is between 0 and 1.
struct TableCell {
    TableCell() = default;
    /// A text cell.
    TableCell(std::string text, FontStyle style = FontStyle::kRegular, Rgb colour = palette::kInk,
              double indent = 0)
        : text(std::move(text)), style(style), colour(colour), indent(indent) {}
    /// A cell that shows `share` (0..1) as a bar; a negative share leaves the cell empty.
    static TableCell bar_of(double share) {
        TableCell c;
        c.bar = share;
        return c;
    }

    std::string text;
    FontStyle style = FontStyle::kRegular;
    Rgb colour = palette::kInk;
    double indent = 0;   ///< points before the text (provinces under their region)
    double bar = -1;     ///< draw a bar this share of the cell's width
    std::string detail;  ///< smaller grey text under the main text
};

/// One row of a table.
struct TableRow {
    TableRow() = default;
    /// A row of cells, optionally a total row.
    TableRow(std::vector<TableCell> cells, bool total = false)  // NOLINT: braced rows read best
        : cells(std::move(cells)), total(total) {}

    std::vector<TableCell> cells;
    bool total = false;   ///< a total row: bold, with a rule above
    bool shaded = false;  ///< a light background, e.g. a region among its provinces
};

/// Draws a table at the layout's writing position. Rows are never split; the header row is
/// repeated at the top of each new page.
void draw_table(Layout& layout, const std::vector<TableColumn>& columns,
                const std::vector<TableRow>& rows, double size = 8.5);

}  // namespace sitrep
