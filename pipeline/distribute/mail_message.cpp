#include "pipeline/distribute/mail_message.h"

#include <Poco/Base64Encoder.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/Net/MailMessage.h>
#include <Poco/Net/MailRecipient.h>
#include <Poco/Net/StringPartSource.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string_view>
#include <vector>

#include "pipeline/foundation/errors.h"
#include "pipeline/foundation/sha256.h"
#include "pipeline/report/locale_format.h"

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

/// RFC 2047 B-encoded words of at most 75 characters, split between UTF-8 characters.
std::string encoded_words(const std::string& text) {
    constexpr size_t kChunk = 45;  // 45 bytes -> 60 base64 characters + 12 of =?UTF-8?B??=
    std::string out;
    size_t pos = 0;
    while (pos < text.size()) {
        size_t end = std::min(text.size(), pos + kChunk);
        while (end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80)
            --end;  // never cut a character in two
        std::ostringstream b64;
        Poco::Base64Encoder encoder(b64);
        encoder.rdbuf()->setLineLength(0);
        encoder << text.substr(pos, end - pos);
        encoder.close();
        out += (out.empty() ? "" : " ") + std::string("=?UTF-8?B?") + b64.str() + "?=";
        pos = end;
    }
    return out;
}

bool is_atext(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) ||
           std::string_view("!#$%&'*+-/=?^_`{|}~").find(c) != std::string_view::npos;
}

/// A display name with non-ASCII text as an RFC 5322 phrase: plain words stay atoms, and each
/// run of words that need encoding becomes encoded words. Runs are merged, because readers
/// drop the space between two adjacent encoded words.
std::string encoded_phrase(const std::string& name) {
    std::vector<std::string> words;
    std::istringstream in(name);
    for (std::string w; in >> w;) words.push_back(w);
    std::string out, run;
    auto flush = [&] {
        if (run.empty()) return;
        out += (out.empty() ? "" : " ") + encoded_words(run);
        run.clear();
    };
    for (const auto& w : words) {
        if (std::all_of(w.begin(), w.end(), is_atext)) {
            flush();
            out += (out.empty() ? "" : " ") + w;
        } else {
            run += (run.empty() ? "" : " ") + w;
        }
    }
    flush();
    return out;
}

}  // namespace

std::string rfc5322_date(Poco::Timestamp date) {
    const int64_t utc_minutes = date.epochTime() / 60;
    const int offset = brussels_offset_minutes(utc_minutes);
    const Poco::Timestamp local = date + Poco::Timestamp::TimeDiff(offset) * 60 * 1000000;
    char zone[16];
    std::snprintf(zone, sizeof zone, "%c%02d%02d", offset < 0 ? '-' : '+', std::abs(offset) / 60,
                  std::abs(offset) % 60);
    return Poco::DateTimeFormatter::format(local, "%w, %d %b %Y %H:%M:%S ") + zone;
}

std::string mailbox(const std::string& name, const std::string& address) {
    std::string clean;  // a line break in a configured name must not start a header
    for (char c : name) clean += (c == '\r' || c == '\n' || c == '\t') ? ' ' : c;
    if (clean.find_first_not_of(' ') == std::string::npos) return address;
    const bool ascii = std::all_of(clean.begin(), clean.end(), [](char c) {
        return static_cast<unsigned char>(c) >= 0x20 && static_cast<unsigned char>(c) < 0x7F;
    });
    if (!ascii) return encoded_phrase(clean) + " <" + address + ">";
    std::string quoted = "\"";
    for (char c : clean) {
        if (c == '"' || c == '\\') quoted += '\\';
        quoted += c;
    }
    return quoted + "\" <" + address + ">";
}

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
    message.set(MailMessage::HEADER_DATE, rfc5322_date(date));
    message.setSender(mailbox(mail.from_name, mail.from));
    message.addRecipient(
        Poco::Net::MailRecipient(Poco::Net::MailRecipient::PRIMARY_RECIPIENT, mail.to));
    message.setSubject(MailMessage::encodeWord(mail.subject, "UTF-8"));
    message.set("Message-ID", mail.message_id);
    message.set("Auto-Submitted", "auto-generated");  // RFC 3834: no auto-replies, please
    if (!mail.lang.empty()) message.set("Content-Language", mail.lang);  // RFC 3282
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
