#include "adapters/dvz_decisions.h"

#include <doctest/doctest.h>

#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>

#include "adapters/adapter.h"

namespace sitrep {
namespace {

constexpr std::string_view kHeader =
    "beslissingsdatum;beslissing;nationaliteit;geslacht;leeftijdsgroep;gemeente_nis\n";

ParseResult parse_text(std::string_view text, size_t chunk = kDvzDecisionsChunkBytes) {
    std::istringstream in{std::string(text)};
    return parse_dvz_decisions(in, chunk);
}

ParseResult parse_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    REQUIRE(in);
    return parse_dvz_decisions(in);
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    REQUIRE(in);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// One line per observation and problem, so that two results compare with a readable diff.
std::string dump(const ParseResult& r) {
    std::string out;
    for (const Observation& o : r.observations)
        out += o.indicator + " " + o.area + " [" + breakdown_key(o.breakdown) + "] " +
               o.from.iso() + ".." + o.to.iso() + " = " + std::to_string(o.value) + " @ " +
               o.location + "\n";
    for (const Problem& p : r.problems)
        out += "problem " + p.location + ": " + p.message + " [" + p.raw + "]\n";
    out += "rows " + std::to_string(r.rows) + ", problems " + std::to_string(r.problem_count) +
           ", reference " + (r.reference_date ? r.reference_date->iso() : "none") + "\n";
    return out;
}

// The sum over all months of one indicator, area and breakdown (`sex=F`; empty: the headline).
double total(const ParseResult& r, std::string_view indicator, std::string_view area,
             std::string_view breakdown = "") {
    double sum = 0;
    for (const Observation& o : r.observations)
        if (o.indicator == indicator && o.area == area && breakdown_key(o.breakdown) == breakdown)
            sum += o.value;
    return sum;
}

// The observation of one month, or nullptr.
const Observation* in_month(const ParseResult& r, std::string_view indicator, std::string_view area,
                            std::string_view breakdown, std::string_view month) {
    for (const Observation& o : r.observations)
        if (o.indicator == indicator && o.area == area && breakdown_key(o.breakdown) == breakdown &&
            o.from.iso_month() == month)
            return &o;
    return nullptr;
}

std::string to_crlf(std::string_view text) {
    std::string out;
    for (char c : text) {
        if (c == '\n') out += '\r';
        out += c;
    }
    return out;
}

const Adapter* dvz_decisions_adapter() {
    for (const auto& a : adapters())
        if (a->feed() == "dvz.decisions") return a.get();
    return nullptr;
}

constexpr std::string_view kIssued = "tp.certificates.issued";
constexpr std::string_view kRefused = "tp.certificates.refused";

}  // namespace

TEST_CASE("the sample DVZ decisions file gives the expected certificate counts") {
    const ParseResult r =
        parse_file(SITREP_FIXTURES_DIR "/sample/inbox/dvz_tp_beslissingen_20230131.csv");
    REQUIRE(r.problem_count == 0);
    CHECK(r.rows == 66799);
    REQUIRE(r.reference_date);
    CHECK(r.reference_date->iso() == "2023-01-31");

    CHECK(total(r, kIssued, "BE") == 65221);
    const std::pair<const char*, double> months[] = {
        {"2022-03", 26507}, {"2022-04", 11035}, {"2022-05", 7278}, {"2022-06", 4300},
        {"2022-07", 3400},  {"2022-08", 3000},  {"2022-09", 2202}, {"2022-10", 2200},
        {"2022-11", 2000},  {"2022-12", 1735},  {"2023-01", 1564}};
    for (const auto& [month, value] : months) {
        CAPTURE(month);
        const Observation* o = in_month(r, kIssued, "BE", "", month);
        REQUIRE(o != nullptr);
        CHECK(o->value == value);
    }
    CHECK(in_month(r, kIssued, "BE", "", "2022-03")->from.iso() == "2022-03-10");
    CHECK(in_month(r, kIssued, "BE", "", "2023-01")->to.iso() == "2023-01-31");

    CHECK(total(r, kIssued, "BE1") == 13038);
    CHECK(total(r, kIssued, "BE2") == 38685);
    CHECK(total(r, kIssued, "BE3") == 13179);
    CHECK(total(r, kIssued, "BE", "area=unknown") == 319);
    CHECK(total(r, kIssued, "BE10") == 13038);
    CHECK(total(r, kIssued, "BE21") + total(r, kIssued, "BE22") + total(r, kIssued, "BE23") +
              total(r, kIssued, "BE24") + total(r, kIssued, "BE25") ==
          38685);
    CHECK(total(r, kIssued, "BE", "sex=F") + total(r, kIssued, "BE", "sex=M") +
              total(r, kIssued, "BE", "sex=X") ==
          65221);
    CHECK(total(r, kIssued, "BE", "age=0-17") + total(r, kIssued, "BE", "age=18-64") +
              total(r, kIssued, "BE", "age=65+") ==
          65221);

    CHECK(total(r, kRefused, "BE") == 1578);
    CHECK(total(r, kRefused, "BE", "nationality=UKR") == 1087);
    CHECK(total(r, kRefused, "BE", "nationality=other") == 491);
}

TEST_CASE("the sample DVZ decisions file gives the same result whatever the chunk size") {
    const std::string text =
        read_file(SITREP_FIXTURES_DIR "/sample/inbox/dvz_tp_beslissingen_20230131.csv");
    const std::string expected = dump(parse_text(text));
    for (const size_t chunk : {size_t{7}, size_t{41}, size_t{4099}, size_t{65536}}) {
        CAPTURE(chunk);
        CHECK(dump(parse_text(text, chunk)) == expected);
    }
}

TEST_CASE(
    "a DVZ decisions file with CRLF line ends and a trailing empty line gives the same "
    "counts") {
    const std::string text =
        read_file(SITREP_FIXTURES_DIR "/sample/inbox/dvz_tp_beslissingen_20230131.csv");
    const std::string expected = dump(parse_text(text));
    CHECK(dump(parse_text(to_crlf(text) + "\r\n")) == expected);
    CHECK(dump(parse_text(text + "\n")) == expected);
    SUBCASE("and so does one that starts with a byte-order mark") {
        CHECK(dump(parse_text("\xEF\xBB\xBF" + to_crlf(text))) == expected);
    }
    SUBCASE("and one whose last line has no line end") {
        CHECK(dump(parse_text(text.substr(0, text.size() - 1))) == expected);
    }
}

TEST_CASE("a row split across the chunk boundary is read as one row, for every split point") {
    const std::string text = std::string(kHeader) +
                             "10/03/2022;AFGEGEVEN;UKR;V;18-64;11029\r\n"
                             "10/03/2022;AFGEGEVEN;UKR;M;0-17;\r\n"
                             "11/03/2022;GEWEIGERD;RUS;X;65+;21004\r\n"
                             "12/03/2022;AFGEGEVN;UKR;V;18-64;11029\r\n"
                             "2022-04-01;afgegeven;ukr;v;18-64;62063\r\n"
                             "02.04.2022;AFGEGEVEN;UKR;V;18-64;9999\r\n"
                             "\r\n";
    const std::string expected = dump(parse_text(text));
    CHECK(expected.find("problem line 5:") != std::string::npos);
    CHECK(expected.find("problem line 7:") != std::string::npos);
    for (size_t chunk = 1; chunk <= text.size() + 1; ++chunk) {
        CAPTURE(chunk);
        CHECK(dump(parse_text(text, chunk)) == expected);
    }
}

TEST_CASE("a small DVZ decisions file is counted per month, region, province, sex and age") {
    const ParseResult r = parse_text(std::string(kHeader) +
                                     "05/03/2022;AFGEGEVEN;UKR;V;18-64;11002\n"
                                     "20/03/2022;AFGEGEVEN;UKR;M;0-17;21004\n"
                                     "02/04/2022;AFGEGEVEN;UKR;V;65+;11002\n");
    REQUIRE(r.problem_count == 0);
    CHECK(dump(r) ==
          "tp.certificates.issued BE [] 2022-03-05..2022-03-20 = 2.000000 @ lines 2-3\n"
          "tp.certificates.issued BE1 [] 2022-03-05..2022-03-20 = 1.000000 @ line 3\n"
          "tp.certificates.issued BE2 [] 2022-03-05..2022-03-20 = 1.000000 @ line 2\n"
          "tp.certificates.issued BE10 [] 2022-03-05..2022-03-20 = 1.000000 @ line 3\n"
          "tp.certificates.issued BE21 [] 2022-03-05..2022-03-20 = 1.000000 @ line 2\n"
          "tp.certificates.issued BE [sex=F] 2022-03-05..2022-03-20 = 1.000000 @ line 2\n"
          "tp.certificates.issued BE [sex=M] 2022-03-05..2022-03-20 = 1.000000 @ line 3\n"
          "tp.certificates.issued BE [age=0-17] 2022-03-05..2022-03-20 = 1.000000 @ line 3\n"
          "tp.certificates.issued BE [age=18-64] 2022-03-05..2022-03-20 = 1.000000 @ line 2\n"
          "tp.certificates.issued BE [] 2022-04-02..2022-04-02 = 1.000000 @ line 4\n"
          "tp.certificates.issued BE2 [] 2022-04-02..2022-04-02 = 1.000000 @ line 4\n"
          "tp.certificates.issued BE21 [] 2022-04-02..2022-04-02 = 1.000000 @ line 4\n"
          "tp.certificates.issued BE [sex=F] 2022-04-02..2022-04-02 = 1.000000 @ line 4\n"
          "tp.certificates.issued BE [age=65+] 2022-04-02..2022-04-02 = 1.000000 @ line 4\n"
          "rows 3, problems 0, reference 2022-04-02\n");
}

TEST_CASE("a decision without municipality counts for Belgium as area unknown, in no region") {
    const ParseResult r = parse_text(std::string(kHeader) +
                                     "10/03/2022;AFGEGEVEN;UKR;V;18-64;\n"
                                     "10/03/2022;AFGEGEVEN;UKR;V;18-64;11002\n");
    REQUIRE(r.problem_count == 0);
    CHECK(total(r, kIssued, "BE") == 2);
    CHECK(total(r, kIssued, "BE", "area=unknown") == 1);
    CHECK(total(r, kIssued, "BE2") == 1);
    CHECK(total(r, kIssued, "BE1") == 0);
    CHECK(total(r, kIssued, "BE3") == 0);
}

TEST_CASE("refusals are counted by nationality, UKR and other, and issued ones are not") {
    const ParseResult r = parse_text(std::string(kHeader) +
                                     "10/03/2022;GEWEIGERD;UKR;V;18-64;11002\n"
                                     "10/03/2022;GEWEIGERD;RUS;M;18-64;\n"
                                     "10/03/2022;GEWEIGERD;MDA;M;18-64;21004\n"
                                     "10/03/2022;AFGEGEVEN;BLR;M;18-64;21004\n");
    REQUIRE(r.problem_count == 0);
    CHECK(total(r, kRefused, "BE") == 3);
    CHECK(total(r, kRefused, "BE", "nationality=UKR") == 1);
    CHECK(total(r, kRefused, "BE", "nationality=other") == 2);
    CHECK(total(r, kIssued, "BE") == 1);
    CHECK(total(r, kRefused, "BE2") == 0);  // refusals are reported for Belgium only
    const Observation* other = in_month(r, kRefused, "BE", "nationality=other", "2022-03");
    REQUIRE(other != nullptr);
    CHECK(other->location == "lines 3-4");
}

TEST_CASE("a month with refusals only still has its refusal headline and no issued one") {
    const ParseResult r = parse_text(std::string(kHeader) +
                                     "10/03/2022;AFGEGEVEN;UKR;V;18-64;11002\n"
                                     "10/04/2022;GEWEIGERD;UKR;V;18-64;11002\n");
    REQUIRE(r.problem_count == 0);
    CHECK(in_month(r, kRefused, "BE", "", "2022-04") != nullptr);
    CHECK(in_month(r, kIssued, "BE", "", "2022-04") == nullptr);
    CHECK(in_month(r, kRefused, "BE", "", "2022-03") == nullptr);
}

TEST_CASE("dates in dd/mm/yyyy, yyyy-mm-dd and dd.mm.yyyy give the same day") {
    for (const char* date : {"10/03/2022", "2022-03-10", "10.03.2022", "10/3/2022"}) {
        CAPTURE(date);
        const ParseResult r =
            parse_text(std::string(kHeader) + date + ";AFGEGEVEN;UKR;V;18-64;11002\n");
        REQUIRE(r.problem_count == 0);
        REQUIRE(r.observations.size() > 0);
        CHECK(r.observations[0].from.iso() == "2022-03-10");
        CHECK(r.observations[0].to.iso() == "2022-03-10");
    }
}

TEST_CASE("each kind of bad row is a problem with its line number, its raw text and a reason") {
    struct Case {
        std::string row;
        std::string message;
    };
    const Case cases[] = {
        {"10/03/2022;AFGEGEVN;UKR;V;18-64;11029",
         "unknown decision 'AFGEGEVN' (expected AFGEGEVEN or GEWEIGERD)"},
        {"10/03/2022;;UKR;V;18-64;11029", "beslissing is empty (expected AFGEGEVEN or GEWEIGERD)"},
        {"31/02/2023;AFGEGEVEN;UKR;V;18-64;11029", "date '31/02/2023' is not a real day"},
        {"2023/02/01;AFGEGEVEN;UKR;V;18-64;11029",
         "date '2023/02/01' is not in a known form (dd/mm/yyyy, dd.mm.yyyy or yyyy-mm-dd)"},
        {"01/01/1800;AFGEGEVEN;UKR;V;18-64;11029",
         "date '01/01/1800' has a year outside 1900-2200"},
        {";AFGEGEVEN;UKR;V;18-64;11029",
         "beslissingsdatum is empty (expected a date such as 31/01/2023)"},
        {"10/03/2022;AFGEGEVEN;UKR;V;18-64;9999", "gemeente_nis '9999' is not a 5-digit NIS code"},
        {"10/03/2022;AFGEGEVEN;UKR;V;18-64;1102A",
         "gemeente_nis '1102A' is not a 5-digit NIS code"},
        {"10/03/2022;AFGEGEVEN;UKR;V;18-64;99001", "NIS code '99001' names no Belgian province"},
        {"10/03/2022;AFGEGEVEN;UKR;V;18-64", "6 fields expected, found 5"},
        {"10/03/2022;AFGEGEVEN;UKR;V;18-64;11029;x", "6 fields expected, found 7"},
        {"10/03/2022,AFGEGEVEN,UKR,V,18-64,11029",
         "6 fields expected, found 1 (fields are separated by ';', not ',')"},
        {"10/03/2022;AFGEGEVEN;UA;V;18-64;11029",
         "nationaliteit 'UA' is not an ISO 3166 alpha-3 code (three letters such as UKR)"},
        {"10/03/2022;AFGEGEVEN;;V;18-64;11029",
         "nationaliteit is empty (expected an ISO 3166 alpha-3 code such as UKR)"},
        {"10/03/2022;AFGEGEVEN;UKR;F;18-64;11029", "geslacht 'F' is not M, V (vrouw) or X"},
        {"10/03/2022;AFGEGEVEN;UKR;V;18-65;11029",
         "leeftijdsgroep '18-65' is not 0-17, 18-64 or 65+"},
    };
    for (const Case& c : cases) {
        CAPTURE(c.row);
        for (const char* end : {"\n", "\r\n"}) {
            const ParseResult r =
                parse_text(std::string(kHeader) + "10/03/2022;AFGEGEVEN;UKR;V;18-64;11029\n" +
                           c.row + end + "11/03/2022;AFGEGEVEN;UKR;V;18-64;11029\n");
            REQUIRE(r.problem_count == 1);
            CHECK(r.problems[0].location == "line 3");
            CHECK(r.problems[0].message == c.message);
            CHECK(r.problems[0].raw == c.row);
            CHECK(r.rows == 3);
            CHECK(total(r, kIssued, "BE") == 2);  // parsing went on past the bad row
        }
    }
}

TEST_CASE("a header in the middle of the rows is a problem that suggests two joined files") {
    const ParseResult r =
        parse_text(std::string(kHeader) +
                   "10/03/2022;AFGEGEVEN;UKR;V;18-64;11029\r\n"
                   "\xEF\xBB\xBF" +
                   std::string(kHeader) + "11/03/2022;AFGEGEVEN;UKR;V;18-64;11029\r\n");
    REQUIRE(r.problem_count == 1);
    CHECK(r.problems[0].location == "line 3");
    CHECK(r.problems[0].message == "the header appears again: were two files joined into one?");
}

TEST_CASE("every bad row is counted, not only the first") {
    std::string text(kHeader);
    for (int i = 0; i < 120; ++i) text += "10/03/2022;AFGEGEVEN;UKR;V;18-64;11029\n";
    for (int i = 0; i < 60; ++i) text += "10/03/2022;AFGEGEVN;UKR;V;18-64;11029\n";
    const ParseResult r = parse_text(text);
    CHECK(r.problem_count == 60);
    CHECK(r.problems.size() == ParseResult::kMaxListed);
    CHECK(r.problems.front().location == "line 122");
    CHECK(r.rows == 180);
}

TEST_CASE("a line that is not UTF-8 is a problem that says the file must be UTF-8") {
    const ParseResult r =
        parse_text(std::string(kHeader) + "10/03/2022;AFGEGEVEN;UKR;V;18-64;Li\xE8ge\n");
    REQUIRE(r.problem_count == 1);
    CHECK(r.problems[0].location == "line 2");
    CHECK(r.problems[0].message ==
          "the line is not valid UTF-8 (byte 0xE8 at column 36): the file must be saved as UTF-8");
    CHECK(r.problems[0].raw == "10/03/2022;AFGEGEVEN;UKR;V;18-64;Li\\xE8ge");
}

TEST_CASE("a line longer than 4096 bytes is a problem, wherever the chunks split it") {
    const std::string text = std::string(kHeader) + "10/03/2022;AFGEGEVEN;UKR;V;18-64;11029\n" +
                             std::string(5000, 'x') + "\n" + std::string(4096, 'y') + "\n" +
                             std::string(4097, 'z') + "\r\n" +
                             "11/03/2022;AFGEGEVEN;UKR;V;18-64;11029\n" + std::string(9000, 'w');
    for (const size_t chunk :
         {size_t{1}, size_t{100}, size_t{4097}, size_t{5000}, kDvzDecisionsChunkBytes}) {
        CAPTURE(chunk);
        const ParseResult r = parse_text(text, chunk);
        REQUIRE(r.problem_count == 4);
        CHECK(r.problems[0].location == "line 3");
        CHECK(r.problems[0].message == "line is longer than 4096 bytes");
        CHECK(r.problems[0].raw.size() < 130);
        CHECK(r.problems[1].location == "line 4");
        CHECK(r.problems[1].message == "6 fields expected, found 1");
        CHECK(r.problems[2].location == "line 5");
        CHECK(r.problems[2].message == "line is longer than 4096 bytes");
        CHECK(r.problems[3].location == "line 7");
        CHECK(r.problems[3].message == "line is longer than 4096 bytes");
        CHECK(r.rows == 6);
        const Observation* o = in_month(r, kIssued, "BE", "", "2022-03");
        REQUIRE(o != nullptr);
        CHECK(o->location == "lines 2-6");
    }
}

TEST_CASE("a wrong or missing header is one problem at line 1 and parsing stops") {
    const std::string rows =
        "10/03/2022;AFGEGEVEN;UKR;V;18-64;11029\n"
        "10/03/2022;AFGEGEVN;UKR;V;18-64;11029\n";
    SUBCASE("a column renamed") {
        const ParseResult r = parse_text(
            "datum;beslissing;nationaliteit;geslacht;leeftijdsgroep;gemeente_nis\n" + rows);
        REQUIRE(r.problem_count == 1);
        CHECK(r.problems[0].location == "line 1");
        CHECK(r.problems[0].message ==
              "header must be "
              "'beslissingsdatum;beslissing;nationaliteit;geslacht;leeftijdsgroep;gemeente_nis'; "
              "found 'datum;beslissing;nationaliteit;geslacht;leeftijdsgroep;gemeente_nis'");
        CHECK(r.observations.empty());
        CHECK(r.rows == 0);
    }
    SUBCASE("no header at all") {
        const ParseResult r = parse_text(rows);
        REQUIRE(r.problem_count == 1);
        CHECK(r.problems[0].location == "line 1");
        CHECK(r.problems[0].message.ends_with("found '10/03/2022;AFGEGEVEN;UKR;V;18-64;11029'"));
        CHECK(r.observations.empty());
    }
    SUBCASE("a header line longer than 4096 bytes") {
        const ParseResult r = parse_text(std::string(10000, 'h') + "\n" + rows, 1024);
        REQUIRE(r.problem_count == 1);
        CHECK(r.problems[0].location == "line 1");
        CHECK(r.problems[0].message.ends_with("found a line longer than 4096 bytes"));
    }
    SUBCASE("a header that is not UTF-8") {
        const ParseResult r = parse_text("beslissingsdatum;beslissing\xE9\n" + rows);
        REQUIRE(r.problem_count == 1);
        CHECK(r.problems[0].message ==
              "the header is not valid UTF-8 (byte 0xE9 at column 28): the file must be saved "
              "as UTF-8");
    }
    SUBCASE("a file saved as UTF-16") {
        const ParseResult r = parse_text(std::string("\xFF\xFE"
                                                     "b\0e\0",
                                                     6) +
                                         "\n" + rows);
        REQUIRE(r.problem_count == 1);
        CHECK(r.problems[0].message == "the file is UTF-16: it must be saved as UTF-8");
    }
}

TEST_CASE("a header in capitals or with quoted names is still the DVZ header") {
    const ParseResult r = parse_text(
        "\"BESLISSINGSDATUM\";\"Beslissing\";nationaliteit;geslacht;leeftijdsgroep;gemeente_nis\n"
        "10/03/2022;AFGEGEVEN;UKR;V;18-64;11029\n");
    CHECK(r.problem_count == 0);
    CHECK(total(r, kIssued, "BE") == 1);
}

TEST_CASE("an empty DVZ decisions file is a problem") {
    for (const char* text : {"", "\xEF\xBB\xBF", "\r\n\r\n"}) {
        CAPTURE(text);
        const ParseResult r = parse_text(text);
        REQUIRE(r.problem_count == 1);
        CHECK(r.problems[0].message == "the file is empty");
        CHECK(r.observations.empty());
    }
}

TEST_CASE("a DVZ decisions file with a header and no rows is valid and gives no figures") {
    const ParseResult r = parse_text(kHeader);
    CHECK(r.problem_count == 0);
    CHECK(r.observations.empty());
    CHECK(r.rows == 0);
    CHECK_FALSE(r.reference_date);
}

TEST_CASE("the DVZ decisions adapter claims the decisions files, their copies and corrections") {
    const Adapter* a = dvz_decisions_adapter();
    REQUIRE(a != nullptr);
    CHECK(a->partner("dvz_tp_beslissingen_20230131.csv") == "dvz");
    for (const char* name :
         {"dvz_tp_beslissingen_20230131.csv", "dvz_tp_beslissingen_20230131_v2.csv",
          "dvz_tp_beslissingen_20230131_v3.csv", "dvz_tp_beslissingen_20230131 (1).csv",
          "DVZ_TP_BESLISSINGEN_20230131.CSV", "inbox/dvz_tp_beslissingen_20230131.csv"}) {
        CAPTURE(name);
        CHECK(a->accepts(name));
        CHECK(adapter_for(name) == a);
    }
    for (const char* name : {"dvz_tp_register_20230205.csv", "dvz_tp_beslissingen_20230131.xlsx",
                             "tp_beslissingen_20230131.csv"}) {
        CAPTURE(name);
        CHECK_FALSE(a->accepts(name));
    }
}

TEST_CASE("a DVZ decisions file without rows takes its reference date from its name") {
    const Adapter* a = dvz_decisions_adapter();
    REQUIRE(a != nullptr);
    std::istringstream in{std::string(kHeader)};
    const ParseResult r = a->parse("dvz_tp_beslissingen_20230205_v2.csv", in);
    CHECK(r.problem_count == 0);
    REQUIRE(r.reference_date);
    CHECK(r.reference_date->iso() == "2023-02-05");
}

TEST_CASE("the good DVZ decisions fixture gives every figure it holds") {
    const ParseResult r = parse_file(SITREP_FIXTURES_DIR "/dvz/dvz_tp_beslissingen_20230215.csv");
    CHECK(dump(r) ==
          "tp.certificates.issued BE [] 2023-01-30..2023-01-31 = 3.000000 @ lines 2-5\n"
          "tp.certificates.issued BE1 [] 2023-01-30..2023-01-31 = 1.000000 @ line 3\n"
          "tp.certificates.issued BE2 [] 2023-01-30..2023-01-31 = 1.000000 @ line 2\n"
          "tp.certificates.issued BE10 [] 2023-01-30..2023-01-31 = 1.000000 @ line 3\n"
          "tp.certificates.issued BE21 [] 2023-01-30..2023-01-31 = 1.000000 @ line 2\n"
          "tp.certificates.issued BE [area=unknown] 2023-01-30..2023-01-31 = 1.000000 @ line 5\n"
          "tp.certificates.issued BE [sex=F] 2023-01-30..2023-01-31 = 1.000000 @ line 2\n"
          "tp.certificates.issued BE [sex=M] 2023-01-30..2023-01-31 = 1.000000 @ line 3\n"
          "tp.certificates.issued BE [sex=X] 2023-01-30..2023-01-31 = 1.000000 @ line 5\n"
          "tp.certificates.issued BE [age=0-17] 2023-01-30..2023-01-31 = 1.000000 @ line 3\n"
          "tp.certificates.issued BE [age=18-64] 2023-01-30..2023-01-31 = 1.000000 @ line 2\n"
          "tp.certificates.issued BE [age=65+] 2023-01-30..2023-01-31 = 1.000000 @ line 5\n"
          "tp.certificates.refused BE [] 2023-01-30..2023-01-31 = 1.000000 @ line 4\n"
          "tp.certificates.refused BE [nationality=other] 2023-01-30..2023-01-31 = 1.000000 @ "
          "line 4\n"
          "tp.certificates.issued BE [] 2023-02-01..2023-02-15 = 4.000000 @ lines 6-10\n"
          "tp.certificates.issued BE2 [] 2023-02-01..2023-02-15 = 1.000000 @ line 7\n"
          "tp.certificates.issued BE3 [] 2023-02-01..2023-02-15 = 3.000000 @ lines 6-10\n"
          "tp.certificates.issued BE23 [] 2023-02-01..2023-02-15 = 1.000000 @ line 7\n"
          "tp.certificates.issued BE31 [] 2023-02-01..2023-02-15 = 1.000000 @ line 10\n"
          "tp.certificates.issued BE33 [] 2023-02-01..2023-02-15 = 1.000000 @ line 6\n"
          "tp.certificates.issued BE35 [] 2023-02-01..2023-02-15 = 1.000000 @ line 9\n"
          "tp.certificates.issued BE [sex=F] 2023-02-01..2023-02-15 = 3.000000 @ lines 6-9\n"
          "tp.certificates.issued BE [sex=M] 2023-02-01..2023-02-15 = 1.000000 @ line 10\n"
          "tp.certificates.issued BE [age=0-17] 2023-02-01..2023-02-15 = 1.000000 @ line 6\n"
          "tp.certificates.issued BE [age=18-64] 2023-02-01..2023-02-15 = 2.000000 @ lines 7-10\n"
          "tp.certificates.issued BE [age=65+] 2023-02-01..2023-02-15 = 1.000000 @ line 9\n"
          "tp.certificates.refused BE [] 2023-02-01..2023-02-15 = 1.000000 @ line 8\n"
          "tp.certificates.refused BE [nationality=UKR] 2023-02-01..2023-02-15 = 1.000000 @ "
          "line 8\n"
          "rows 9, problems 0, reference 2023-02-15\n");
}

TEST_CASE("the bad DVZ decisions fixture lists every bad row with its line and reason") {
    const ParseResult r =
        parse_file(SITREP_FIXTURES_DIR "/dvz/dvz_tp_beslissingen_20230216_bad.csv");
    const std::pair<const char*, const char*> expected[] = {
        {"line 3", "unknown decision 'AFGEGEVN' (expected AFGEGEVEN or GEWEIGERD)"},
        {"line 4", "date '31/02/2023' is not a real day"},
        {"line 5", "gemeente_nis '9999' is not a 5-digit NIS code"},
        {"line 6", "NIS code '99001' names no Belgian province"},
        {"line 7", "6 fields expected, found 5"},
        {"line 8", "geslacht 'F' is not M, V (vrouw) or X"},
        {"line 9", "leeftijdsgroep '18-65' is not 0-17, 18-64 or 65+"},
        {"line 10",
         "nationaliteit 'Oekraïne' is not an ISO 3166 alpha-3 code (three letters such as UKR)"},
        {"line 12",
         "the line is not valid UTF-8 (byte 0xE8 at column 36): the file must be saved as UTF-8"},
    };
    REQUIRE(r.problem_count == std::size(expected));
    for (size_t i = 0; i < std::size(expected); ++i) {
        CAPTURE(i);
        CHECK(r.problems[i].location == expected[i].first);
        CHECK(r.problems[i].message == expected[i].second);
    }
    CHECK(r.rows == 11);
}

}  // namespace sitrep
