#include "pipeline/service/status_page.h"

#include "pipeline/reconcile/inputs.h"
#include "pipeline/report/partner_status.h"
#include "pipeline/run/clock.h"
#include "pipeline/store/store.h"

namespace sitrep {

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

std::string status_page_html(Operations& ops) {
    Store store(ops.config().state);
    const auto submissions = store.submissions(INT64_MAX);
    const auto ledger = classify_inputs(submissions, store.receipts(INT64_MAX));
    const LocalTime now = local_time(std::chrono::system_clock::now(), ops.config().timezone);
    const auto partners = partner_statuses(submissions, ledger, now.date);
    auto reports = store.reports();
    const auto mails = ops.mail().all();

    std::string h =
        "<!doctype html><html><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        "<title>sitrep status</title><style>body{font-family:sans-serif;margin:1em;max-width:60em}"
        "table{border-collapse:collapse;width:100%;margin-bottom:1.5em}td,th{border-bottom:1px "
        "solid #ccc;padding:.3em;text-align:left}.late,.missing,.failed,.in_doubt,.rejected"
        "{color:#b00;font-weight:bold}.on_time,.sent,.used{color:#070}</style></head><body>";
    h += "<h1>sitrep</h1><p>" + html_escape(now.iso) + " (" + html_escape(ops.config().timezone) +
         ")</p>";
    if (const auto late = ops.late_daily())
        h += "<p class=\"late\">Daily report " + std::to_string(late->number) +
             " was caught up late, at " + html_escape(late->issued_at) + ": it was due at " +
             html_escape(late->due) + " and the service was not running.</p>";
    h += "<h2>Partners</h2><table><tr><th>partner</th><th>state</th><th>newest data</th>"
         "<th>file</th></tr>";
    for (const auto& p : partners)
        h += "<tr><td>" + html_escape(p.partner) + "</td><td class=\"" + p.state + "\">" +
             html_escape(p.state) + "</td><td>" + (p.last_as_of ? p.last_as_of->iso() : "—") +
             "</td><td>" + html_escape(p.last_file) + "</td></tr>";
    h += "</table><h2>Last files</h2><table><tr><th>file</th><th>partner</th><th>status</th>"
         "<th>received</th><th>error</th></tr>";
    const size_t first = ledger.inputs.size() > 15 ? ledger.inputs.size() - 15 : 0;
    for (size_t i = ledger.inputs.size(); i-- > first;) {
        const auto& in = ledger.inputs[i];
        h += "<tr><td>" + html_escape(in.file) + "</td><td>" + html_escape(in.partner) +
             "</td><td class=\"" + in.status + "\">" + in.status + "</td><td>" +
             html_escape(in.received_at) + "</td><td>" +
             html_escape(in.error.substr(0, in.error.find('\n'))) + "</td></tr>";
    }
    h += "</table><h2>Reports</h2><table><tr><th>nr.</th><th>kind</th><th>issued</th>"
         "<th>as of</th><th>reason</th></tr>";
    int shown = 0;
    for (auto it = reports.rbegin(); it != reports.rend() && shown < 10; ++it, ++shown)
        h += "<tr><td><a href=\"/api/v1/reports/" + std::to_string(it->number) + "\">" +
             std::to_string(it->number) + "</a></td><td>" + html_escape(it->kind) + "</td><td>" +
             html_escape(it->issued_at) + "</td><td>" + html_escape(it->as_of) + "</td><td>" +
             html_escape(it->reason) + "</td></tr>";
    h += "</table><h2>Mail queue</h2><table><tr><th>report</th><th>recipient</th><th>status</th>"
         "<th>attempts</th><th>next attempt</th><th>last error</th></tr>";
    shown = 0;
    for (auto it = mails.rbegin(); it != mails.rend() && shown < 30; ++it, ++shown)
        h += "<tr><td>" + std::to_string(it->report) + "</td><td>" + html_escape(it->email) +
             "</td><td class=\"" + it->status + "\">" + it->status + "</td><td>" +
             std::to_string(it->attempts) + "</td><td>" + html_escape(it->next_attempt_at) +
             "</td><td>" + html_escape(it->last_error) + "</td></tr>";
    h += "</table></body></html>\n";
    return h;
}

}  // namespace sitrep
