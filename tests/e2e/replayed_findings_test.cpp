// Findings on replayed days of a generated year, one kind at a time: each raised when a
// delivery gives it cause (a feed held back, an edited or corrected file), on the report of the
// day that delivery arrives, and not raised on the days before it or without the edit.
// late_partner, implausible_jump and the raised case of regions_vs_national are in
// replayed_days_test.cpp.
#include <functional>

#include "tests/e2e/replay_support.h"

using namespace sitrep;
using namespace sitrep::test;

namespace {

// The findings of one kind in the report of `day`, whole: the replay's own view has no
// indicator or area.
std::vector<Poco::JSON::Object::Ptr> all_of(const YearReplay& y, Date day, const std::string& kind,
                                            const char* list = "findings") {
    std::vector<Poco::JSON::Object::Ptr> out;
    auto all = y.manifest(day)->getArray(list);
    for (size_t i = 0; i < all->size(); ++i) {
        const auto f = all->getObject(static_cast<unsigned>(i));
        if (f->getValue<std::string>("kind") == kind) out.push_back(f);
    }
    return out;
}

// Those about one indicator and area.
std::vector<Poco::JSON::Object::Ptr> about(const YearReplay& y, Date day, const std::string& kind,
                                           const std::string& indicator, const std::string& area) {
    std::vector<Poco::JSON::Object::Ptr> out;
    for (const auto& f : all_of(y, day, kind))
        if (f->getValue<std::string>("indicator") == indicator &&
            f->getValue<std::string>("area") == area)
            out.push_back(f);
    return out;
}

// The first day from `from` on whose generated files include one starting with `prefix`, and
// that file's name.
std::pair<Date, std::string> first_file(const YearReplay& y, Date from, const std::string& prefix) {
    for (Date d = from; d <= on("2023-02-28"); d = d + 1)
        for (const auto& f : y.files_of(d))
            if (f.rfind(prefix, 0) == 0) return {d, f};
    FAIL("no file " << prefix << " from " << from.iso());
    return {from, ""};
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> out;
    std::stringstream in(text);
    for (std::string line; std::getline(in, line);) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        out.push_back(line);
    }
    return out;
}

std::vector<std::string> cells_of(const std::string& line, char sep) {
    std::vector<std::string> out;
    std::stringstream in(line);
    for (std::string cell; std::getline(in, cell, sep);) out.push_back(cell);
    return out;
}

std::string joined(const std::vector<std::string>& cells, char sep) {
    std::string out;
    for (const auto& c : cells) out += (out.empty() ? "" : std::string(1, sep)) + c;
    return out;
}

// '1.234' (the partners' thousands separator) as a number, and back.
long count_of(const std::string& belgian) {
    std::string digits;
    for (char c : belgian)
        if (c != '.') digits += c;
    return std::stol(digits);
}

std::string belgian(long n) {
    const std::string digits = std::to_string(n);
    std::string out;
    for (size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += '.';
        out += digits[i];
    }
    return out;
}

// A VDAB job-seekers file as its rows after the header, without its BOM, with its separator.
struct VdabFile {
    std::string header;
    char sep = ';';
    std::vector<std::vector<std::string>> rows;  // maand, provincie, ingeschreven, ...

    explicit VdabFile(std::string text) {
        if (text.rfind("\xEF\xBB\xBF", 0) == 0) text = text.substr(3);
        auto lines = lines_of(text);
        header = lines.at(0);
        sep = header.find(',') != std::string::npos ? ',' : ';';
        for (size_t i = 1; i < lines.size(); ++i)
            if (!lines[i].empty()) rows.push_back(cells_of(lines[i], sep));
    }
    std::vector<std::string>* row(const std::string& province) {
        for (auto& r : rows)
            if (r.at(1) == province) return &r;
        return nullptr;
    }
    void remove(const std::string& province) {
        rows.erase(std::remove_if(rows.begin(), rows.end(),
                                  [&](const auto& r) { return r.at(1) == province; }),
                   rows.end());
    }
    std::string text() const {
        std::string out = "\xEF\xBB\xBF" + header + "\n";
        for (const auto& r : rows) out += joined(r, sep) + "\n";
        return out;
    }
};

// `text` without its empty lines, and each line holding `marker` rewritten by `change` on its
// cells (split at `sep`).
std::string with_cells_changed(const std::string& text, const std::string& marker, char sep,
                               const std::function<void(std::vector<std::string>&)>& change) {
    std::string out;
    for (auto& line : lines_of(text)) {
        if (line.find(marker) != std::string::npos) {
            auto cells = cells_of(line, sep);
            change(cells);
            line = joined(cells, sep);
        }
        if (!line.empty()) out += line + "\n";
    }
    return out;
}

