#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "pipeline/distribute/mail_queue.h"
#include "pipeline/service/leadership.h"
#include "pipeline/distribute/resend_choice.h"
#include "pipeline/report/templates.h"
#include "pipeline/config/config.h"
#include "pipeline/run/run_report.h"

namespace sitrep {

/// A daily report issued late, at start, because the service was not running at its time.
struct LateDaily {
    int number = 0;
    std::string due;        ///< the day and time it was due, `2023-02-08 07:00`
    std::string issued_at;  ///< ISO 8601
};

/// What the service and the command line both do: issue a report and send it out.
class Operations {
public:
    Operations(Config config, Templates templates);
    /// For a single run: the templates are read by the run itself, not once before it too.
    explicit Operations(Config config);

    /// Issues the next report (daily or urgent), queues a mail per recipient and sends what
    /// can be sent now; mails that cannot wait in the queue.
    RunResult issue(const RunOptions& options);
    /// Queues report `number` again (`sitrep send N`) for the recipients `choice` selects and
    /// sends it; returns those recipients (none: nothing was queued).
    std::vector<RecipientConfig> resend(int number, const ResendChoice& choice = {});
    /// Queues the newest report for the recipients who have not had it, if it was issued in
    /// the last 24 hours: a run interrupted between recording a report and queuing its mails
    /// must not leave it unsent. Queuing is idempotent, so this is safe at any time.
    void catch_up_mail();
    /// Sends every queued mail that is due.
    MailQueue::DeliveryStats deliver();

    const Config& config() const { return config_; }
    /// Who runs the leader-only work; set by the service (a command run alone leads).
    void set_leadership(const Leadership* leadership) { leadership_ = leadership; }
    /// Whether this process may run the daily report, the pulls and the mail queue now.
    bool leading() const { return !leadership_ || leadership_->leading(); }
    /// Who leads, for the status page and metrics ("" for a command run alone).
    std::string leader() const { return leadership_ ? leadership_->holder_description() : ""; }
    /// The templates of the last run (each run reads them again: an edit needs no restart).
    Templates templates() const;
    /// The mail queue, opened on first use (a run without recipients never needs it).
    MailQueue& mail();

    /// Seconds the last report run took, for the metrics.
    double last_run_seconds() const;
    /// Reports issued by this process, for the metrics.
    int reports_issued() const;
    /// Remembers, for the status page, that a daily report was issued late.
    void note_late_daily(LateDaily late);
    /// The daily report this process issued late, if it did.
    std::optional<LateDaily> late_daily() const;

private:
    /// A path holding report `number`'s file `name` on this machine, rendering the report
    /// into the outbox when another instance of a shared store issued it; "" when it cannot.
    std::string report_file(int number, const std::string& name);

    Config config_;
    std::optional<Templates> templates_;  ///< none until the first run reads them
    const Leadership* leadership_ = nullptr;
    std::once_flag mail_opened_;
    std::unique_ptr<MailQueue> mail_;
    mutable std::mutex mutex_;
    double last_run_seconds_ = 0;
    int reports_issued_ = 0;
    std::optional<LateDaily> late_daily_;
};

}  // namespace sitrep
