#include "pipeline/service/status_page.h"

#include <Poco/URI.h>

#include "pipeline/reconcile/inputs.h"
#include "pipeline/reconcile/partner_status.h"
#include "pipeline/run/clock.h"
#include "pipeline/run/run_report.h"
#include "pipeline/service/reports_api.h"
#include "pipeline/store/store.h"

namespace sitrep {
namespace {

// An instant as the page shows every instant: `2023-02-08 07:00:00` in the configured zone,
// whatever zone it was stored in (the mail queue keeps UTC).
std::string shown(const std::string& iso, const std::string& zone) {
    if (iso.empty()) return "";
    const auto instant = parse_iso_instant(iso);
    if (!instant) return iso;
    std::string local = local_time(*instant, zone).iso.substr(0, 19);
    local[10] = ' ';
    return local;
}

// A link to report `number` through the page itself, with the page's token when it has one.
std::string report_link(int number, const std::string& query, const std::string& token) {
    std::string href = "/?report=" + std::to_string(number) + query;
    if (!token.empty()) {
        std::string encoded;
        Poco::URI::encode(token, "&=+#?/%", encoded);
        href += "&token=" + encoded;
    }
    return html_escape(href);
}

}  // namespace

std::string html_escape(const std::string& text) {
    std::string out;
    for (char c : text) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            default: out += c;
        }
    }
    return out;
}

std::string status_page_html(Operations& ops, const std::string& link_token) {
    const std::string& zone = ops.config().timezone;
    Store store(ops.config().store());
    const auto submissions = store.submissions(INT64_MAX);
    const auto ledger = classify_inputs(submissions, store.receipts(INT64_MAX));
    const LocalTime now = local_time(std::chrono::system_clock::now(), zone);
    const auto partners = partner_statuses(submissions, ledger, now.date,
                                           watched_cadences(ops.config()),
                                           store.first_report_as_of().value_or(now.date));
    auto reports = store.report_summaries();
    const auto mails = ops.mail().all();
    const auto langs = report_languages(ops);

    // no-referrer: a page opened with ?token= must not hand its address to another site.
    std::string h =
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        "<meta name=\"referrer\" content=\"no-referrer\">"
        "<title>sitrep status</title><style>body{font-family:sans-serif;margin:1em;max-width:60em}"
        "table{border-collapse:collapse;width:100%;margin-bottom:1.5em}td,th{border-bottom:1px "
        "solid #ccc;padding:.3em;text-align:left}.late,.missing,.failed,.in_doubt,.rejected"
        "{color:#b00;font-weight:bold}.on_time,.sent,.used{color:#070}</style></head><body>";
    h += "<h1>sitrep</h1><p>" + html_escape(shown(now.iso, zone)) + ". Every time on this page is " +
         html_escape(zone) + " time.</p>";
    if (const std::string leader = ops.leader(); !leader.empty())
        h += std::string("<p class=\"") + (ops.leading() ? "on_time" : "standby") +
             "\">Leader (runs the daily report, the pulls and the mail queue): " +
             html_escape(leader) + ".</p>";
    if (const auto late = ops.late_daily())
        h += "<p class=\"late\">Daily report " + std::to_string(late->number) +
             " was caught up late, at " + html_escape(shown(late->issued_at, zone)) +
             ": it was due at " + html_escape(late->due) + " and the service was not running.</p>";
    h += "<h2>Partners</h2><table><tr><th>partner</th><th>feed</th><th>state</th>"
         "<th>newest data up to</th><th>file</th></tr>";
    for (const auto& p : partners)
        h += "<tr><td>" + html_escape(p.partner) + "</td><td>" + html_escape(p.feed) +
             "</td><td class=\"" + p.state + "\">" +
             html_escape(p.state) + "</td><td>" + (p.last_as_of ? p.last_as_of->iso() : "—") +
             "</td><td>" + html_escape(p.last_file) + "</td></tr>";
    h += "</table><h2>Last files</h2><table><tr><th>file</th><th>partner</th><th>status</th>"
         "<th>received</th><th>error</th></tr>";
    const size_t first = ledger.inputs.size() > 15 ? ledger.inputs.size() - 15 : 0;
    for (size_t i = ledger.inputs.size(); i-- > first;) {
        const auto& in = ledger.inputs[i];
        h += "<tr><td>" + html_escape(in.file) + "</td><td>" + html_escape(in.partner) +
             "</td><td class=\"" + in.status + "\">" + in.status + "</td><td>" +
             html_escape(shown(in.received_at, zone)) + "</td><td>" +
             html_escape(in.error.substr(0, in.error.find('\n'))) + "</td></tr>";
    }
    h += "</table><h2>Reports</h2><table><tr><th>nr.</th><th>kind</th><th>issued</th>"
         "<th>as of</th><th>reason</th><th>files</th></tr>";
    int shown_count = 0;
    for (auto it = reports.rbegin(); it != reports.rend() && shown_count < 10; ++it, ++shown_count) {
        std::string files;
        for (const auto& l : langs)
            files += "<a href=\"" + report_link(it->number, "&file=pdf&lang=" + l, link_token) +
                     "\">" + html_escape(l) + "</a> ";
        files += "<a href=\"" + report_link(it->number, "&file=annex", link_token) + "\">annex</a>";
        h += "<tr><td><a href=\"" + report_link(it->number, "", link_token) + "\">" +
             std::to_string(it->number) + "</a></td><td>" + html_escape(it->kind) + "</td><td>" +
             html_escape(shown(it->issued_at, zone)) + "</td><td>" + html_escape(it->as_of) +
             "</td><td>" + html_escape(it->reason) + "</td><td>" + files + "</td></tr>";
    }
    h += "</table><h2>Mail queue</h2><table><tr><th>report</th><th>recipient</th><th>status</th>"
         "<th>attempts</th><th>next attempt</th><th>last error</th></tr>";
    shown_count = 0;
    for (auto it = mails.rbegin(); it != mails.rend() && shown_count < 30; ++it, ++shown_count) {
        // Only a queued mail is tried again; sent, failed and in-doubt mails never are.
        const std::string next = it->status == "queued" ? shown(it->next_attempt_at, zone) : "";
        h += "<tr><td>" + std::to_string(it->report) + "</td><td>" + html_escape(it->email) +
             "</td><td class=\"" + it->status + "\">" + it->status + "</td><td>" +
             std::to_string(it->attempts) + "</td><td>" + html_escape(next) + "</td><td>" +
             html_escape(it->last_error) + "</td></tr>";
    }
    h += "</table></body></html>\n";
    return h;
}

}  // namespace sitrep