// Replays the two days before `day` without `file`; then `file` arrives on `day` as `edit`
// makes it of its generated bytes, and `day` and the `after` days after it are run.
void replay_edited(YearReplay& y, Date day, const std::string& file,
                   const std::function<std::string(const std::string&)>& edit, int after = 1) {
    y.deliver = [file](const std::string& f) { return f != file; };
    y.deliver_before(day + -2);
    y.run_days(day + -2, day + -1);
    y.drop(file, edit(y.generated(day, file)));
    y.run_days(day, day + after);
}

// An HXL file with rows added at its end.
std::string with_rows(const std::string& hxl, const std::vector<std::string>& rows) {
    std::string out = hxl;
    for (const auto& r : rows) out += r + "\n";
    return out;
}

}  // namespace

TEST_CASE("a feed held back from the first day is missing after its grace, persisting while "
          "missing, and cleared the day it sends") {
    YearReplay y(11);
    // Fedasil's workbooks come every Monday from 7 March; its grace is 14 days from the first
    // report (1 March), so on 16 March something was due and nothing came.
    y.deliver = [](const std::string& f) { return f.rfind("fedasil_", 0) != 0; };
    y.run_days(on("2022-03-01"), on("2022-03-20"));

    for (Date d = on("2022-03-01"); d <= on("2022-03-15"); d = d + 1)
        CHECK_MESSAGE(y.findings(d, "missing_partner").empty(), d.iso());
    const auto first = y.findings(on("2022-03-16"), "missing_partner");
    REQUIRE(first.size() == 1);
    CHECK(first[0].feed == "fedasil.reception");
    CHECK(first[0].news == "new");
    CHECK(first[0].since == y.number(on("2022-03-16")));
    for (Date d = on("2022-03-17"); d <= on("2022-03-20"); d = d + 1) {
        const auto again = y.findings(d, "missing_partner");
        REQUIRE_MESSAGE(again.size() == 1, d.iso());
        CHECK(again[0].feed == "fedasil.reception");
        CHECK(again[0].news == "persisting");
        CHECK(again[0].since == y.number(on("2022-03-16")));
    }

    // The workbook of 21 March arrives: the feed is on time, the finding listed as cleared.
    y.deliver = [](const std::string&) { return true; };
    y.run_day(on("2022-03-21"));
    CHECK(y.findings(on("2022-03-21"), "missing_partner").empty());
    const auto cleared = y.findings(on("2022-03-21"), "missing_partner", "cleared");
    REQUIRE(cleared.size() == 1);
    CHECK(cleared[0].feed == "fedasil.reception");
}

TEST_CASE("an education file whose job-seekers by sex do not add up to their total raises "
          "breakdown_vs_total that day, and the same days unedited raise none") {
    // The education departments may report job-seekers, by sex: a file with a sex column
    // whose women and men (3,000 and 1,900) fall short of the 5,000 it gives as total.
    const auto edited = [](const std::string& hxl, Date day) {
        auto lines = lines_of(hxl);
        std::string out;
        for (size_t i = 0; i < lines.size(); ++i)
            if (!lines[i].empty())
                out += lines[i] + (i == 0 ? ",Sex" : i == 1 ? ",#meta+sex" : ",") + "\n";
        for (const auto& [sex, n] : std::vector<std::pair<std::string, int>>{
                 {"", 5000}, {"F", 3000}, {"M", 1900}})
            out += day.iso() + ",BE1,employment.jobseekers.registered,," + std::to_string(n) +
                   ",perspective.brussels," + sex + "\n";
        return out;
    };
    for (const bool edit : {false, true}) {
        CAPTURE(edit);
        YearReplay y(12);
        const auto [day, file] = first_file(y, on("2022-04-01"), "education_");
        y.deliver = [file = file, edit](const std::string& f) { return !edit || f != file; };
        y.deliver_before(day + -2);
        y.run_days(day + -2, day + -1);
        if (edit) y.drop(file, edited(y.generated(day, file), day));
        y.run_days(day, day + 1);

        for (Date d = day + -2; d <= day + 1; d = d + 1)
            if (!edit || d < day) CHECK_MESSAGE(all_of(y, d, "breakdown_vs_total").empty(), d.iso());
        if (!edit) continue;
        const auto raised = all_of(y, day, "breakdown_vs_total");
        REQUIRE(raised.size() == 1);
        CHECK(raised[0]->getValue<std::string>("indicator") == "employment.jobseekers.registered");
        CHECK(raised[0]->getValue<std::string>("area") == "BE1");
        CHECK(raised[0]->getValue<std::string>("period") == day.iso());
        CHECK(raised[0]->getValue<double>("expected") == 5000);
        CHECK(raised[0]->getValue<double>("actual") == 4900);
        CHECK(raised[0]->getValue<std::string>("news") == "new");
        // The file stays the newest word on that day: the finding stands the next morning.
        const auto next = all_of(y, day + 1, "breakdown_vs_total");
        REQUIRE(next.size() == 1);
        CHECK(next[0]->getValue<std::string>("news") == "persisting");
    }
}

