// Findings on replayed days of a generated year: each kind raised when it should be and not
// when it should not, and news only when it appears, changes or clears.
#include "tests/e2e/replay_support.h"

using namespace sitrep;
using namespace sitrep::test;

namespace {

int count_of(const YearReplay& y, Date first, Date last, const std::string& kind) {
    int n = 0;
    for (Date d = first; d <= last; d = d + 1) n += static_cast<int>(y.findings(d, kind).size());
    return n;
}

// `n` decisions of one day in DVZ's format, all issued.
std::string decisions(Date day, int n) {
    char date[16];
    const auto iso = day.iso();
    std::snprintf(date, sizeof date, "%s/%s/%s", iso.substr(8, 2).c_str(), iso.substr(5, 2).c_str(),
                  iso.substr(0, 4).c_str());
    std::string out = "beslissingsdatum;beslissing;nationaliteit;geslacht;leeftijdsgroep;gemeente_nis\n";
    for (int i = 0; i < n; ++i)
        out += std::string(date) + ";AFGEGEVEN;UKR;" + (i % 2 ? "V" : "M") + ";18-64;11002\n";
    return out;
}

}  // namespace

TEST_CASE("replayed from March to June with every feed on its cadence, no feed is late or "
          "missing and no month is compared before it is whole") {
    YearReplay y(7);
    y.run_days(on("2022-03-01"), on("2022-06-05"));
    CHECK(count_of(y, on("2022-03-01"), on("2022-06-05"), "late_partner") == 0);
    CHECK(count_of(y, on("2022-03-01"), on("2022-06-05"), "missing_partner") == 0);
    CHECK(count_of(y, on("2022-03-01"), on("2022-06-05"), "implausible_jump") == 0);
    // Monthly feeds are watched: on 5 June each has sent its April or May figures.
    auto partners = y.manifest(on("2022-06-05"))->getArray("partners");
    int monthly = 0;
    for (size_t i = 0; i < partners->size(); ++i) {
        const auto p = partners->getObject(static_cast<unsigned>(i));
        if (!p->isNull("every_days") && p->getValue<int>("every_days") == 31) {
            ++monthly;
            CHECK(p->getValue<std::string>("state") == "on_time");
        }
    }
    CHECK(monthly == 5);
}

TEST_CASE("a feed that stops sending is late after its grace, one persisting finding while "
          "late, and cleared when it sends again") {
    YearReplay y(8);
    // #werkplekvrij's April file is held back; its March file covers March to the 31st.
    y.deliver = [](const std::string& f) { return f != "vdab_werkplekvrij_2022-04.csv"; };
    y.deliver_before(on("2022-05-10"));
    y.run_days(on("2022-05-10"), on("2022-05-20"));

    // 15 May: 45 days after 31 March, within the grace. 16 May: late.
    CHECK(y.findings(on("2022-05-15"), "late_partner").empty());
    const auto first = y.findings(on("2022-05-16"), "late_partner");
    REQUIRE(first.size() == 1);
    CHECK(first[0].feed == "vdab.werkplekvrij");
    CHECK(first[0].period == "2022-03-31");
    CHECK(first[0].news == "new");
    CHECK(first[0].since == y.number(on("2022-05-16")));
    // Its figures are not shown as current while it is late.
    const auto launched = headline(y.manifest(on("2022-05-16")), "employment.vacancies.launched", "BE2");
    REQUIRE(launched);
    CHECK(launched->getValue<std::string>("status") == "carried_forward");
    // The other VDAB feed sent on time and is not late.
    for (const auto& f : first) CHECK(f.feed != "vdab.jobseekers");

    // Every day after: the same finding, persisting, since the report that first raised it.
    for (Date d = on("2022-05-17"); d <= on("2022-05-20"); d = d + 1) {
        const auto again = y.findings(d, "late_partner");
        REQUIRE(again.size() == 1);
        CHECK(again[0].news == "persisting");
        CHECK(again[0].since == y.number(on("2022-05-16")));
    }

    // The April file arrives: the feed is on time again and the finding is listed as cleared.
    y.deliver = [](const std::string&) { return true; };
    Date april_day = on("2022-05-01");
    for (Date d = on("2022-05-01"); d <= on("2022-05-20"); d = d + 1)
        for (const auto& f : y.files_of(d))
            if (f == "vdab_werkplekvrij_2022-04.csv") april_day = d;
    y.drop("vdab_werkplekvrij_2022-04.csv", y.generated(april_day, "vdab_werkplekvrij_2022-04.csv"));
    y.run_day(on("2022-05-21"));
    CHECK(y.findings(on("2022-05-21"), "late_partner").empty());
    const auto cleared = y.findings(on("2022-05-21"), "late_partner", "cleared");
    REQUIRE(cleared.size() == 1);
    CHECK(cleared[0].feed == "vdab.werkplekvrij");
}

