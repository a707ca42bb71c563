#include "pipeline/distribute/smtp_sender.h"

#include <Poco/Net/Context.h>
#include <Poco/Net/MailStream.h>
#include <Poco/Net/SMTPClientSession.h>
#include <Poco/Net/SecureStreamSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/SocketStream.h>
#include <Poco/Net/StreamSocket.h>
#include <netdb.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <array>

#include "pipeline/distribute/mail_message.h"
#include "pipeline/foundation/errors.h"

namespace sitrep {

/// Poco's session, with the dialog socket reachable so that the end of DATA and the reply to
/// it can be told apart (Poco's sendMessage does both in one call), and with STARTTLS over a
/// socket that was connected with a timeout.
class SmtpSender::Session : public Poco::Net::SMTPClientSession {
public:
    using SMTPClientSession::SMTPClientSession;
    using SMTPClientSession::socket;

    /// Asks for STARTTLS and wraps the connection; false when the server does not offer it.
    bool start_tls(const std::string& host, Poco::Net::Context::Ptr context) {
        std::string response;
        if (sendCommand("STARTTLS", response) / 100 != 2) return false;
        socket() = Poco::Net::SecureStreamSocket::attach(socket(), host, context);
        return true;
    }
};

namespace {

Poco::Timespan timespan(std::chrono::seconds s) { return Poco::Timespan(s.count(), 0); }

Poco::Net::Context::Ptr client_context(const SmtpSettings& s) {
    // VERIFY_RELAXED on a client checks the server's certificate chain; Poco then checks the
    // host name too. A self-signed server is trusted only through `ca_file`.
    return new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, "", "", s.ca_file,
                                  Poco::Net::Context::VERIFY_RELAXED, 9, s.ca_file.empty());
}

std::string server_name(const SmtpSettings& s) {
    return "SMTP server " + s.host + ":" + std::to_string(s.port);
}

/// Multi-line replies (an EHLO list inside an error) on one line, for logs and the queue.
std::string one_line(const std::string& text) {
    std::string out;
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\r') continue;
        if (text[i] == '\n') {
            if (i + 1 < text.size()) out += " / ";
            continue;
        }
        out += text[i];
    }
    return out;
}

/// The server's reply, or its bare status code when it said nothing more.
std::string reply(int status, const std::string& response) {
    const std::string r = one_line(response);
    return r.empty() ? std::to_string(status) : r;
}

}  // namespace

std::string default_helo(const std::string& machine, const std::string& from) {
    if (machine.find('.') != std::string::npos) return machine;
    const std::string domain = domain_of(from);
    return domain.empty() ? machine : domain;
}

std::string machine_name() {
    std::array<char, 256> host{};
    if (::gethostname(host.data(), host.size() - 1) != 0) return "localhost";
    const std::string name = host.data();
    addrinfo hints{};
    hints.ai_flags = AI_CANONNAME;
    addrinfo* info = nullptr;
    if (::getaddrinfo(name.c_str(), nullptr, &hints, &info) != 0) return name;
    const std::string canonical = info->ai_canonname ? info->ai_canonname : name;
    ::freeaddrinfo(info);
    return canonical.find('.') != std::string::npos ? canonical : name;
}

const char* to_string(SendOutcome outcome) {
    switch (outcome) {
        case SendOutcome::sent:
            return "sent";
        case SendOutcome::retry:
            return "retry";
        case SendOutcome::rejected:
            return "rejected";
        case SendOutcome::in_doubt:
            return "in_doubt";
    }
    return "unknown";
}

SmtpSettings SmtpSettings::from_config(const Config& config) {
    if (config.smtp_host.empty())
        throw ConfigError("[smtp] host is not set, but mails are waiting to be sent");
    if (config.smtp_from.empty())
        throw ConfigError("[smtp] from is not set, but mails are waiting to be sent");
    if (domain_of(config.smtp_from).empty())
        throw ConfigError("[smtp] from: '" + config.smtp_from + "' is not an e-mail address");
    SmtpSettings s;
    s.host = config.smtp_host;
    s.port = config.smtp_port;
    s.from = config.smtp_from;
    s.from_name = config.smtp_from_name;
    s.helo = config.smtp_helo;
    s.starttls = config.smtp_starttls;
    s.user = config.smtp_user;
    s.password = config.smtp_password;
    return s;
}

