#include "pipeline/service/operations.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <filesystem>

#include "pipeline/foundation/errors.h"
#include "pipeline/foundation/file_names.h"
#include "pipeline/run/clock.h"

namespace sitrep {

Operations::Operations(Config config, Templates templates)
    : config_(std::move(config)), templates_(std::move(templates)) {}

Operations::Operations(Config config) : config_(std::move(config)) {}

MailQueue& Operations::mail() {
    std::call_once(mail_opened_, [this] {
        mail_ = std::make_unique<MailQueue>(config_.store());
        mail_->set_file_bringer(
            [this](int number, const std::string& name) { return report_file(number, name); });
    });
    return *mail_;
}

std::string Operations::report_file(int number, const std::string& name) {
    namespace fs = std::filesystem;
    const fs::path here = fs::path(config_.outbox) / name;
    if (fs::exists(here)) return here.string();
    // Only a shared store has reports this machine never wrote.
    if (config_.store_url.empty()) return "";
    try {
        // Rendered beside, then moved in: the outbox never shows half a file.
        const fs::path scratch = fs::path(config_.outbox) / (".render-" + std::to_string(number));
        fs::remove_all(scratch);
        for (const auto& file : render_report(config_, templates(), number, scratch.string(), {})) {
            const fs::path target = fs::path(config_.outbox) / fs::path(file).filename();
            if (!fs::exists(target)) fs::rename(file, target);
        }
        fs::remove_all(scratch);
        spdlog::info("report {} was issued by another instance: rendered again here for its mail",
                     number);
    } catch (const std::exception& e) {
        spdlog::error("cannot render report {} again for its mail: {}", number, e.what());
        return "";
    }
    return fs::exists(here) ? here.string() : "";
}

void Operations::catch_up_mail() {
    // A report recorded but still staged must be in the outbox before its mail is queued.
    finish_interrupted_reports(config_);
    if (config_.recipients.empty()) return;
    Store store(config_.store());
    const auto reports = store.report_summaries();
    if (reports.empty()) return;
    const auto stored = store.report(reports.back().number);
    if (!stored) return;
    const StoredReport& last = *stored;
    const auto issued = parse_iso_instant(last.issued_at);
    if (!issued || std::chrono::system_clock::now() - *issued > std::chrono::hours(24)) return;
    // Issued by another instance of a shared store (one that died before queuing its mail):
    // its files are rendered here first, byte-identical, for the queue to attach.
    report_file(last.number, report_stem(last.number) + ".json");
    const int queued = mail().enqueue_report(report_facts(last), config_.outbox,
                                             config_.recipients, config_.templates);
    if (queued > 0)
        spdlog::warn("report {} had not been queued for {} recipient(s) (an interrupted run?); "
                     "queued now",
                     last.number, queued);
}

Templates Operations::templates() const {
    {
        std::lock_guard lock(mutex_);
        if (templates_) return *templates_;
    }
    return Templates::load(config_.templates);
}

RunResult Operations::issue(const RunOptions& options) {
    // The run finishes an interrupted report itself; only its mail needs catching up first.
    if (!config_.recipients.empty()) catch_up_mail();
    const auto start = std::chrono::steady_clock::now();
    // An operator's edit of the templates or the catalogue (a new section, an indicator's
    // name) counts from the next report on; one with a mistake is logged and the last good
    // templates stay.
    std::optional<Templates> templates;
    try {
        templates = Templates::load(config_.templates);
        std::lock_guard lock(mutex_);
        templates_ = templates;
    } catch (const ConfigError& e) {
        std::lock_guard lock(mutex_);
        if (!templates_) throw;
        spdlog::error("the templates changed but cannot be used, the previous ones stay: {}", e.what());
        templates = templates_;
    }
    RunResult result = run_report(config_, *templates, options);
    {
        std::lock_guard lock(mutex_);
        last_run_seconds_ =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        ++reports_issued_;
    }
    if (!config_.recipients.empty()) {
        const Report& r = result.report;
        const int queued =
            mail().enqueue_report({r.number, r.kind, r.reason, r.as_of, r.issued_at,
                                   r.classification},
                                 config_.outbox, config_.recipients, config_.templates);
        spdlog::info("report {}: {} mails queued", r.number, queued);
        if (!config_.smtp_host.empty()) deliver();
    }
    return result;
}

std::vector<RecipientConfig> Operations::resend(int number, const ResendChoice& choice) {
    // Files of a report recorded but still staged must be in place before they are sent.
    finish_interrupted_reports(config_);
    Store store(config_.store());
    auto stored = store.report(number);
    if (!stored) throw NotFoundError("report " + std::to_string(number) + " was never issued");
    const auto chosen = choose_recipients(config_.recipients, mail().for_report(number), choice);
    if (chosen.empty()) return chosen;
    mail().resend_report(report_facts(*stored), config_.outbox, chosen, config_.templates);
    if (!config_.smtp_host.empty()) deliver();
    return chosen;
}

MailQueue::DeliveryStats Operations::deliver() {
    // The leader's queue: a standby's mails (an urgent report triggered there) go out with
    // the leader's next look at the queue.
    if (config_.smtp_host.empty() || !leading()) return {};
    return mail().deliver_due(config_, std::chrono::system_clock::now());
}

double Operations::last_run_seconds() const {
    std::lock_guard lock(mutex_);
    return last_run_seconds_;
}

int Operations::reports_issued() const {
    std::lock_guard lock(mutex_);
    return reports_issued_;
}

void Operations::note_late_daily(LateDaily late) {
    std::lock_guard lock(mutex_);
    late_daily_ = std::move(late);
}

std::optional<LateDaily> Operations::late_daily() const {
    std::lock_guard lock(mutex_);
    return late_daily_;
}

}  // namespace sitrep
