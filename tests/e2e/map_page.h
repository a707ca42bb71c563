#pragma once

// Finding the map of Belgium on a rendered page: the licence line under it gives its frame.

#include "pipeline/writers/pdf_map.h"
#include "tests/e2e/page_image.h"

namespace sitrep::test {

/// The frame of the map whose licence line starts with the word `licence`: the line's
/// baseline (DejaVu Sans descends 0.236 em of its 1.164 em box below it) lies a set distance
/// under the frame, and the line starts at the frame's left edge.
inline MapFrame frame_above_licence(const WordBox& licence) {
    const double baseline_from_top =
        licence.y_max - (licence.y_max - licence.y_min) * (0.236 / 1.164);
    MapFrame frame = map_frame(licence.x_min, 0);
    frame.top = licence.page_height - baseline_from_top + MapFrame::kLicenceGap + frame.height();
    return frame;
}

}  // namespace sitrep::test