SmtpSender::SmtpSender(const SmtpSettings& settings) : settings_(settings) {
    try {
        Poco::Net::StreamSocket socket;
        socket.connect(
            Poco::Net::SocketAddress(settings_.host, static_cast<Poco::UInt16>(settings_.port)),
            timespan(settings_.timeout));
        socket.setSendTimeout(timespan(settings_.timeout));
        session_ = std::make_unique<Session>(socket);
        session_->setTimeout(timespan(settings_.timeout));
        const std::string helo =
            settings_.helo.empty() ? default_helo(machine_name(), settings_.from) : settings_.helo;
        session_->login(helo);  // greeting and EHLO
        if (settings_.starttls) {
            // Never fall back to plain text: the password and the report would travel in clear.
            if (!session_->start_tls(settings_.host, client_context(settings_)))
                throw DeliveryError(server_name(settings_) + " does not offer STARTTLS");
            session_->setTimeout(timespan(settings_.timeout));
            session_->socket().setSendTimeout(timespan(settings_.timeout));
            if (settings_.user.empty()) session_->login(helo);  // EHLO again, as RFC 3207 asks
        }
        // Poco 1.11's AUTH LOGIN fails against some servers (aiosmtpd); PLAIN works everywhere
        // that matters and is safe over TLS. This login says EHLO again before AUTH.
        if (!settings_.user.empty())
            session_->login(helo, Poco::Net::SMTPClientSession::AUTH_PLAIN, settings_.user,
                            settings_.password);
    } catch (const DeliveryError&) {
        throw;
    } catch (const Poco::Exception& e) {
        throw DeliveryError("cannot deliver through " + server_name(settings_) + ": " +
                            one_line(e.displayText()));
    }
}

SmtpSender::~SmtpSender() { close(); }

void SmtpSender::close() {
    if (!session_) return;
    try {
        session_->close();
    } catch (const Poco::Exception& e) {
        spdlog::debug("closing the connection to {}: {}", server_name(settings_), e.displayText());
    }
    session_.reset();
}

SendResult SmtpSender::send(const std::string& to, const std::string& data) {
    if (!session_) return {SendOutcome::retry, "the connection is closed", false};
    Session& s = *session_;

    // Up to the end of DATA nothing can have been delivered, so any failure means "try again",
    // or "never" when the server refuses for good (5xx).
    auto refused = [&](int status, const std::string& response, const char* step) {
        // Poco reports a connection closed by the server as status 0, not as an exception.
        if (status == 0)
            return SendResult{SendOutcome::retry,
                              std::string(step) + ": the server closed the connection", false};
        SendResult r{status / 100 == 5 ? SendOutcome::rejected : SendOutcome::retry,
                     std::string(step) + ": " + reply(status, response), true};
        try {
            std::string ignored;
            r.connection_usable = s.sendCommand("RSET", ignored) / 100 == 2;
        } catch (const Poco::Exception&) {
            r.connection_usable = false;  // the next message opens a new connection
        }
        return r;
    };
    try {
        std::string response;
        int status = s.sendCommand("MAIL FROM:", "<" + settings_.from + ">", response);
        if (status / 100 != 2) return refused(status, response, "MAIL FROM");
        status = s.sendCommand("RCPT TO:", "<" + to + ">", response);
        if (status / 100 != 2) return refused(status, response, "RCPT TO");
        status = s.sendCommand("DATA", response);
        if (status / 100 != 3) return refused(status, response, "DATA");

        Poco::Net::SocketOutputStream socket_out(s.socket());
        socket_out.exceptions(std::ios::badbit);
        Poco::Net::MailOutputStream mail_out(socket_out);
        mail_out.exceptions(std::ios::badbit);
        mail_out << data;
        mail_out.close();  // the terminating CRLF.CRLF
        socket_out.flush();
    } catch (const Poco::Exception& e) {
        // A write that failed did not get the final dot to the server: not delivered.
        return {SendOutcome::retry,
                "connection lost before the end of DATA: " + one_line(e.displayText()), false};
    } catch (const std::ios_base::failure& e) {
        return {SendOutcome::retry,
                std::string("connection lost before the end of DATA: ") + e.what(), false};
    }

    // The end of DATA is out. From here on a missing reply means the server may have taken the
    // message: the caller must not send it again on its own (RFC 1047's duplicate problem).
    try {
        std::string response;
        const int status = s.socket().receiveStatusMessage(response);
        if (status == 0)
            return {SendOutcome::in_doubt,
                    "the server closed the connection without answering the end of DATA", false};
        if (status / 100 == 2) return {SendOutcome::sent, reply(status, response), true};
        return {status / 100 == 5 ? SendOutcome::rejected : SendOutcome::retry,
                "end of DATA: " + reply(status, response), true};
    } catch (const Poco::Exception& e) {
        return {SendOutcome::in_doubt, "no reply to the end of DATA: " + one_line(e.displayText()),
                false};
    }
}

}  // namespace sitrep
