#include <doctest/doctest.h>

#include "pipeline/reconcile/finding_news.h"

using namespace sitrep;

namespace {

Finding about(const std::string& kind, const std::string& period, double expected, double actual) {
    Finding f;
    f.kind = kind;
    f.indicator = "tp.register.persons";
    f.area = "BE";
    f.period = period;
    f.expected = expected;
    f.actual = actual;
    return f;
}

Finding late(const std::string& feed, const std::string& newest, double age) {
    Finding f;
    f.kind = "late_partner";
    f.feed = feed;
    f.period = newest;
    f.actual = age;
    return f;
}

}  // namespace

TEST_CASE("a finding is new the first time, persisting while unchanged, changed when its figures move") {
    std::vector<Finding> first = {about("regions_vs_national", "2023-02-05", 53450, 53448)};
    CHECK(mark_news(first, {}, 10).empty());
    CHECK(first[0].news == "new");
    CHECK(first[0].since == 10);

    std::vector<Finding> second = {about("regions_vs_national", "2023-02-05", 53450, 53448)};
    mark_news(second, first, 11);
    CHECK(second[0].news == "persisting");
    CHECK(second[0].since == 10);

    std::vector<Finding> third = {about("regions_vs_national", "2023-02-05", 53460, 53448)};
    mark_news(third, second, 12);
    CHECK(third[0].news == "changed");
    CHECK(third[0].since == 10);
}

TEST_CASE("a late feed is one persisting finding while it ages, changed only by newer data") {
    std::vector<Finding> before = {late("vdab.werkplekvrij", "2022-03-31", 46)};
    mark_news(before, {}, 20);
    std::vector<Finding> older = {late("vdab.werkplekvrij", "2022-03-31", 47)};
    mark_news(older, before, 21);
    CHECK(older[0].news == "persisting");
    CHECK(older[0].since == 20);
    std::vector<Finding> newer = {late("vdab.werkplekvrij", "2022-04-30", 46)};
    mark_news(newer, older, 22);
    CHECK(newer[0].news == "changed");
}

TEST_CASE("a finding gone since the previous report is cleared, a one-time revision is not") {
    std::vector<Finding> before = {about("regions_vs_national", "2023-02-05", 53450, 53448),
                                   about("revision", "2023-02-05", 53460, 53450)};
    mark_news(before, {}, 30);
    std::vector<Finding> now;
    const auto cleared = mark_news(now, before, 31);
    REQUIRE(cleared.size() == 1);
    CHECK(cleared[0].kind == "regions_vs_national");
}

TEST_CASE("findings of two breakdown cells are two findings, not one that changed") {
    Finding men = about("implausible_jump", "2022-06", 900, 12000), women = men;
    men.breakdown = "sex=M";
    women.breakdown = "sex=F";
    std::vector<Finding> before = {men};
    mark_news(before, {}, 40);
    std::vector<Finding> now = {men, women};
    mark_news(now, before, 41);
    CHECK(now[0].news == "persisting");
    CHECK(now[1].news == "new");
}

TEST_CASE("the next register with its nation still above its regions is the same finding "
          "changed: it stands since the report that first raised it, and nothing is cleared") {
    std::vector<Finding> first = {about("regions_vs_national", "2023-01-29", 53100, 53090)};
    mark_news(first, {}, 50);
    std::vector<Finding> next = {about("regions_vs_national", "2023-02-05", 53450, 53448)};
    const auto cleared = mark_news(next, first, 51);
    CHECK(next[0].news == "changed");
    CHECK(next[0].since == 50);
    CHECK(cleared.empty());
    // A day later, the same register: persisting, still since report 50.
    std::vector<Finding> again = next;
    mark_news(again, next, 52);
    CHECK(again[0].news == "persisting");
    CHECK(again[0].since == 50);
}

TEST_CASE("as reconciliation version 2 matched them, the next register's finding is new and the "
          "last one's cleared") {
    std::vector<Finding> first = {about("regions_vs_national", "2023-01-29", 53100, 53090)};
    mark_news(first, {}, 50, NewsRule::by_period);
    std::vector<Finding> next = {about("regions_vs_national", "2023-02-05", 53450, 53448)};
    const auto cleared = mark_news(next, first, 51, NewsRule::by_period);
    CHECK(next[0].news == "new");
    CHECK(next[0].since == 51);
    REQUIRE(cleared.size() == 1);
    CHECK(cleared[0].period == "2023-01-29");
}

TEST_CASE("a flow's months each stand on their own: a month that no longer fails is cleared "
          "and a new month's finding is new") {
    std::vector<Finding> before = {about("parts_vs_total", "2022-05", 100, 90),
                                   about("parts_vs_total", "2022-06", 120, 110)};
    mark_news(before, {}, 60);
    std::vector<Finding> now = {about("parts_vs_total", "2022-06", 120, 110),
                                about("parts_vs_total", "2022-07", 130, 100)};
    const auto cleared = mark_news(now, before, 61);
    CHECK(now[0].news == "persisting");
    CHECK(now[0].since == 60);
    CHECK(now[1].news == "new");
    CHECK(now[1].since == 61);
    REQUIRE(cleared.size() == 1);
    CHECK(cleared[0].period == "2022-05");
}

TEST_CASE("an older period is not a change of a newer one, nor a later month's jump a change of "
          "an earlier jump") {
    std::vector<Finding> newer = {about("regions_vs_national", "2023-02-05", 53450, 53448)};
    mark_news(newer, {}, 70);
    std::vector<Finding> older = {about("regions_vs_national", "2023-01-29", 53100, 53090)};
    CHECK(mark_news(older, newer, 71).size() == 1);
    CHECK(older[0].news == "new");

    std::vector<Finding> june = {about("implausible_jump", "2022-06", 900, 12000)};
    mark_news(june, {}, 80);
    std::vector<Finding> july = {about("implausible_jump", "2022-07", 900, 15000)};
    CHECK(mark_news(july, june, 81).size() == 1);
    CHECK(july[0].news == "new");
    CHECK(july[0].since == 81);
}