TEST_CASE("a month far above the ones before is an implausible jump only once it is whole, "
          "and no news after") {
    YearReplay y(9);
    y.deliver_before(on("2022-07-15"));
    // 60,000 decisions dated 15 July in a Saturday file: July is far above April to June.
    y.drop("dvz_tp_beslissingen_20220716.csv", decisions(on("2022-07-15"), 60000));
    y.run_days(on("2022-07-15"), on("2022-08-04"));

    // July is whole once DVZ's data reaches its 31st: a Sunday, whose decisions come in
    // Monday's file. Before, July is never compared.
    for (Date d = on("2022-07-15"); d <= on("2022-07-31"); d = d + 1)
        CHECK_MESSAGE(y.findings(d, "implausible_jump").empty(), d.iso());
    Date raised = on("2022-08-04");
    for (Date d = on("2022-08-04"); d >= on("2022-08-01"); d = d + -1)
        if (!y.findings(d, "implausible_jump").empty()) raised = d;
    const auto jump = y.findings(raised, "implausible_jump");
    REQUIRE(jump.size() >= 1);
    for (const auto& j : jump) {
        CHECK(j.period == "2022-07");
        CHECK(j.news == "new");
    }
    if (raised < on("2022-08-04")) {
        const auto next = y.findings(raised + 1, "implausible_jump");
        REQUIRE(next.size() >= 1);
        // Decisions of July may still arrive in August's files and change July's sum: the
        // finding is then changed, not new, and still stands since the report that raised it.
        CHECK(next[0].news != "new");
        CHECK(next[0].since == y.number(raised));
    }
}

TEST_CASE("DVZ's first month, begun on the 10th, is in no mean: a June far above April and May "
          "is not compared with a partial March") {
    YearReplay y(9);
    y.deliver_before(on("2022-06-15"));
    // The same 60,000 decisions, on 15 June: the months before June that are whole are April
    // and May only, fewer than the three a jump is measured against.
    y.drop("dvz_tp_beslissingen_20220618.csv", decisions(on("2022-06-15"), 60000));
    y.run_days(on("2022-06-15"), on("2022-07-04"));
    CHECK(count_of(y, on("2022-06-15"), on("2022-07-04"), "implausible_jump") == 0);
    // June was whole from the 30th: its decisions are all in, and shown.
    const auto issued = headline(y.manifest(on("2022-07-04")), "tp.certificates.issued", "BE");
    REQUIRE(issued);
    CHECK(issued->getValue<double>("value") > 60000);
    // A report issued by version 3, which took March as whole, renders as it was issued: with
    // the jump.
    const auto rendered = y.render_as(on("2022-07-04"), 3);
    REQUIRE_MESSAGE(rendered.command.exit_code == 0, rendered.command.output);
    CHECK(rendered.command.output.find("reconciled differently") == std::string::npos);
    const auto findings = rendered.manifest->getArray("findings");
    int jumps = 0;
    for (size_t i = 0; i < findings->size(); ++i) {
        const auto f = findings->getObject(static_cast<unsigned>(i));
        if (f->getValue<std::string>("kind") != "implausible_jump") continue;
        ++jumps;
        CHECK(f->getValue<std::string>("period") == "2022-06");
    }
    CHECK(jumps >= 1);
}

TEST_CASE("a register whose nation exceeds its regions is one finding from the report that "
          "first raised it: changed when the next register still exceeds, never cleared") {
    YearReplay y(10);
    y.deliver_before(on("2022-04-01"));
    y.run_days(on("2022-04-01"), on("2022-04-20"));
    // The generated registers count some persons without a known residence: every register
    // has its regions below the nation.
    std::vector<Date> arrivals;
    for (Date d = on("2022-04-02"); d <= on("2022-04-20"); d = d + 1)
        for (const auto& f : y.files_of(d))
            if (f.rfind("dvz_tp_register_", 0) == 0) arrivals.push_back(d);
    REQUIRE(arrivals.size() >= 2);
    const auto first = y.findings(on("2022-04-01"), "regions_vs_national");
    REQUIRE(first.size() == 1);
    CHECK(first[0].news == "new");
    const int since = y.number(on("2022-04-01"));
    std::string period = first[0].period;
    for (Date d = on("2022-04-02"); d <= on("2022-04-20"); d = d + 1) {
        const auto now = y.findings(d, "regions_vs_national");
        REQUIRE_MESSAGE(now.size() == 1, d.iso());
        const bool arrived = std::find(arrivals.begin(), arrivals.end(), d) != arrivals.end();
        CHECK_MESSAGE(now[0].news == (arrived ? "changed" : "persisting"), d.iso());
        CHECK_MESSAGE(now[0].since == since, d.iso());
        // A new register moves the finding on to its own day.
        if (arrived) CHECK_MESSAGE(now[0].period > period, d.iso());
        else CHECK_MESSAGE(now[0].period == period, d.iso());
        period = now[0].period;
        CHECK_MESSAGE(y.findings(d, "regions_vs_national", "cleared").empty(), d.iso());
    }
    // Rendered as a report of reconciliation version 2 matched its findings, the register's
    // finding is new and the last one's cleared, as such a report was issued.
    const Date d = arrivals.front();
    const auto rendered = y.render_as(d, 2);
    REQUIRE_MESSAGE(rendered.command.exit_code == 0, rendered.command.output);
    // Its news is version 2's, and nothing else differs: no warning that it may.
    CHECK(rendered.command.output.find("reconciled differently") == std::string::npos);
    const auto& m = rendered.manifest;
    int news = 0, cleared = 0;
    for (const char* list : {"findings", "cleared"}) {
        const auto all = m->getArray(list);
        for (size_t i = 0; i < all->size(); ++i) {
            const auto f = all->getObject(static_cast<unsigned>(i));
            if (f->getValue<std::string>("kind") != "regions_vs_national") continue;
            if (std::string(list) == "cleared") {
                ++cleared;
                continue;
            }
            ++news;
            CHECK(f->getValue<std::string>("news") == "new");
        }
    }
    CHECK(news == 1);
    CHECK(cleared == 1);
    // A report of a reconciliation this sitrep does not know renders with a warning.
    const auto warned = y.render_as(d, 99);
    REQUIRE_MESSAGE(warned.command.exit_code == 0, warned.command.output);
    CHECK(warned.command.output.find("issued by a newer version of sitrep") != std::string::npos);
}
