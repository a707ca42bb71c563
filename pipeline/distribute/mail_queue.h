#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "pipeline/config/config.h"
#include "pipeline/distribute/mail_texts.h"
#include "pipeline/distribute/smtp_sender.h"
#include "pipeline/foundation/store_location.h"
#include "pipeline/store/database.h"
#include "pipeline/store/store.h"

namespace sitrep {

/// One queued mail: one report, one recipient, one round (0, then one more per resend).
struct QueuedMail {
    int64_t id = 0;
    int report = 0;
    int round = 0;
    std::string recipient;  ///< the `[recipient.R]` name
    std::string email;
    std::string lang;
    std::string subject;
    std::string status;  ///< queued | sending | sent | in_doubt | failed
    int attempts = 0;
    std::chrono::system_clock::time_point next_attempt;  ///< when a queued mail is due
    std::string next_attempt_at;                         ///< the same, ISO 8601 UTC
    std::string last_error;
    /// <sitrep-0237-r0-fedasil-ops.3f9c0a1b2c3d4e5f@crisiscenter.example> once an attempt
    /// reached the server; before, only its left side (the right is the `[smtp] from` domain).
    std::string message_id;
    std::string attachment_sha256;  ///< of the attached PDF, as queued; empty without a PDF
    std::string queued_at;          ///< ISO 8601 UTC
    std::string sent_at;            ///< ISO 8601 UTC, empty until sent
};

/// The wait before the next attempt after `failed_attempts` failures: 10 s, 30 s, 1 min,
/// 2 min, 5 min, 10 min, then every 30 min.
std::chrono::seconds retry_delay(int failed_attempts);

/// What a mail about a stored report says (its number, kind, reason, as-of day, issue time).
ReportFacts report_facts(const StoredReport& report);

/// The e-mail distribution: a persistent queue in the store's database (tables `mails`,
/// `mail_attachments`, `mail_attempts`, through a connection of its own) and its delivery.
///
/// At most once per queued mail: a mail is marked `sending` in a committed transaction just
/// before its SMTP transaction and `sent` as soon as the server accepts the end of DATA. A mail
/// found in `sending` afterwards belongs to a process that died mid-send; the server may or
/// may not have taken it, so it becomes `in_doubt` and is never sent again on its own. Sending
/// it twice is the worse mistake for a numbered report; an operator who finds it missing
/// resends with `sitrep send N`. Every mail carries a Message-ID made of the installation's
/// random id, the report, round and recipient, on the domain of `[smtp] from`: the same for
/// every retry, so a receiving side can also drop a duplicate, and new for a resend or in a
/// fresh state folder.
///
/// Safe for several threads of one process, and for several processes on the same store (the
/// service and `sitrep send`, or instances on several machines sharing one PostgreSQL):
/// deliveries take a DeliveryLock, so only one process at a time delivers and none mistakes
/// another's mail in flight for an interrupted one.
class MailQueue {
public:
    /// Opens the queue in the store at `where` (bringing its schema up to date), and marks
    /// mails left in `sending` by a crashed process `in_doubt` unless another process is
    /// delivering now.
    explicit MailQueue(const StoreLocation& where);
    ~MailQueue();
    MailQueue(const MailQueue&) = delete;
    MailQueue& operator=(const MailQueue&) = delete;

    /// Queues one mail per recipient for `report`, whose files are in `outbox`, in the
    /// recipient's language with the words of `templates_dir/mail/<lang>.properties`. Once
    /// only: a recipient who already has round 0 of this report gets nothing new. A recipient
    /// whose files are missing gets a `failed` mail that says which. Records the SHA-256 of
    /// each attached file. Returns how many mails were queued. Throws ConfigError for missing
    /// mail texts or a recipient without a usable address, before queuing anything.
    int enqueue_report(const ReportFacts& report, const std::string& outbox,
                       const std::vector<RecipientConfig>& recipients,
                       const std::string& templates_dir);

    /// `sitrep send N`: queues report N again for every recipient, as a new round. The files
    /// must be identical to the ones sent before: a file whose SHA-256 differs from the one
    /// recorded when it was first queued makes that recipient's mail `failed`.
    int resend_report(const ReportFacts& report, const std::string& outbox,
                      const std::vector<RecipientConfig>& recipients,
                      const std::string& templates_dir);

    /// Gives a local path holding the report file `name` of report `number`, writing it when
    /// this machine has no copy (an instance of a shared store renders the report again,
    /// byte-identical); "" when it cannot.
    using FileBringer = std::function<std::string(int number, const std::string& name)>;
    /// Where delivery finds an attachment that is not at the path recorded when it was queued
    /// (another instance of a shared store queued it, from its own outbox).
    void set_file_bringer(FileBringer bring) { bring_ = std::move(bring); }

    /// What one call of `deliver_due` did.
    struct DeliveryStats {
        int sent = 0;
        int failed = 0;  ///< attempts that did not deliver (retried later, failed or in doubt)
    };

    /// Sends every queued mail that is due at `now`, through the configured SMTP server. A
    /// mail that cannot be delivered now stays queued for `retry_delay(attempts)`; one the
    /// server refuses for good (5xx) or whose files changed becomes `failed`.
    DeliveryStats deliver_due(const Config& config, std::chrono::system_clock::time_point now);
    /// The same with explicit SMTP settings (a CA file to trust, timeouts).
    DeliveryStats deliver_due(const SmtpSettings& smtp, std::chrono::system_clock::time_point now);

    /// Every mail, oldest first, for the status page and metrics.
    std::vector<QueuedMail> all() const;
    /// The mails of one report, oldest first.
    std::vector<QueuedMail> for_report(int number) const;
    /// When the next queued mail is due (maybe already past); nullopt when none is waiting.
    std::optional<std::chrono::system_clock::time_point> next_due() const;

private:
    int enqueue(const ReportFacts& report, const std::string& outbox,
                const std::vector<RecipientConfig>& recipients, const std::string& templates_dir,
                bool resend);
    std::vector<QueuedMail> select(const std::string& where, std::optional<int64_t> param) const;
    void recover_interrupted();
    bool claim(const QueuedMail& mail);

    std::string state_dir_;        ///< where the SQLite delivery lock file is
    std::string installation_id_;  ///< random, made once per store
    std::unique_ptr<Database> db_;
    /// Guards db_: a transaction on the connection must not see another thread's statements.
    mutable std::mutex db_mutex_;
    std::mutex deliver_mutex_;     ///< one delivery at a time in this process
    FileBringer bring_;
};

}  // namespace sitrep
