#include "pipeline/distribute/mail_queue.h"

#include <Poco/DateTimeFormatter.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iterator>
#include <map>
#include <random>
#include <sstream>

#include "pipeline/distribute/bound_statement.h"
#include "pipeline/distribute/delivery_lock.h"
#include "pipeline/distribute/mail_message.h"
#include "pipeline/foundation/errors.h"
#include "pipeline/foundation/file_names.h"
#include "pipeline/foundation/sha256.h"
#include "pipeline/store/schema.h"

namespace sitrep {
namespace {

constexpr const char* kInDoubt =
    "interrupted while sending (the process stopped): the server may or may not have it; "
    "not sent again automatically, resend with `sitrep send N` if it did not arrive";

using Clock = std::chrono::system_clock;

int64_t to_ms(Clock::time_point t) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

Clock::time_point from_ms(int64_t ms) {
    return Clock::time_point(
        std::chrono::duration_cast<Clock::duration>(std::chrono::milliseconds(ms)));
}

std::string iso_utc(int64_t ms) {
    return Poco::DateTimeFormatter::format(Poco::Timestamp(ms * 1000), "%Y-%m-%dT%H:%M:%SZ");
}

/// `fedasil-ops` as it may appear inside a Message-ID.
std::string id_safe(const std::string& name) {
    std::string out = name;
    for (char& c : out)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') c = '-';
    return out;
}

/// 16 hex digits from the kernel's random source.
std::string random_id() {
    std::random_device device;
    std::ostringstream out;
    out << std::hex << std::setfill('0');
    for (int i = 0; i < 2; ++i) out << std::setw(8) << static_cast<uint32_t>(device());
    return out.str();
}

/// The left side of a Message-ID, `sitrep-0237-r0-fedasil-ops.3f9c0a1b2c3d4e5f`: unique to this
/// installation, report, round and recipient; the right side is added when it is sent.
std::string message_id_left(int report, int round, const std::string& recipient,
                            const std::string& installation) {
    return report_stem(report) + "-r" + std::to_string(round) + "-" + id_safe(recipient) + "." +
           installation;
}

void check_recipient(const RecipientConfig& r) {
    const auto at = r.email.find('@');
    if (r.email.empty() || at == 0 || at == std::string::npos || at + 1 == r.email.size() ||
        r.email.find_first_of(" \t\r\n<>,;\"") != std::string::npos)
        throw ConfigError("[recipient." + r.name + "] email: '" + r.email +
                          "' is not an e-mail address");
    if (r.lang.empty()) throw ConfigError("[recipient." + r.name + "] lang is empty");
}

std::optional<std::string> file_sha256(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    return sha256_hex(in);
}

/// A mail about to be queued: whom to, which files, or why it cannot go.
struct Planned {
    const RecipientConfig* recipient = nullptr;
    std::vector<MailAttachment> attachments;
    std::string error;
};

}  // namespace

std::chrono::seconds retry_delay(int failed_attempts) {
    // The first retry comes soon (a server restart takes seconds), then the queue backs off
    // so that a long outage costs a few connections an hour.
    constexpr int kDelays[] = {10, 30, 60, 120, 300, 600, 1800};
    constexpr int kSteps = static_cast<int>(std::size(kDelays));
    const int step = std::clamp(failed_attempts, 1, kSteps) - 1;
    return std::chrono::seconds(kDelays[step]);
}

ReportFacts report_facts(const StoredReport& report) {
    ReportFacts f;
    f.number = report.number;
    f.kind = report.kind;
    f.reason = report.reason;
    f.as_of = Date::parse_iso(report.as_of).value_or(Date());
    f.issued_at = report.issued_at;
    // The label the report was issued with is in its manifest, not in today's configuration.
    if (report.manifest.empty()) return f;
    try {
        const auto manifest =
            Poco::JSON::Parser().parse(report.manifest).extract<Poco::JSON::Object::Ptr>();
        f.classification = manifest->optValue<std::string>("classification", "");
    } catch (const Poco::Exception& e) {
        throw OutputError("report " + std::to_string(report.number) +
                          ": its stored manifest is not JSON: " + e.displayText());
    }
    return f;
}

MailQueue::MailQueue(const StoreLocation& where) : state_dir_(where.state_dir) {
    try {
        // A connection of its own: the store's runs its transactions on other threads. Same
        // settings and schema, whichever opens the database first.
        db_ = Database::open(where);
        ensure_schema(*db_);
        // Made once per store, so that a fresh state never repeats an old Message-ID
        // (mailboxes drop a message whose id they have seen as a duplicate).
        in_transaction(
            *db_,
            [&] {
                bound_statement(*db_,
                                "INSERT INTO installation (key, value) VALUES ('id', ?)"
                                " ON CONFLICT (key) DO NOTHING",
                                random_id())
                    ->execute();
            },
            /*durable=*/true);
        auto id = db_->prepare("SELECT value FROM installation WHERE key = 'id'");
        if (id->next()) installation_id_ = id->text(0);
    } catch (const OutputError& e) {
        throw OutputError("cannot open the mail queue in " +
                          (db_ ? db_->description() : where.state_dir) + ": " + e.what());
    }
    // If another process holds the lock it is delivering right now, and its `sending` mails
    // are in flight, not abandoned; the next delivery here recovers them once it is done.
    DeliveryLock lock(*db_, db_mutex_, state_dir_, false);
    if (lock.held()) recover_interrupted();
}

MailQueue::~MailQueue() = default;

void MailQueue::recover_interrupted() {
    struct Interrupted {
        int64_t id;
        int64_t report;
        std::string recipient, email, message_id;
    };
    std::vector<Interrupted> found;
    std::lock_guard guard(db_mutex_);
    try {
        const std::string at = iso_utc(to_ms(Clock::now()));
        in_transaction(
            *db_,
            [&] {
                found.clear();
                auto sending = db_->prepare(
                    "SELECT id, report, recipient, email, message_id FROM mails"
                    " WHERE status = 'sending' ORDER BY id");
                while (sending->next())
                    found.push_back({sending->integer(0), sending->integer(1), sending->text(2),
                                     sending->text(3), sending->text(4)});
                for (const auto& m : found) {
                    bound_statement(*db_,
                                    "UPDATE mails SET status = 'in_doubt', last_error = ?"
                                    " WHERE id = ?",
                                    kInDoubt, m.id)
                        ->execute();
                    bound_statement(*db_,
                                    "INSERT INTO mail_attempts (mail_id, at, outcome, detail)"
                                    " VALUES (?, ?, 'in_doubt', ?)",
                                    m.id, at, kInDoubt)
                        ->execute();
                }
            },
            /*durable=*/true);
    } catch (const OutputError& e) {
        throw OutputError(std::string("mail queue: cannot recover interrupted mails: ") + e.what());
    }
    for (const auto& m : found)
        spdlog::warn("mail of report {} to {} <{}> ({}) is in doubt: {}", m.report, m.recipient,
                     m.email, m.message_id, kInDoubt);
}

int MailQueue::enqueue_report(const ReportFacts& report, const std::string& outbox,
                              const std::vector<RecipientConfig>& recipients,
                              const std::string& templates_dir) {
    return enqueue(report, outbox, recipients, templates_dir, false);
}

int MailQueue::resend_report(const ReportFacts& report, const std::string& outbox,
                             const std::vector<RecipientConfig>& recipients,
                             const std::string& templates_dir) {
    return enqueue(report, outbox, recipients, templates_dir, true);
}

int MailQueue::enqueue(const ReportFacts& report, const std::string& outbox,
                       const std::vector<RecipientConfig>& recipients,
                       const std::string& templates_dir, bool resend) {
    // Everything that can be wrong with the configuration fails before anything is queued.
    std::map<std::string, MailTexts> texts;
    for (const auto& r : recipients) {
        check_recipient(r);
        if (!texts.count(r.lang)) texts.emplace(r.lang, MailTexts::load(templates_dir, r.lang));
    }

    // Hash the files outside the database lock; the queue keeps absolute paths because the
    // service may run from another folder than the command that queued the mail.
    const std::string dir = std::filesystem::absolute(outbox).lexically_normal().string();
    const std::string stem = report_stem(report.number);
    std::map<std::string, std::optional<std::string>> hashes;
    std::vector<Planned> plan;
    for (const auto& r : recipients) {
        Planned p;
        p.recipient = &r;
        std::vector<std::string> names;
        if (r.attach_pdf) names.push_back(stem + "." + r.lang + ".pdf");
        if (r.attach_annex) {
            // The annex in the recipient's language; a report issued before there was one
            // per language has only the English one, under the language-free name.
            const std::string own = stem + ".annex." + r.lang + ".xlsx";
            const bool has_own = std::filesystem::exists(dir + "/" + own);
            names.push_back(has_own ? own : stem + ".annex.xlsx");
        }
        for (const auto& name : names) {
            const std::string path = dir + "/" + name;
            if (!hashes.count(path)) hashes.emplace(path, file_sha256(path));
            const auto& sha = hashes.at(path);
            if (!sha) {
                p.error += (p.error.empty() ? "" : "; ") + name + " is not in " + dir;
                continue;
            }
            p.attachments.push_back({path, name, media_type_for(name), *sha});
        }
        plan.push_back(std::move(p));
    }

    const int64_t queued_ms = to_ms(Clock::now());
    const std::string queued_at = iso_utc(queued_ms);
    int queued = 0;
    std::vector<std::string> failures;
    std::lock_guard guard(db_mutex_);
    try {
        in_transaction(
            *db_,
            [&] {
                queued = 0;
                failures.clear();
                int64_t round = 0;
                std::map<std::string, std::string> first_sha;  // shown name → first SHA-256
                if (resend) {
                    auto next_round = bound_statement(
                        *db_, "SELECT COALESCE(MAX(round), -1) + 1 FROM mails WHERE report = ?",
                        report.number);
                    if (next_round->next()) round = next_round->integer(0);
                    auto sent =
                        bound_statement(*db_,
                                        "SELECT a.shown_name, a.sha256 FROM mail_attachments a"
                                        " JOIN mails m ON m.id = a.mail_id WHERE m.report = ?"
                                        " ORDER BY m.round, m.id, a.position",
                                        report.number);
                    while (sent->next()) first_sha.emplace(sent->text(0), sent->text(1));
                }
                for (const auto& p : plan) {
                    const RecipientConfig& r = *p.recipient;
                    if (!resend) {
                        auto existing = bound_statement(
                            *db_,
                            "SELECT COUNT(*) FROM mails WHERE report = ? AND round = 0"
                            " AND recipient = ?",
                            report.number, r.name);
                        if (existing->next() && existing->integer(0) > 0) continue;
                    }
                    std::string error = p.error;
                    for (const auto& a : p.attachments) {
                        const auto first = first_sha.find(a.shown_name);
                        if (first != first_sha.end() && first->second != a.sha256)
                            error += (error.empty() ? "" : "; ") + a.shown_name +
                                     " is not the file sent before (SHA-256 was " + first->second +
                                     ", is now " + a.sha256 + ")";
                    }
                    std::string pdf_sha;
                    for (const auto& a : p.attachments)
                        if (a.media_type == "application/pdf") pdf_sha = a.sha256;
                    const MailTexts& t = texts.at(r.lang);
                    const std::string status = error.empty() ? "queued" : "failed";
                    // RETURNING instead of last_insert_rowid(): both backends have it.
                    auto insert = bound_statement(
                        *db_,
                        "INSERT INTO mails (report, round, recipient, email, lang, subject,"
                        " body, message_id, attachment_sha256, status, attempts,"
                        " next_attempt_ms, last_error, queued_at, sent_at)"
                        " VALUES (?,?,?,?,?,?,?,?,?,?,0,?,?,?,'') RETURNING id",
                        report.number, round, r.name, r.email, r.lang, t.subject(report),
                        t.body(report),
                        message_id_left(report.number, static_cast<int>(round), r.name,
                                        installation_id_),
                        pdf_sha, status, queued_ms, error, queued_at);
                    if (!insert->next())
                        throw OutputError("the mail to " + r.name + " was not recorded");
                    const int64_t id = insert->integer(0);
                    insert.reset();
                    for (size_t i = 0; i < p.attachments.size(); ++i) {
                        const auto& a = p.attachments[i];
                        bound_statement(*db_,
                                        "INSERT INTO mail_attachments (mail_id, position, path,"
                                        " shown_name, media_type, sha256)"
                                        " VALUES (?,?,?,?,?,?)",
                                        id, static_cast<int64_t>(i), a.path, a.shown_name,
                                        a.media_type, a.sha256)
                            ->execute();
                    }
                    if (error.empty())
                        ++queued;
                    else
                        failures.push_back(r.name + " <" + r.email + ">: " + error);
                }
            },
            /*durable=*/true);
    } catch (const OutputError& e) {
        throw OutputError("cannot queue the mails of report " + std::to_string(report.number) +
                          ": " + e.what());
    }
    for (const auto& f : failures)
        spdlog::error("mail of report {} not queued for {}", report.number, f);
    if (queued > 0)
        spdlog::info("report {}: {} mail(s) queued{}", report.number, queued,
                     resend ? " again" : "");
    return queued;
}

std::vector<QueuedMail> MailQueue::select(const std::string& where,
                                          std::optional<int64_t> param) const {
    std::vector<QueuedMail> out;
    std::lock_guard guard(db_mutex_);
    try {
        auto st = db_->prepare(
            "SELECT id, report, round, recipient, email, lang, subject, status, attempts,"
            " next_attempt_ms, last_error, message_id, attachment_sha256, queued_at, sent_at"
            " FROM mails" +
            (where.empty() ? std::string() : " WHERE " + where) + " ORDER BY id");
        if (param) st->bind(1, *param);
        while (st->next()) {
            QueuedMail m;
            m.id = st->integer(0);
            m.report = static_cast<int>(st->integer(1));
            m.round = static_cast<int>(st->integer(2));
            m.recipient = st->text(3);
            m.email = st->text(4);
            m.lang = st->text(5);
            m.subject = st->text(6);
            m.status = st->text(7);
            m.attempts = static_cast<int>(st->integer(8));
            const int64_t next = st->integer(9);
            m.next_attempt = from_ms(next);
            m.next_attempt_at = iso_utc(next);
            m.last_error = st->text(10);
            m.message_id = st->text(11);
            m.attachment_sha256 = st->text(12);
            m.queued_at = st->text(13);
            m.sent_at = st->text(14);
            out.push_back(std::move(m));
        }
    } catch (const OutputError& e) {
        throw OutputError(std::string("cannot read the mail queue: ") + e.what());
    }
    return out;
}

std::vector<QueuedMail> MailQueue::all() const { return select("", std::nullopt); }

std::vector<QueuedMail> MailQueue::for_report(int number) const {
    return select("report = ?", number);
}

std::optional<Clock::time_point> MailQueue::next_due() const {
    std::lock_guard guard(db_mutex_);
    int64_t waiting = 0, first = 0;
    try {
        auto st = db_->prepare(
            "SELECT COUNT(*), COALESCE(MIN(next_attempt_ms), 0) FROM mails"
            " WHERE status = 'queued'");
        if (st->next()) {
            waiting = st->integer(0);
            first = st->integer(1);
        }
    } catch (const OutputError& e) {
        throw OutputError(std::string("cannot read the mail queue: ") + e.what());
    }
    if (waiting == 0) return std::nullopt;
    return from_ms(first);
}

bool MailQueue::claim(const QueuedMail& m) {
    // Only a mail still queued: should the delivery lock be lost with a broken connection,
    // another delivery may have taken it meanwhile, and it must not go out twice.
    bool claimed = false;
    std::lock_guard guard(db_mutex_);
    in_transaction(
        *db_,
        [&] {
            auto sending = bound_statement(*db_,
                                           "UPDATE mails SET status = 'sending', message_id = ?"
                                           " WHERE id = ? AND status = 'queued' RETURNING id",
                                           m.message_id, m.id);
            claimed = sending->next();
        },
        /*durable=*/true);
    return claimed;
}

MailQueue::DeliveryStats MailQueue::deliver_due(const Config& config, Clock::time_point current) {
    const auto due = next_due();
    if (!due || *due > current) return {};
    return deliver_due(SmtpSettings::from_config(config), current);
}

MailQueue::DeliveryStats MailQueue::deliver_due(const SmtpSettings& smtp,
                                                Clock::time_point current) {
    std::lock_guard deliver(deliver_mutex_);
    DeliveryLock lock(*db_, db_mutex_, state_dir_, true);
    // Holding the lock, no other delivery is under way: a `sending` mail now is abandoned.
    recover_interrupted();

    const int64_t now_ms = to_ms(current);
    const std::string at = iso_utc(now_ms);
    DeliveryStats stats;
    std::unique_ptr<SmtpSender> sender;
    std::string connect_error;  // once connecting failed, the other mails of this round wait

    // Records how an attempt ended, in one transaction with its log row.
    auto settle = [&](const QueuedMail& m, const std::string& status, const std::string& detail,
                      int64_t next_ms, const std::string& outcome) {
        std::lock_guard guard(db_mutex_);
        try {
            in_transaction(
                *db_,
                [&] {
                    const std::string error = status == "sent" ? std::string() : detail;
                    const std::string sent_at = status == "sent" ? at : std::string();
                    bound_statement(*db_,
                                    "UPDATE mails SET status = ?, attempts = attempts + 1,"
                                    " next_attempt_ms = ?, last_error = ?, sent_at = ?"
                                    " WHERE id = ?",
                                    status, next_ms, error, sent_at, m.id)
                        ->execute();
                    bound_statement(*db_,
                                    "INSERT INTO mail_attempts (mail_id, at, outcome, detail)"
                                    " VALUES (?, ?, ?, ?)",
                                    m.id, at, outcome, detail)
                        ->execute();
                },
                /*durable=*/true);
        } catch (const OutputError& e) {
            // A mail left in `sending` is recovered as in doubt: never sent twice.
            throw OutputError("mail queue: cannot record the " + outcome + " of " + m.message_id +
                              ": " + e.what());
        }
    };
    auto retry_later = [&](const QueuedMail& m, const std::string& detail) {
        const auto delay = std::chrono::milliseconds(retry_delay(m.attempts + 1));
        const int64_t next_ms = now_ms + delay.count();
        settle(m, "queued", detail, next_ms, "retry");
        ++stats.failed;
        spdlog::warn(
            "mail of report {} to {} <{}> not delivered (attempt {}): {}; next attempt at {}",
            m.report, m.recipient, m.email, m.attempts + 1, detail, iso_utc(next_ms));
    };
    auto give_up = [&](const QueuedMail& m, const std::string& status, const std::string& detail) {
        settle(m, status, detail, now_ms, status);
        ++stats.failed;
        spdlog::error("mail of report {} to {} <{}> {} (attempt {}, message id {}): {}", m.report,
                      m.recipient, m.email, status == "in_doubt" ? "is in doubt" : "failed",
                      m.attempts + 1, m.message_id, detail);
    };

    try {
        for (QueuedMail& m : select("status = 'queued' AND next_attempt_ms <= ?", now_ms)) {
            // Fixed with the first attempt that reaches DATA, so that retries are the same
            // message even if `[smtp] from` changes in between.
            m.message_id = full_message_id(m.message_id, smtp.from);
            MailContent content;
            content.from = smtp.from;
            content.from_name = smtp.from_name;
            content.to = m.email;
            content.lang = m.lang;
            content.subject = m.subject;
            content.message_id = m.message_id;
            {
                std::lock_guard guard(db_mutex_);
                auto body = bound_statement(*db_, "SELECT body FROM mails WHERE id = ?", m.id);
                if (body->next()) content.body = body->text(0);
                auto files = bound_statement(
                    *db_,
                    "SELECT path, shown_name, media_type, sha256 FROM mail_attachments"
                    " WHERE mail_id = ? ORDER BY position",
                    m.id);
                while (files->next())
                    content.attachments.push_back(
                        {files->text(0), files->text(1), files->text(2), files->text(3)});
            }
            // Queued by another instance from its outbox: the bytes are checked all the same.
            for (auto& a : content.attachments)
                if (bring_ && !std::filesystem::exists(a.path))
                    if (std::string here = bring_(m.report, std::filesystem::path(a.path).filename().string());
                        !here.empty())
                        a.path = here;
            std::string data;
            try {
                data = render_mail(content, Poco::Timestamp(now_ms * 1000));
            } catch (const DeliveryError& e) {
                give_up(m, "failed", e.what());  // identical files only, or nothing
                continue;
            }

            if (!sender && connect_error.empty()) {
                try {
                    sender = std::make_unique<SmtpSender>(smtp);
                } catch (const DeliveryError& e) {
                    connect_error = e.what();
                }
            }
            if (!sender) {
                retry_later(m, connect_error);
                continue;
            }

            if (!claim(m)) continue;
            const SendResult r = sender->send(m.email, data);
            switch (r.outcome) {
                case SendOutcome::sent:
                    settle(m, "sent", r.detail, now_ms, "sent");
                    ++stats.sent;
                    spdlog::info(
                        "mail of report {} sent to {} <{}>: message id {}, attachment SHA-256 {}, "
                        "attempts {}, server said: {}",
                        m.report, m.recipient, m.email, m.message_id,
                        m.attachment_sha256.empty() ? "(none)" : m.attachment_sha256,
                        m.attempts + 1, r.detail);
                    break;
                case SendOutcome::retry:
                    retry_later(m, r.detail);
                    break;
                case SendOutcome::rejected:
                    give_up(m, "failed", r.detail);
                    break;
                case SendOutcome::in_doubt:
                    give_up(m, "in_doubt", r.detail);
                    break;
            }
            if (!r.connection_usable) sender.reset();  // the next mail connects again
        }
    } catch (const Poco::Exception& e) {
        throw OutputError("mail queue: " + e.displayText());
    }
    if (sender) sender->close();
    return stats;
}

}  // namespace sitrep
