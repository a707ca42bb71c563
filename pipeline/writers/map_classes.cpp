#include "pipeline/writers/map_classes.h"

#include <algorithm>
#include <cmath>

#include "pipeline/report/locale_format.h"
#include "pipeline/report/templates.h"

namespace sitrep {
namespace {

// The decimals that show a value rounded to two significant digits: 6.5 needs one, 11 none.
int decimals_of(double value) {
    if (value == 0) return 0;
    const int magnitude = static_cast<int>(std::floor(std::log10(std::abs(value))));
    return std::clamp(1 - magnitude, 0, 3);
}

Rgb hex(unsigned v) {
    return {((v >> 16) & 0xFF) / 255.0, ((v >> 8) & 0xFF) / 255.0, (v & 0xFF) / 255.0};
}

}  // namespace

int MapClasses::class_of(double value) const {
    int c = 0;
    for (double limit : limits)
        if (value >= limit) ++c;
    return c;
}

double round_to_two_digits(double value) {
    if (value == 0 || !std::isfinite(value)) return value;
    const int exponent = static_cast<int>(std::floor(std::log10(std::abs(value)))) - 1;
    // Divide by a power of ten rather than multiply by 0.1, so that 4.4 comes out as 4.4.
    if (exponent < 0) {
        const double scale = std::pow(10.0, -exponent);
        return std::round(value * scale) / scale;
    }
    const double unit = std::pow(10.0, exponent);
    return std::round(value / unit) * unit;
}

MapClasses quantile_classes(std::vector<double> values, int classes) {
    MapClasses out;
    if (values.empty()) return out;
    std::sort(values.begin(), values.end());
    out.min = values.front();
    out.max = values.back();
    const size_t n = values.size();
    for (int i = 1; i < classes; ++i) {
        const double pos = static_cast<double>(i) / classes * static_cast<double>(n - 1);
        const auto lo = static_cast<size_t>(std::floor(pos));
        const size_t hi = std::min(lo + 1, n - 1);
        const double q = values[lo] + (values[hi] - values[lo]) * (pos - static_cast<double>(lo));
        const double limit = round_to_two_digits(q);
        // A limit at or below the smallest value, or not above the last limit, would leave a
        // class empty.
        if (limit <= out.min || limit > out.max) continue;
        if (!out.limits.empty() && limit <= out.limits.back()) continue;
        out.limits.push_back(limit);
    }
    for (double limit : out.limits) out.decimals = std::max(out.decimals, decimals_of(limit));
    if (out.limits.empty())
        out.decimals = std::max(decimals_of(round_to_two_digits(out.min)),
                                decimals_of(round_to_two_digits(out.max)));
    return out;
}

std::vector<Rgb> class_colours(int classes) {
    // colorbrewer2.org, Blues, by number of classes (Cynthia A. Brewer, Apache-2.0 licence).
    static const std::vector<std::vector<unsigned>> kBlues = {
        {0x6baed6},
        {0xbdd7e7, 0x3182bd},
        {0xdeebf7, 0x9ecae1, 0x3182bd},
        {0xeff3ff, 0xbdd7e7, 0x6baed6, 0x2171b5},
        {0xeff3ff, 0xbdd7e7, 0x6baed6, 0x3182bd, 0x08519c},
        {0xeff3ff, 0xc6dbef, 0x9ecae1, 0x6baed6, 0x3182bd, 0x08519c},
        {0xeff3ff, 0xc6dbef, 0x9ecae1, 0x6baed6, 0x4292c6, 0x2171b5, 0x084594},
    };
    const int n = std::clamp(classes, 1, 7);
    std::vector<Rgb> out;
    for (unsigned v : kBlues[static_cast<size_t>(n - 1)]) out.push_back(hex(v));
    return out;
}

std::vector<std::string> legend_texts(const MapClasses& classes, const LegendPatterns& words,
                                      const std::string& style) {
    const auto num = [&](double v) { return format_number(v, style, classes.decimals); };
    std::vector<std::string> out;
    if (classes.limits.empty()) {
        out.push_back(classes.min == classes.max
                          ? num(classes.min)
                          : fill_placeholders(words.between, {{"from", num(classes.min)},
                                                              {"to", num(classes.max)}}));
        return out;
    }
    out.push_back(fill_placeholders(words.below, {{"to", num(classes.limits.front())}}));
    for (size_t i = 1; i < classes.limits.size(); ++i)
        out.push_back(fill_placeholders(
            words.between, {{"from", num(classes.limits[i - 1])}, {"to", num(classes.limits[i])}}));
    out.push_back(fill_placeholders(words.above, {{"from", num(classes.limits.back())}}));
    return out;
}

}  // namespace sitrep
