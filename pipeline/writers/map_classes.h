#pragma once

#include <string>
#include <vector>

#include "pipeline/writers/pdf_document.h"

namespace sitrep {

/// The colour classes of a choropleth: quantiles of the values, rounded to two significant
/// digits so that the legend reads 6,5 and 11 rather than 6,4837 and 10,702. A value equal to
/// a limit belongs to the class above it.
struct MapClasses {
    std::vector<double> limits;  ///< ascending limits between classes (one fewer than classes)
    double min = 0;              ///< the smallest value classified
    double max = 0;              ///< the largest value classified
    int decimals = 0;            ///< decimals that show every limit as rounded

    /// How many classes there are (at least one once a value is classified).
    int count() const { return static_cast<int>(limits.size()) + 1; }
    /// The class of `value`: 0 for the lightest.
    int class_of(double value) const;
};

/// Classes for `values` (in any order): up to `classes` of them, each holding about as many
/// values, fewer when rounding makes two limits meet or there are fewer distinct values.
MapClasses quantile_classes(std::vector<double> values, int classes);

/// `value` rounded to two significant digits: 10.702 -> 11, 6.4837 -> 6.5, 1234 -> 1200.
double round_to_two_digits(double value);

/// ColorBrewer's sequential "Blues" scheme for `classes` classes (1 to 7), lightest first:
/// one hue whose lightness falls monotonically, so that the order survives grey print and
/// every kind of colour blindness.
std::vector<Rgb> class_colours(int classes);

/// The legend's words: a label pattern with {from} and {to} placeholders for each kind of
/// class (`below` for the first, `between`, `above` for the last).
struct LegendPatterns {
    std::string below;    ///< `minder dan {to}`
    std::string between;  ///< `{from} tot {to}`
    std::string above;    ///< `{from} of meer`
};

/// One legend line per class, the limits in the number style of `style` (nl, fr, en).
std::vector<std::string> legend_texts(const MapClasses& classes, const LegendPatterns& words,
                                      const std::string& style);

}  // namespace sitrep
