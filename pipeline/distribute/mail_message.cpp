#include "pipeline/distribute/mail_message.h"

#include <Poco/Net/MailMessage.h>
#include <Poco/Net/MailRecipient.h>
#include <Poco/Net/StringPartSource.h>

#include <fstream>
#include <sstream>

#include "pipeline/model/errors.h"
#include "pipeline/sources/sha256.h"

namespace sitrep {
namespace {

std::string read_checked(const MailAttachment& a) {
    std::ifstream in(a.path, std::ios::binary);
    if (!in) throw DeliveryError("cannot attach " + a.path + ": the file is missing");
    std::ostringstream bytes;
    bytes << in.rdbuf();
    if (in.bad()) throw DeliveryError("cannot attach " + a.path + ": read error");
    std::string data = std::move(bytes).str();
    const std::string now = sha256_hex(data);
    if (now != a.sha256)
        throw DeliveryError("refusing to send " + a.path + ": it changed since it was queued " +
                            "(SHA-256 was " + a.sha256 + ", is now " + now + ")");
    return data;
}

/// SMTP lines end in CRLF; Poco passes a bare LF through, and its dot-stuffing only looks
/// after CRLF, so a body line that starts with "." could otherwise end the DATA early.
std::string with_crlf(const std::string& text) {
    std::string out;
    out.reserve(text.size() + text.size() / 32);
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\r') continue;
        if (text[i] == '\n') out += '\r';
        out += text[i];
    }
    return out;
}

}  // namespace

std::string domain_of(const std::string& address) {
    const size_t at = address.rfind('@');
    return at == std::string::npos ? std::string() : address.substr(at + 1);
}

std::string full_message_id(const std::string& queued, const std::string& from) {
    if (queued.find('@') != std::string::npos) return queued;  // queued whole, or already sent
    const std::string domain = domain_of(from);
    return "<" + queued + "@" + (domain.empty() ? "sitrep.invalid" : domain) + ">";
}

std::string media_type_for(const std::string& file_name) {
    auto ends_with = [&](const std::string& ext) {
        return file_name.size() >= ext.size() &&
               file_name.compare(file_name.size() - ext.size(), ext.size(), ext) == 0;
    };
    if (ends_with(".pdf")) return "application/pdf";
    if (ends_with(".xlsx"))
        return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    if (ends_with(".json")) return "application/json";
    return "application/octet-stream";
}

std::string render_mail(const MailContent& mail, Poco::Timestamp date) {
    using Poco::Net::MailMessage;
    MailMessage message;
    message.setDate(date);
    message.setSender(mail.from);
    message.addRecipient(
        Poco::Net::MailRecipient(Poco::Net::MailRecipient::PRIMARY_RECIPIENT, mail.to));
    message.setSubject(MailMessage::encodeWord(mail.subject, "UTF-8"));
    message.set("Message-ID", mail.message_id);
    message.set("Auto-Submitted", "auto-generated");  // RFC 3834: no auto-replies, please
    const std::string text_type = "text/plain; charset=UTF-8";
    const std::string body = with_crlf(mail.body);
    if (mail.attachments.empty()) {
        message.setContentType(text_type);
        message.setContent(body, MailMessage::ENCODING_QUOTED_PRINTABLE);
    } else {
        message.addContent(new Poco::Net::StringPartSource(body, text_type),
                           MailMessage::ENCODING_QUOTED_PRINTABLE);
        for (const auto& a : mail.attachments) {
            // The bytes that were checked are the bytes that are sent: reading the file again
            // later (FilePartSource) could pick up a file replaced in between.
            message.addAttachment(
                a.shown_name,
                new Poco::Net::StringPartSource(read_checked(a), a.media_type, a.shown_name),
                MailMessage::ENCODING_BASE64);
        }
    }
    std::ostringstream out;
    message.write(out);
    return std::move(out).str();
}

}  // namespace sitrep
