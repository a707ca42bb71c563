#pragma once

#include <optional>
#include <string>
#include <vector>

#include "pipeline/reference/province_shapes.h"
#include "pipeline/report/templates.h"
#include "pipeline/writers/map_classes.h"
#include "pipeline/writers/pdf_context.h"

namespace sitrep {

/// Where the map of Belgium lands on the page: its box, and the projection's map plane
/// scaled into it. The tests use it to find a province on a rendered page.
struct MapFrame {
    static constexpr double kWidth = 250;      ///< the map's width in points
    static constexpr double kLicenceGap = 9;   ///< frame bottom to the licence line's baseline
    static constexpr double kLicenceSize = 6;  ///< the licence line's type size
    static constexpr double kAbove = 4;        ///< space between the caption and the frame

    double left = 0;   ///< the frame's left edge, in PDF points
    double top = 0;    ///< the frame's top edge, in PDF points (origin at the page's bottom)
    double scale = 1;  ///< points per map unit
    MapBounds bounds;  ///< the map plane's box

    /// The frame's height in points.
    double height() const { return bounds.height() * scale; }
    /// Baseline of the licence line under the map.
    double licence_baseline() const { return top - height() - kLicenceGap; }
    /// A point of the map plane on the page.
    MapPoint to_page(MapPoint p) const {
        return {left + (p.x - bounds.min_x) * scale, top - (bounds.max_y - p.y) * scale};
    }
};

/// The frame of Belgium's map whose top left corner is at (`left`, `top`).
MapFrame map_frame(double left, double top);

/// The value a map block shows for each province of `belgian_province_map()`, in its order:
/// the figure of the province (Brussels' region figure when BE10 has none), per `b.per`
/// inhabitants of 2020 when the block asks for it; nullopt without a figure.
std::vector<std::optional<double>> map_values(RenderContext& ctx, const BlockSpec& b);

/// Whether a map block has a figure for at least one province (Brussels' region figure
/// standing in for BE10 does not count).
bool map_has_data(RenderContext& ctx, const BlockSpec& b);

/// The height a map block takes below its caption, licence line included.
double map_block_height();

/// The caption under a map's title: the indicator and its date or period.
std::string map_caption(RenderContext& ctx, const BlockSpec& b);

/// Draws the map at the writing position: each province filled with the colour of its
/// class (hatched grey when it has no figure), the outlines, the legend to the right with the
/// class limits in the report's number style, and the boundaries' licence line underneath.
void draw_map_block(RenderContext& ctx, const BlockSpec& b);

}  // namespace sitrep