TEST_CASE("Actiris' share of women among its job-seekers who worked is a share mismatch the day "
          "the education departments send a count of those women that is off it; a count that "
          "matches is none") {
    // Actiris sends the share only. The operator lets the education departments report the
    // job-seekers who worked too: perspective.brussels' file may then give the women's count
    // for Actiris' day, which with Actiris' total makes the share it should be.
    YearReplay y(16);
    const fs::path catalogue = fs::path(y.state()).parent_path() / "catalogue";
    fs::copy(fs::path(SITREP_SOURCE_DIR) / "catalogue", catalogue, fs::copy_options::recursive);
    const std::string granted =
        "indicators = education.pupils.enrolled, employment.jobseekers.registered";
    std::string partners = slurp((catalogue / "partners.ini").string());
    const size_t at = partners.find(granted);
    REQUIRE(at != std::string::npos);
    partners.insert(at + granted.size(), ", employment.jobseekers.worked");
    std::ofstream(catalogue / "partners.ini") << partners;
    y.run_options = " --catalogue " + catalogue.string();
    // A number of Actiris' file: `"found_job": 123`.
    const auto number_of = [](const std::string& json, const std::string& field) {
        const size_t at = json.find("\"" + field + "\":");
        REQUIRE(at != std::string::npos);
        return std::stod(json.substr(json.find_first_of("0123456789", at + field.size() + 3)));
    };
    // The first Actiris file with a hundred or more who worked: a count's rounding then keeps
    // the share it makes within the share's tolerance (0.005).
    auto [actiris_day, actiris] = first_file(y, on("2022-04-01"), "actiris_ukraine_");
    while (number_of(y.generated(actiris_day, actiris), "found_job") < 100)
        std::tie(actiris_day, actiris) = first_file(y, actiris_day + 1, "actiris_ukraine_");
    const std::string json = y.generated(actiris_day, actiris);
    const double worked = number_of(json, "found_job");
    const double share = number_of(json, "found_job_women_share");
    // A count a tenth below the share is a count of women.
    REQUIRE(share >= 0.1);
    const auto [first_day, first] = first_file(y, actiris_day, "education_");
    const auto [next_day, next] = first_file(y, first_day + 1, "education_");
    const std::string date = actiris.substr(16, 10);
    // The education file with a sex column, and the women who worked on Actiris' day.
    const auto with_women = [&](const std::string& hxl, long women) {
        auto lines = lines_of(hxl);
        std::string out;
        for (size_t i = 0; i < lines.size(); ++i)
            if (!lines[i].empty())
                out += lines[i] + (i == 0 ? ",Sex" : i == 1 ? ",#meta+sex" : ",") + "\n";
        return out + date + ",BE1,employment.jobseekers.worked,," + std::to_string(women) +
               ",perspective.brussels,F\n";
    };
    const long matching = std::lround(worked * share);
    const long off = std::lround(worked * (share - 0.1));

    y.deliver = [first = first, next = next](const std::string& f) {
        return f != first && f != next;
    };
    y.deliver_before(first_day + -1);
    y.run_day(first_day + -1);
    y.drop(first, with_women(y.generated(first_day, first), matching));
    y.run_days(first_day, next_day + -1);
    y.drop(next, with_women(y.generated(next_day, next), off));
    y.run_days(next_day, next_day + 1);

    for (Date d = first_day + -1; d < next_day; d = d + 1)
        CHECK_MESSAGE(all_of(y, d, "share_mismatch").empty(), d.iso());
    const auto raised = all_of(y, next_day, "share_mismatch");
    REQUIRE(raised.size() == 1);
    CHECK(raised[0]->getValue<std::string>("indicator") == "employment.jobseekers.worked");
    CHECK(raised[0]->getValue<std::string>("area") == "BE1");
    CHECK(raised[0]->getValue<std::string>("period") == date);
    CHECK(raised[0]->getValue<double>("actual") == doctest::Approx(share));
    CHECK(raised[0]->getValue<double>("expected") == doctest::Approx(off / worked));
    CHECK(raised[0]->getValue<std::string>("news") == "new");
    const auto again = all_of(y, next_day + 1, "share_mismatch");
    REQUIRE(again.size() == 1);
    CHECK(again[0]->getValue<std::string>("news") == "persisting");
}

