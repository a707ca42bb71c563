#include "pipeline/distribute/mail_queue.h"

#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/File.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Path.h>
#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iterator>
#include <map>
#include <random>
#include <sstream>

#include "pipeline/distribute/mail_message.h"
#include "pipeline/foundation/errors.h"
#include "pipeline/foundation/file_names.h"
#include "pipeline/foundation/sha256.h"
#include "pipeline/store/write_transaction.h"

using namespace Poco::Data::Keywords;

namespace sitrep {
namespace {

constexpr const char* kSchema[] = {
    "CREATE TABLE IF NOT EXISTS mails ("
    " id INTEGER PRIMARY KEY AUTOINCREMENT, report INTEGER NOT NULL, round INTEGER NOT NULL,"
    " recipient TEXT NOT NULL, email TEXT NOT NULL, lang TEXT NOT NULL, subject TEXT NOT NULL,"
    " body TEXT NOT NULL, message_id TEXT NOT NULL, attachment_sha256 TEXT NOT NULL,"
    " status TEXT NOT NULL, attempts INTEGER NOT NULL, next_attempt_ms INTEGER NOT NULL,"
    " last_error TEXT NOT NULL, queued_at TEXT NOT NULL, sent_at TEXT NOT NULL,"
    " UNIQUE (report, round, recipient))",
    "CREATE INDEX IF NOT EXISTS mails_due ON mails(status, next_attempt_ms)",
    "CREATE TABLE IF NOT EXISTS mail_attachments ("
    " mail_id INTEGER NOT NULL REFERENCES mails(id), position INTEGER NOT NULL,"
    " path TEXT NOT NULL, shown_name TEXT NOT NULL, media_type TEXT NOT NULL,"
    " sha256 TEXT NOT NULL, PRIMARY KEY (mail_id, position))",
    // One row per attempt: the delivery log the status page and an audit can read back.
    "CREATE TABLE IF NOT EXISTS mail_attempts ("
    " mail_id INTEGER NOT NULL REFERENCES mails(id), at TEXT NOT NULL, outcome TEXT NOT NULL,"
    " detail TEXT NOT NULL)",
    // Facts about this state folder, such as its random installation id.
    "CREATE TABLE IF NOT EXISTS installation (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
};

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

/// An exclusive flock on a file: held by whoever delivers, released by the kernel when the
/// process dies, so that a `sending` mail is known to be abandoned only when nobody holds it.
class FileLock {
public:
    FileLock(const std::string& path, bool wait) {
        fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
        if (fd_ < 0) throw OutputError("cannot open " + path + ": " + std::strerror(errno));
        int r;
        do r = ::flock(fd_, wait ? LOCK_EX : LOCK_EX | LOCK_NB);
        while (r != 0 && errno == EINTR);
        held_ = r == 0;
        if (!held_ && errno != EWOULDBLOCK) {
            const int err = errno;
            ::close(fd_);
            throw OutputError("cannot lock " + path + ": " + std::strerror(err));
        }
    }
    ~FileLock() { ::close(fd_); }  // closing the descriptor releases the lock
    FileLock(const FileLock&) = delete;
    FileLock& operator=(const FileLock&) = delete;
    bool held() const { return held_; }

private:
    int fd_ = -1;
    bool held_ = false;
};

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

MailQueue::MailQueue(const std::string& state_dir) {
    static std::once_flag registered;
    std::call_once(registered, [] { Poco::Data::SQLite::Connector::registerConnector(); });
    try {
        Poco::File(state_dir).createDirectories();
        const std::string path = Poco::Path(state_dir).append("sitrep.db").toString();
        lock_path_ = Poco::Path(state_dir).append("mail-queue.lock").toString();
        session_ = std::make_unique<Poco::Data::Session>("SQLite", path);
        *session_ << "PRAGMA journal_mode=WAL", now;
        *session_ << "PRAGMA synchronous=FULL", now;
        *session_ << "PRAGMA foreign_keys=ON", now;
        // The store and other processes write to the same file: wait for them, do not fail.
        *session_ << "PRAGMA busy_timeout=10000", now;
        for (const char* sql : kSchema) *session_ << sql, now;
        // Made once per state folder, so that a fresh state never repeats an old Message-ID
        // (mailboxes drop a message whose id they have seen as a duplicate).
        *session_ << "INSERT OR IGNORE INTO installation VALUES ('id', ?)", bind(random_id()), now;
        *session_ << "SELECT value FROM installation WHERE key = 'id'", into(installation_id_),
            now;
    } catch (const Poco::Exception& e) {
        throw OutputError("cannot open the mail queue in " + state_dir + ": " + e.displayText());
    }
    // If another process holds the lock it is delivering right now, and its `sending` mails
    // are in flight, not abandoned; the next delivery here recovers them once it is done.
    FileLock lock(lock_path_, false);
    if (lock.held()) recover_interrupted();
}

MailQueue::~MailQueue() = default;

void MailQueue::recover_interrupted() {
    std::lock_guard guard(db_mutex_);
    try {
        std::vector<Poco::Int64> ids;
        std::vector<int> reports;
        std::vector<std::string> recipients, emails, message_ids;
        *session_ << "SELECT id, report, recipient, email, message_id FROM mails"
                     " WHERE status = 'sending' ORDER BY id",
            into(ids), into(reports), into(recipients), into(emails), into(message_ids), now;
        if (ids.empty()) return;
        const std::string at = iso_utc(to_ms(Clock::now()));
        in_write_transaction(*session_, [&] {
            for (size_t i = 0; i < ids.size(); ++i) {
                *session_ << "UPDATE mails SET status = 'in_doubt', last_error = ? WHERE id = ?",
                    bind(std::string(kInDoubt)), use(ids[i]), now;
                *session_ << "INSERT INTO mail_attempts VALUES (?, ?, 'in_doubt', ?)", use(ids[i]),
                    bind(at), bind(std::string(kInDoubt)), now;
            }
        });
        for (size_t i = 0; i < ids.size(); ++i)
            spdlog::warn("mail of report {} to {} <{}> ({}) is in doubt: {}", reports[i],
                         recipients[i], emails[i], message_ids[i], kInDoubt);
    } catch (const Poco::Exception& e) {
        throw OutputError("mail queue: cannot recover interrupted mails: " + e.displayText());
    }
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
        in_write_transaction(*session_, [&] {
            int round = 0;
            std::map<std::string, std::string> first_sha;  // shown name → SHA-256 first queued
            if (resend) {
                *session_ << "SELECT COALESCE(MAX(round), -1) + 1 FROM mails WHERE report = ?",
                    into(round), bind(report.number), now;
                std::vector<std::string> names, shas;
                *session_ << "SELECT a.shown_name, a.sha256 FROM mail_attachments a"
                             " JOIN mails m ON m.id = a.mail_id WHERE m.report = ?"
                             " ORDER BY m.round, m.id, a.position",
                    into(names), into(shas), bind(report.number), now;
                for (size_t i = 0; i < names.size(); ++i) first_sha.emplace(names[i], shas[i]);
            }
            for (const auto& p : plan) {
                const RecipientConfig& r = *p.recipient;
                if (!resend) {
                    int existing = 0;
                    *session_ << "SELECT COUNT(*) FROM mails WHERE report = ? AND round = 0"
                                 " AND recipient = ?",
                        into(existing), bind(report.number), useRef(r.name), now;
                    if (existing > 0) continue;
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
                *session_ << "INSERT INTO mails (report, round, recipient, email, lang, subject,"
                             " body, message_id, attachment_sha256, status, attempts,"
                             " next_attempt_ms, last_error, queued_at, sent_at)"
                             " VALUES (?,?,?,?,?,?,?,?,?,?,0,?,?,?,'')",
                    bind(report.number), use(round), useRef(r.name), useRef(r.email),
                    useRef(r.lang), bind(t.subject(report)), bind(t.body(report)),
                    bind(message_id_left(report.number, round, r.name, installation_id_)),
                    use(pdf_sha), useRef(status),
                    bind(static_cast<Poco::Int64>(queued_ms)), use(error), useRef(queued_at), now;
                Poco::Int64 id = 0;
                *session_ << "SELECT last_insert_rowid()", into(id), now;
                for (size_t i = 0; i < p.attachments.size(); ++i) {
                    const auto& a = p.attachments[i];
                    *session_ << "INSERT INTO mail_attachments VALUES (?,?,?,?,?,?)", use(id),
                        bind(static_cast<int>(i)), useRef(a.path), useRef(a.shown_name),
                        useRef(a.media_type), useRef(a.sha256), now;
                }
                if (error.empty())
                    ++queued;
                else
                    failures.push_back(r.name + " <" + r.email + ">: " + error);
            }
        });
    } catch (const Poco::Exception& e) {
        throw OutputError("cannot queue the mails of report " + std::to_string(report.number) +
                          ": " + e.displayText());
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
    std::vector<Poco::Int64> id, next;
    std::vector<int> report, round, attempts;
    std::vector<std::string> recipient, email, lang, subject, status, last_error, message_id, sha,
        queued_at, sent_at;
    std::lock_guard guard(db_mutex_);
    try {
        Poco::Data::Statement st(*session_);
        st << "SELECT id, report, round, recipient, email, lang, subject, status, attempts,"
              " next_attempt_ms, last_error, message_id, attachment_sha256, queued_at, sent_at"
              " FROM mails" +
                  (where.empty() ? std::string() : " WHERE " + where) + " ORDER BY id",
            into(id), into(report), into(round), into(recipient), into(email), into(lang),
            into(subject), into(status), into(attempts), into(next), into(last_error),
            into(message_id), into(sha), into(queued_at), into(sent_at);
        Poco::Int64 value = param.value_or(0);
        if (param) st, use(value);
        st.execute();
    } catch (const Poco::Exception& e) {
        throw OutputError("cannot read the mail queue: " + e.displayText());
    }
    std::vector<QueuedMail> out(id.size());
    for (size_t i = 0; i < id.size(); ++i) {
        auto& m = out[i];
        m.id = id[i];
        m.report = report[i];
        m.round = round[i];
        m.recipient = recipient[i];
        m.email = email[i];
        m.lang = lang[i];
        m.subject = subject[i];
        m.status = status[i];
        m.attempts = attempts[i];
        m.next_attempt = from_ms(next[i]);
        m.next_attempt_at = iso_utc(next[i]);
        m.last_error = last_error[i];
        m.message_id = message_id[i];
        m.attachment_sha256 = sha[i];
        m.queued_at = queued_at[i];
        m.sent_at = sent_at[i];
    }
    return out;
}

std::vector<QueuedMail> MailQueue::all() const { return select("", std::nullopt); }

std::vector<QueuedMail> MailQueue::for_report(int number) const {
    return select("report = ?", number);
}

std::optional<Clock::time_point> MailQueue::next_due() const {
    std::lock_guard guard(db_mutex_);
    int waiting = 0;
    Poco::Int64 first = 0;
    try {
        *session_ << "SELECT COUNT(*), COALESCE(MIN(next_attempt_ms), 0) FROM mails"
                     " WHERE status = 'queued'",
            into(waiting), into(first), now;
    } catch (const Poco::Exception& e) {
        throw OutputError("cannot read the mail queue: " + e.displayText());
    }
    if (waiting == 0) return std::nullopt;
    return from_ms(first);
}

MailQueue::DeliveryStats MailQueue::deliver_due(const Config& config, Clock::time_point current) {
    const auto due = next_due();
    if (!due || *due > current) return {};
    return deliver_due(SmtpSettings::from_config(config), current);
}

MailQueue::DeliveryStats MailQueue::deliver_due(const SmtpSettings& smtp,
                                                Clock::time_point current) {
    std::lock_guard deliver(deliver_mutex_);
    FileLock lock(lock_path_, true);
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
            in_write_transaction(*session_, [&] {
                Poco::Int64 id = m.id;
                const std::string error = status == "sent" ? std::string() : detail;
                const std::string sent_at = status == "sent" ? at : std::string();
                *session_ << "UPDATE mails SET status = ?, attempts = attempts + 1,"
                             " next_attempt_ms = ?, last_error = ?, sent_at = ? WHERE id = ?",
                    useRef(status), bind(static_cast<Poco::Int64>(next_ms)), useRef(error),
                    useRef(sent_at), use(id), now;
                *session_ << "INSERT INTO mail_attempts VALUES (?, ?, ?, ?)", use(id), useRef(at),
                    useRef(outcome), useRef(detail), now;
            });
        } catch (const Poco::Exception& e) {
            // A mail left in `sending` is recovered as in doubt: never sent twice.
            throw OutputError("mail queue: cannot record the " + outcome + " of " + m.message_id +
                              ": " + e.displayText());
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
                Poco::Int64 id = m.id;
                std::vector<std::string> path, name, type, sha;
                *session_ << "SELECT body FROM mails WHERE id = ?", into(content.body), use(id),
                    now;
                *session_ << "SELECT path, shown_name, media_type, sha256 FROM mail_attachments"
                             " WHERE mail_id = ? ORDER BY position",
                    into(path), into(name), into(type), into(sha), use(id), now;
                for (size_t i = 0; i < path.size(); ++i)
                    content.attachments.push_back({path[i], name[i], type[i], sha[i]});
            }
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

            {
                std::lock_guard guard(db_mutex_);
                Poco::Int64 id = m.id;
                in_write_transaction(*session_, [&] {
                    *session_ << "UPDATE mails SET status = 'sending', message_id = ? WHERE id = ?",
                        useRef(m.message_id), use(id), now;
                });
            }
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
