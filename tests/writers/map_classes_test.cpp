// The map's colour classes and legend: rounded quantiles, a light-to-dark palette, and the
// limits in each language's number style.
#include "pipeline/writers/map_classes.h"

#include <doctest/doctest.h>

#include <cmath>

using namespace sitrep;

namespace {

// The demo inbox's temporary protection certificates per 1,000 inhabitants of 2020, by
// province (certificates / inhabitants × 1,000): BE10 13,038 / 1,218,255 ... BE35 1,974 / 495,832.
const std::vector<double> kDemoPerThousand = {10.702, 8.123, 4.698, 4.366, 5.543, 5.253,
                                              5.911,  2.901, 3.339, 4.157, 3.981};

const LegendPatterns kDutch{"minder dan {to}", "{from} tot {to}", "{from} of meer"};
const LegendPatterns kFrench{"moins de {to}", "de {from} à moins de {to}", "{from} ou plus"};

// Relative luminance (sRGB), what a grey print keeps of a colour.
double luminance(Rgb c) {
    const auto lin = [](double v) {
        return v <= 0.04045 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * lin(c.r) + 0.7152 * lin(c.g) + 0.0722 * lin(c.b);
}

}  // namespace

TEST_CASE(
    "five quantile classes of the demo's certificates per 1,000 have limits 4, 4.4, 5.3 and 5.9") {
    const MapClasses c = quantile_classes(kDemoPerThousand, 5);
    CHECK(c.limits == std::vector<double>{4.0, 4.4, 5.3, 5.9});
    CHECK(c.count() == 5);
    CHECK(c.decimals == 1);
    CHECK(c.min == doctest::Approx(2.901));
    CHECK(c.max == doctest::Approx(10.702));
    // Hainaut, Liège and Namur in the lightest class; Brussels, Antwerp and Walloon Brabant
    // (5.911, just above its limit) in the darkest.
    CHECK(c.class_of(2.901) == 0);
    CHECK(c.class_of(3.981) == 0);
    CHECK(c.class_of(4.157) == 1);
    CHECK(c.class_of(4.698) == 2);
    CHECK(c.class_of(5.543) == 3);
    CHECK(c.class_of(5.911) == 4);
    CHECK(c.class_of(10.702) == 4);
    // A value equal to a limit goes to the class above.
    CHECK(c.class_of(4.4) == 2);
}

TEST_CASE("limits are rounded to two significant digits, and classes never come out empty") {
    CHECK(round_to_two_digits(10.702) == doctest::Approx(11));
    CHECK(round_to_two_digits(6.4837) == doctest::Approx(6.5));
    CHECK(round_to_two_digits(12441) == doctest::Approx(12000));
    CHECK(round_to_two_digits(0.0347) == doctest::Approx(0.035));
    // Three distinct values cannot make five classes.
    const MapClasses few = quantile_classes({3, 3, 3, 7, 7, 12}, 5);
    CHECK(few.count() <= 3);
    for (double v : {3.0, 7.0, 12.0}) CHECK(few.class_of(v) < few.count());
    // One value: one class.
    CHECK(quantile_classes({42}, 5).count() == 1);
}

TEST_CASE("the Dutch legend reads 'minder dan 4,0' up to '5,9 of meer'") {
    const MapClasses c = quantile_classes(kDemoPerThousand, 5);
    CHECK(legend_texts(c, kDutch, "nl") == std::vector<std::string>{"minder dan 4,0", "4,0 tot 4,4",
                                                                    "4,4 tot 5,3", "5,3 tot 5,9",
                                                                    "5,9 of meer"});
}

TEST_CASE(
    "the French legend writes its limits with a decimal comma, thousands with a narrow space") {
    const MapClasses c = quantile_classes(kDemoPerThousand, 5);
    CHECK(legend_texts(c, kFrench, "fr") ==
          std::vector<std::string>{"moins de 4,0", "de 4,0 à moins de 4,4", "de 4,4 à moins de 5,3",
                                   "de 5,3 à moins de 5,9", "5,9 ou plus"});
    // The register per province of the demo: counts in the thousands.
    const MapClasses counts =
        quantile_classes({12441, 3334, 5460, 5433, 5080, 1900, 3250, 3080, 996, 1650, 10824}, 3);
    CHECK(counts.limits == std::vector<double>{3100, 5300});
    CHECK(legend_texts(counts, kFrench, "fr") ==
          std::vector<std::string>{"moins de 3\u202f100", "de 3\u202f100 à moins de 5\u202f300",
                                   "5\u202f300 ou plus"});
    CHECK(legend_texts(counts, kDutch, "nl").back() == "5.300 of meer");
}

TEST_CASE("every palette gets darker class after class, visibly so in grey") {
    for (int n = 1; n <= 7; ++n) {
        CAPTURE(n);
        const auto colours = class_colours(n);
        REQUIRE(colours.size() == static_cast<size_t>(n));
        for (size_t i = 1; i < colours.size(); ++i)
            CHECK(luminance(colours[i - 1]) - luminance(colours[i]) > 0.04);
    }
}