TEST_CASE("a corrected DVZ file of figures already published is a revision once, in the first "
          "report that knows it, and not before or after") {
    YearReplay y(13);
    // The seed's first correction: the decisions file of 18 March, corrected on 24 March.
    const auto [fixed_day, fixed] = first_file(y, on("2022-03-10"), "dvz_tp_beslissingen_20220318_v2");
    REQUIRE(fixed_day == on("2022-03-24"));
    y.deliver_before(on("2022-03-21"));
    y.run_days(on("2022-03-21"), on("2022-03-28"));

    for (Date d = on("2022-03-21"); d <= on("2022-03-28"); d = d + 1) {
        if (d == fixed_day) continue;
        CHECK_MESSAGE(y.findings(d, "revision").empty(), d.iso());
    }
    const auto raised = all_of(y, fixed_day, "revision");
    REQUIRE(raised.size() >= 1);
    for (const auto& r : raised) {
        CHECK(r->getValue<std::string>("indicator").rfind("tp.certificates.", 0) == 0);
        CHECK(r->getValue<std::string>("period").rfind("2022-03", 0) == 0);
        CHECK(r->getValue<std::string>("news") == "new");
        CHECK(r->getValue<std::string>("message").find(fixed) != std::string::npos);
        // The file of 18 March was in the reports of 21 to 23 March.
        CHECK(r->getValue<std::string>("severity") == "warning");
    }
}

TEST_CASE("a value left empty in an education file is not reported from the day it arrives, "
          "and nothing is not reported before") {
    YearReplay y(14);
    // May's education file; April's, with every value given, is in the reports before.
    const auto [day, file] = first_file(y, on("2022-05-01"), "education_");
    // Flanders' pupils in higher education, outside its total: left empty, the total still adds up.
    replay_edited(y, day, file, [](const std::string& generated) {
        const std::string edited = with_cells_changed(
            generated, ",BE2,education.pupils.enrolled,higher,", ',',
            [](std::vector<std::string>& cells) { cells.at(4).clear(); });
        REQUIRE(edited != generated);
        return edited;
    });

    CHECK(all_of(y, day + -2, "not_reported").empty());
    CHECK(all_of(y, day + -1, "not_reported").empty());
    const auto raised = all_of(y, day, "not_reported");
    REQUIRE(raised.size() == 1);
    CHECK(raised[0]->getValue<std::string>("indicator") == "education.pupils.enrolled");
    CHECK(raised[0]->getValue<std::string>("area") == "BE2");
    CHECK(raised[0]->getValue<std::string>("breakdown").find("higher") != std::string::npos);
    CHECK(raised[0]->getValue<std::string>("period") == day.iso());
    CHECK(raised[0]->getValue<std::string>("news") == "new");
    // Left empty is not zero, nor a reason to doubt the total.
    CHECK(all_of(y, day, "levels_vs_total").empty());
}

