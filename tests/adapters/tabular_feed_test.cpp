#include "adapters/tabular_feed.h"
#include "tests/adapters/adapter_support.h"
#include "tests/catalogue/catalogue_support.h"

using namespace sitrep;
using namespace sitrep::test;

namespace {

// The one feed of a catalogue made of the shipped one and `feed`.
TabularFeed feed_of(const std::string& feed) {
    return TabularFeed(catalogue_with_feed(feed, kSciensanoIndicator, kSciensanoPartner).feeds().at(0));
}

ParseResult read_with(const TabularFeed& feed, const std::string& name, const std::string& text) {
    std::istringstream in(text);
    return read_submission(feed, name, in);
}

}  // namespace

TEST_CASE("Sciensano's deaths per day, region, age and sex give the totals the source states") {
    const TabularFeed feed = feed_of(kSciensanoFeed);
    const auto r = read_with(feed, "sciensano_COVID19BE_MORT.csv",
                             read_bytes(SITREP_FIXTURES_DIR "/new-source/sciensano_COVID19BE_MORT.csv"));
    CHECK(problems(r) == "");
    CHECK(r.rows == 2491);
    CHECK(total(r, "health.covid.deaths", "BE") == 11858);
    CHECK(total(r, "health.covid.deaths", "BE2") == 5595);
    CHECK(total(r, "health.covid.deaths", "BE3") == 4419);
    CHECK(total(r, "health.covid.deaths", "BE1") == 1844);
    // NA is an explicit unknown part, never a dropped row: the parts add up to the total.
    CHECK(total(r, "health.covid.deaths", "BE", "age=unknown") == 18);
    CHECK(total(r, "health.covid.deaths", "BE", "sex=unknown") == 27);
    double by_sex = 0;
    for (const char* s : {"sex=F", "sex=M", "sex=unknown"}) by_sex += total(r, "health.covid.deaths", "BE", s);
    CHECK(by_sex == 11858);
    double last_week = 0;
    for (const auto& o : r.observations)
        if (o.area == "BE" && o.breakdown.empty() && o.from.iso() >= "2020-10-27") last_week += o.value;
    CHECK(last_week == 799);
    CHECK(r.reference_date->iso() == "2020-11-02");
}

TEST_CASE("rows that add up to one fact name the lines they came from") {
    const TabularFeed feed = feed_of(kSciensanoFeed);
    const auto r = read_with(feed, "sciensano_COVID19BE_MORT.csv",
                             "\"DATE\",\"REGION\",\"AGEGROUP\",\"SEX\",\"DEATHS\"\n"
                             "\"2020-03-10\",\"Brussels\",\"85+\",\"F\",1\n"
                             "\"2020-03-10\",\"Brussels\",\"85+\",\"M\",2\n");
    CHECK(problems(r) == "");
    int headlines = 0;
    for (const auto& o : r.observations)
        if (o.area == "BE1" && o.breakdown.empty()) {
            CHECK(o.location == "lines 2-3");
            ++headlines;
        }
    CHECK(headlines == 1);
    CHECK(total(r, "health.covid.deaths", "BE1") == 3);
}

TEST_CASE("an empty breakdown cell without an unknown rule is an error naming its line and column") {
    std::string def = kSciensanoFeed;
    def.replace(def.find("unknown = NA, (empty)\n\n[values]"), 21, "unknown = NA");
    const TabularFeed feed = feed_of(def);
    const auto r = read_with(feed, "sciensano_COVID19BE_MORT.csv",
                             "DATE,REGION,AGEGROUP,SEX,DEATHS\n2020-03-10,Brussels,85+,,1\n");
    CHECK(problems(r).find("f:line 2, column 'SEX': no sex") != std::string::npos);
}

TEST_CASE("a title row above the header is skipped when the feed searches for its header") {
    const std::string good =
        "[feed]\nname = t\npartner = dvz\nfiles = t_*.csv\nheader = search\naggregate = yes\n"
        "[date]\nfrom = file_name\nkind = day\n[area]\ncolumn = NIS\nmunicipalities = yes\n"
        "[values]\ntp.register.persons = Personen\n";
    const TabularFeed feed = feed_of(good);
    const auto r = read_with(feed, "t_20230205.csv",
                             "Register per gemeente;;\n;;\nNIS;Gemeente;Personen\n"
                             "11002;Antwerpen;100\n11005;Boom;5\n62063;Luik;7\n");
    CHECK(problems(r) == "");
    CHECK(total(r, "tp.register.persons", "BE21") == 105);
    CHECK(total(r, "tp.register.persons", "BE33") == 7);
    CHECK(r.observations.front().from.iso() == "2023-02-05");
}

TEST_CASE("a file name without the date its feed takes from it is refused") {
    const std::string def =
        "[feed]\nname = t\npartner = dvz\nfiles = t_*.csv\n"
        "[date]\nfrom = file_name\nkind = month\n[area]\nfixed = BE\n"
        "[values]\ntp.register.persons = n\n";
    const TabularFeed feed = feed_of(def);
    const auto r = read_with(feed, "t_latest.csv", "n\n5\n");
    CHECK(problems(r).find("the file name carries no month") != std::string::npos);
}

TEST_CASE("a long table names each row's indicator in a column, by its code or by the partner's own word") {
    const std::string def =
        "[feed]\nname = t\npartner = sciensano\nfiles = t_*.csv\n"
        "[date]\ncolumn = DATE\nkind = day\n[area]\ncolumn = REGION\n"
        "[long]\nindicator = WHAT\nvalue = N\nindicators = health.covid.deaths\n"
        "[long.names]\nDécès = health.covid.deaths\n";
    const TabularFeed feed = feed_of(def);
    const auto r = read_with(feed, "t_x.csv",
                             "DATE,REGION,WHAT,N\n2020-03-10,Brussels,health.covid.deaths,2\n"
                             "2020-03-11,Brussels,DECES,3\n");
    CHECK(problems(r) == "");
    CHECK(total(r, "health.covid.deaths", "BE1") == 5);
    const auto bad = read_with(feed, "t_x.csv", "DATE,REGION,WHAT,N\n2020-03-10,Brussels,Hospitalisations,2\n");
    CHECK(problems(bad).find("f:line 2, column 'WHAT': 'Hospitalisations' is no indicator of this feed") !=
          std::string::npos);
}

TEST_CASE("a row of the area the feed sums every row into is refused, not counted twice") {
    const TabularFeed feed = feed_of(kSciensanoFeed);
    const auto r = read_with(feed, "sciensano_COVID19BE_MORT.csv",
                             "DATE,REGION,AGEGROUP,SEX,DEATHS\n2020-03-10,Brussels,85+,F,1\n"
                             "2020-03-10,Belgium,85+,F,1\n");
    CHECK(problems(r).find("f:line 3, column 'REGION': 'Belgium' is BE, which the feed sums from every row") !=
          std::string::npos);
}

TEST_CASE("an area alias matches whatever the accents and letter case of the file") {
    const std::string def =
        "[feed]\nname = t\npartner = dvz\nfiles = t_*.csv\n"
        "[date]\nfrom = file_name\nkind = day\n[area]\ncolumn = zone\n"
        "[aliases]\nProvince de Liège = BE33\n[values]\ntp.register.persons = n\n";
    const TabularFeed feed = feed_of(def);
    const auto r = read_with(feed, "t_20230205.csv", "zone;n\nPROVINCE DE LIEGE;7\n");
    CHECK(problems(r) == "");
    CHECK(total(r, "tp.register.persons", "BE33") == 7);
}
