#include "pipeline/report/finding_words.h"

#include <doctest/doctest.h>

#include <string>

namespace sitrep {
namespace {

const Templates& project_templates() {
    static const Templates t = Templates::load(std::string(SITREP_SOURCE_DIR) + "/templates");
    return t;
}

// Forem's total above its provinces, as on the demo inbox.
Finding forem_parts() {
    Finding f;
    f.kind = "parts_vs_total";
    f.indicator = "employment.jobseekers.registered";
    f.area = "BE3";
    f.period = "2023-01";
    f.expected = 2220;
    f.actual = 2102;
    f.message = "employment.jobseekers.registered BE3 2023-01 (forem_ukraine_202301.csv): the "
                "partner's 5 parts sum to 2102, the total is 2220 (difference 118)";
    return f;
}

// U+202F NARROW NO-BREAK SPACE, the French thousands separator.
const std::string kNnbsp = "\xE2\x80\xAF";

}  // namespace

TEST_CASE("a finding reads in the report's language with its numbers in the language's style") {
    const Finding f = forem_parts();
    const std::string fr = finding_message(project_templates(), "fr", f);
    CHECK(fr.find("Demandeurs d'emploi inscrits") == 0);
    CHECK(fr.find("janvier 2023") != std::string::npos);
    CHECK(fr.find("le total déclaré est de 2" + kNnbsp + "220") != std::string::npos);
    CHECK(fr.find("(écart 118)") != std::string::npos);
    const std::string nl = finding_message(project_templates(), "nl", f);
    CHECK(nl.find("het opgegeven totaal is 2.220") != std::string::npos);
    CHECK(nl.find("januari 2023") != std::string::npos);
}

TEST_CASE("an English reader keeps the reconciler's message, which names the file") {
    const Finding f = forem_parts();
    CHECK(finding_sentence(project_templates(), "en", f).empty());
    CHECK(finding_message(project_templates(), "en", f) == f.message);
}

TEST_CASE("every kind of finding the checks raise has a sentence in Dutch and French") {
    for (const char* kind : {"regions_vs_national", "parts_vs_total", "levels_vs_total",
                             "breakdown_vs_total", "parts_incomplete", "source_conflict",
                             "revision", "cumulative_decrease", "implausible_jump",
                             "share_mismatch", "not_reported"}) {
        Finding f = forem_parts();
        f.kind = kind;
        for (const char* lang : {"nl", "fr"}) {
            CAPTURE(kind);
            CAPTURE(lang);
            const std::string s = finding_sentence(project_templates(), lang, f);
            CHECK_FALSE(s.empty());
            CHECK(s.find('{') == std::string::npos);  // every placeholder filled
        }
    }
}

TEST_CASE("a late feed's finding names the feed, not an indicator") {
    Finding f;
    f.kind = "late_partner";
    f.feed = "forem_jobseekers";
    f.period = "2023-01-31";
    f.actual = 39;
    f.message = "forem_jobseekers: the newest data covers up to 2023-01-31 (…), 39 days ago";
    CHECK(finding_sentence_key(f) == "finding.feed.late_partner");
    const std::string fr = finding_message(project_templates(), "fr", f);
    CHECK(fr.find("forem_jobseekers" + kNnbsp + ": les données les plus récentes vont jusqu'au 31/01/2023, "
                  "il y a 39 jours") == 0);
    f.kind = "missing_partner";
    CHECK(finding_message(project_templates(), "nl", f) == "forem_jobseekers: niets ontvangen.");
}

TEST_CASE("a share that does not match its counts is shown as percentages") {
    Finding f = forem_parts();
    f.kind = "share_mismatch";
    f.expected = 0.844;
    f.actual = 0.9;
    const std::string nl = finding_message(project_templates(), "nl", f);
    CHECK(nl.find("het opgegeven aandeel is 90,0%, de aantallen geven 84,4%") != std::string::npos);
}

}  // namespace sitrep