TEST_CASE("the education departments giving Brussels' job-seekers on Actiris' day otherwise "
          "than Actiris is a source conflict the day they send it; the same figure is none") {
    YearReplay y(15);
    const auto [march_day, march] = first_file(y, on("2022-04-01"), "actiris_ukraine_");
    const auto [april_day, april] = first_file(y, march_day + 1, "actiris_ukraine_");
    const auto [day, file] = first_file(y, april_day, "education_");
    // Actiris' registered job-seekers: `"registered": 812` or, as it sometimes sends it,
    // `"registered": "812"`; and its reference date, from actiris_ukraine_YYYY-MM-DD.json.
    const auto registered = [&](Date sent, const std::string& name) {
        const std::string json = y.generated(sent, name);
        size_t at = json.find("\"registered\":");
        REQUIRE(at != std::string::npos);
        return std::stol(json.substr(json.find_first_of("0123456789", at)));
    };
    const auto row = [](const std::string& actiris, long n) {
        return actiris.substr(16, 10) + ",BE1,employment.jobseekers.registered,," +
               std::to_string(n) + ",perspective.brussels";
    };
    const long in_march = registered(march_day, march), in_april = registered(april_day, april);

    // March as Actiris gave it, April 57 above.
    replay_edited(y, day, file, [&](const std::string& generated) {
        return with_rows(generated, {row(march, in_march), row(april, in_april + 57)});
    });

    CHECK(all_of(y, day + -2, "source_conflict").empty());
    CHECK(all_of(y, day + -1, "source_conflict").empty());
    const auto raised = all_of(y, day, "source_conflict");
    REQUIRE(raised.size() == 1);
    CHECK(raised[0]->getValue<std::string>("indicator") == "employment.jobseekers.registered");
    CHECK(raised[0]->getValue<std::string>("area") == "BE1");
    CHECK(raised[0]->getValue<std::string>("period") == april.substr(16, 10));
    // Actiris is ranked before the education departments: its figure is the one used.
    CHECK(raised[0]->getValue<double>("expected") == in_april);
    CHECK(raised[0]->getValue<double>("actual") == in_april + 57);
    CHECK(raised[0]->getValue<std::string>("news") == "new");
    CHECK(all_of(y, day + 1, "source_conflict").size() == 1);
}

TEST_CASE("a VDAB total row above its provinces is parts_vs_total for Flanders the day it "
          "arrives, and Flanders has none before") {
    YearReplay y(16);
    // April's file; March's, with a total row that adds up, is in the reports before.
    const auto [day, file] = first_file(y, on("2022-04-20"), "vdab_oekraine_");
    long sum = 0;
    std::string month;
    replay_edited(y, day, file, [&](const std::string& generated) {
        VdabFile vdab(generated);
        vdab.remove("Totaal");
        month = vdab.rows.front().at(0);
        for (const auto& r : vdab.rows) sum += count_of(r.at(2));
        auto total = vdab.rows.front();
        total.at(1) = "Totaal";
        total.at(2) = belgian(sum + 30);
        for (size_t c = 3; c < total.size(); ++c) {
            long s = 0;
            for (const auto& r : vdab.rows) s += count_of(r.at(c));
            total.at(c) = belgian(s);
        }
        vdab.rows.push_back(total);
        return vdab.text();
    });

    const std::string registered = "employment.jobseekers.registered";
    CHECK(about(y, day + -2, "parts_vs_total", registered, "BE2").empty());
    CHECK(about(y, day + -1, "parts_vs_total", registered, "BE2").empty());
    const auto raised = about(y, day, "parts_vs_total", registered, "BE2");
    REQUIRE(raised.size() == 1);
    CHECK(raised[0]->getValue<double>("expected") == sum + 30);
    CHECK(raised[0]->getValue<double>("actual") == sum);
    CHECK(raised[0]->getValue<std::string>("period") == month);
    CHECK(raised[0]->getValue<std::string>("news") == "new");
    // The other columns add up.
    CHECK(about(y, day, "parts_vs_total", "employment.jobseekers.worked", "BE2").empty());
}

TEST_CASE("an education total that is not the sum of its levels is levels_vs_total the day "
          "it arrives, and the generated files before add up") {
    YearReplay y(17);
    const auto [day, file] = first_file(y, on("2022-05-01"), "education_");
    // Wallonia's total, 40 above its four levels.
    long total = -1;
    replay_edited(y, day, file, [&](const std::string& generated) {
        return with_cells_changed(generated, ",BE3,education.pupils.enrolled,,", ',',
                                  [&](std::vector<std::string>& cells) {
                                      total = std::stol(cells.at(4));
                                      cells.at(4) = std::to_string(total + 40);
                                  });
    });
    REQUIRE(total > 0);

    // April's education file is in these reports too: its levels add up.
    CHECK(all_of(y, day + -2, "levels_vs_total").empty());
    CHECK(all_of(y, day + -1, "levels_vs_total").empty());
    const auto raised = all_of(y, day, "levels_vs_total");
    REQUIRE(raised.size() == 1);
    CHECK(raised[0]->getValue<std::string>("indicator") == "education.pupils.enrolled");
    CHECK(raised[0]->getValue<std::string>("area") == "BE3");
    CHECK(raised[0]->getValue<std::string>("period") == day.iso());
    CHECK(raised[0]->getValue<double>("expected") == total + 40);
    CHECK(raised[0]->getValue<double>("actual") == total);
    CHECK(raised[0]->getValue<std::string>("news") == "new");
}

