#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "pipeline/config/config.h"

namespace sitrep {

/// Where and how mails are handed to the SMTP server.
struct SmtpSettings {
    std::string host;
    int port = 25;
    std::string from;
    std::string from_name = "sitrep";  ///< the display name of the From
    std::string helo;       ///< the name said in EHLO; empty: `default_helo`
    bool starttls = false;  ///< STARTTLS before anything else, or no mail at all
    std::string user;       ///< AUTH PLAIN when set
    std::string password;
    std::string ca_file;  ///< PEM certificates to trust for STARTTLS; empty: the system's CAs
    std::chrono::seconds timeout{30};  ///< for connecting, and for each reply and write

    /// The `[smtp]` section; throws ConfigError when the host or the sender is missing.
    static SmtpSettings from_config(const Config& config);
};

/// The EHLO name when `[smtp] helo` is not set: `machine_name` if it is fully qualified (has a
/// dot), else the domain of `from`, since strict relays refuse a bare host name with 5xx.
std::string default_helo(const std::string& machine_name, const std::string& from);

/// This machine's fully-qualified name (the resolver's canonical name for its host name), or
/// the bare host name when the resolver knows no better.
std::string machine_name();

/// How handing one message to the server ended.
enum class SendOutcome {
    sent,      ///< the server accepted the end of DATA
    retry,     ///< not delivered: a 4xx reply, or the connection failed before the end of DATA
    rejected,  ///< not delivered: the server refused the recipient or the message (5xx)
    in_doubt,  ///< the whole message went out but no reply came: it may have been delivered
};

/// The outcome of one message, with the server's reply or the error.
struct SendResult {
    SendOutcome outcome = SendOutcome::retry;
    std::string detail;
    bool connection_usable = false;  ///< whether the next message can use the same connection
};

/// `sent`, `retry`, `rejected`, `in_doubt`.
const char* to_string(SendOutcome outcome);

/// One SMTP connection: connects, says EHLO, STARTTLS and AUTH PLAIN as configured, then
/// carries messages one by one. Not thread-safe; one per delivering thread.
class SmtpSender {
public:
    /// Connects and logs in; throws DeliveryError naming the server when that fails.
    explicit SmtpSender(const SmtpSettings& settings);
    /// Says QUIT if `close` was not called.
    ~SmtpSender();
    SmtpSender(const SmtpSender&) = delete;
    SmtpSender& operator=(const SmtpSender&) = delete;

    /// Sends one message (the text of `render_mail`) to one recipient. Never throws for what
    /// the server or the network does: the result says whether the message may have arrived.
    SendResult send(const std::string& to, const std::string& data);

    /// Says QUIT and closes the connection; a failure here is logged, not thrown, because every
    /// message on the connection is already settled.
    void close();

private:
    class Session;
    SmtpSettings settings_;
    std::unique_ptr<Session> session_;
};

}  // namespace sitrep