TEST_CASE("a VDAB file without one province and without its total leaves Flanders incomplete "
          "the day it arrives, and not before") {
    YearReplay y(18);
    // April's file; March's, whole, is in the reports before.
    const auto [day, file] = first_file(y, on("2022-04-20"), "vdab_oekraine_");
    replay_edited(y, day, file, [](const std::string& generated) {
        VdabFile vdab(generated);
        vdab.remove("Totaal");
        vdab.remove("Limburg");
        return vdab.text();
    });

    CHECK(all_of(y, day + -2, "parts_incomplete").empty());
    CHECK(all_of(y, day + -1, "parts_incomplete").empty());
    const auto raised = about(y, day, "parts_incomplete", "employment.jobseekers.registered", "BE2");
    REQUIRE(raised.size() == 1);
    CHECK(raised[0]->getValue<std::string>("message").find("but not BE22 ") != std::string::npos);
    CHECK(raised[0]->getValue<std::string>("news") == "new");
    // Every finding of the day is about Flanders (one per column of the file).
    for (const auto& f : all_of(y, day, "parts_incomplete"))
        CHECK(f->getValue<std::string>("area") == "BE2");
}

TEST_CASE("a VDAB month with fewer job-seekers in a province than the month before is a "
          "cumulative decrease the day it arrives, and the generated months before are not") {
    YearReplay y(19);
    // May's file, edited; March's and April's, growing, are in the reports before.
    const auto [april_day, april] = first_file(y, on("2022-04-20"), "vdab_oekraine_");
    const auto [day, file] = first_file(y, april_day + 1, "vdab_oekraine_");
    VdabFile before(y.generated(april_day, april));
    // Antwerpen, 25 below April; the total row, if any, follows.
    const long was = count_of(before.row("Antwerpen")->at(2));
    replay_edited(y, day, file, [&](const std::string& generated) {
        VdabFile vdab(generated);
        const long now = count_of(vdab.row("Antwerpen")->at(2));
        vdab.row("Antwerpen")->at(2) = belgian(was - 25);
        if (auto* total = vdab.row("Totaal"))
            total->at(2) = belgian(count_of(total->at(2)) - now + was - 25);
        return vdab.text();
    });

    CHECK(all_of(y, day + -2, "cumulative_decrease").empty());
    CHECK(all_of(y, day + -1, "cumulative_decrease").empty());
    const auto raised = all_of(y, day, "cumulative_decrease");
    REQUIRE(raised.size() == 1);
    CHECK(raised[0]->getValue<std::string>("indicator") == "employment.jobseekers.registered");
    CHECK(raised[0]->getValue<std::string>("area") == "BE21");
    CHECK(raised[0]->getValue<double>("expected") == was);
    CHECK(raised[0]->getValue<double>("actual") == was - 25);
    CHECK(raised[0]->getValue<std::string>("news") == "new");
}

TEST_CASE("a register whose nation is the sum of its regions raises no regions_vs_national, "
          "and the next register, short of its nation, raises it again") {
    YearReplay y(20);
    const auto [day, file] = first_file(y, on("2022-03-15"), "dvz_tp_register_");
    const Date next = day + 7;
    replay_edited(
        y, day, file,
        [](const std::string& generated) {
            long regions = 0;
            for (const auto& line : lines_of(generated))
                for (const char* region :
                     {";Vlaams Gewest;", ";Waals Gewest;", ";Brussels Hoofdstedelijk Gewest;"})
                    if (line.find(region) != std::string::npos)
                        regions += count_of(cells_of(line, ';').at(2));
            return with_cells_changed(generated, ";België;", ';',
                                      [&](std::vector<std::string>& cells) {
                                          cells.at(2) = belgian(regions);
                                      });
        },
        next - day);

    // The generated registers before and after count some persons in no region.
    CHECK(y.findings(day + -1, "regions_vs_national").size() == 1);
    for (Date d = day; d < next; d = d + 1)
        CHECK_MESSAGE(y.findings(d, "regions_vs_national").empty(), d.iso());
    CHECK(y.findings(day, "regions_vs_national", "cleared").size() == 1);
    const auto again = y.findings(next, "regions_vs_national");
    REQUIRE(again.size() == 1);
    CHECK(again[0].news == "new");
    CHECK(again[0].since == y.number(next));
}
