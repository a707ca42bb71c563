#pragma once

#include <Poco/Timestamp.h>

#include <string>
#include <vector>

namespace sitrep {

/// A file attached to a mail, with the SHA-256 it had when the mail was queued.
struct MailAttachment {
    std::string path;        ///< where the file is, e.g. OUTBOX/sitrep-0237.nl.pdf
    std::string shown_name;  ///< the ASCII name the recipient sees: sitrep-0237.nl.pdf
    std::string media_type;  ///< application/pdf
    std::string sha256;      ///< lowercase hex
};

/// Everything one message says; the envelope sender and recipient are the same addresses.
struct MailContent {
    std::string from;
    std::string from_name;  ///< the display name of the From, UTF-8; empty: the address alone
    std::string to;
    std::string lang;       ///< the Content-Language, e.g. nl; empty: none
    std::string subject;     ///< UTF-8, one line
    std::string body;        ///< UTF-8 plain text
    std::string message_id;  ///< with its angle brackets: <sitrep-0237-r0-….3f9c…@example.org>
    std::vector<MailAttachment> attachments;
};

/// The domain of an address: `crisiscenter.example` for `sitrep@crisiscenter.example`; empty
/// when there is none.
std::string domain_of(const std::string& address);

/// The Message-ID of a queued mail: its left side `queued` on the domain of `from`, in angle
/// brackets (`sitrep.invalid` when `from` has no domain); an id queued whole stays as it is.
std::string full_message_id(const std::string& queued, const std::string& from);

/// The media type of an outbox file by its extension (pdf, xlsx, json), else octet-stream.
std::string media_type_for(const std::string& file_name);

/// `date` as RFC 5322 writes it, in Brussels time with its numeric offset:
/// `Wed, 08 Feb 2023 07:00:00 +0100` (not the obsolete `GMT`).
std::string rfc5322_date(Poco::Timestamp date);

/// `"name" <address>`, or an RFC 2047 word for a name that is not ASCII; the bare address
/// without a name.
std::string mailbox(const std::string& name, const std::string& address);

/// The whole RFC 5322 message (headers, text part, base64 attachments) dated `date`, as
/// it goes after SMTP DATA. Each attachment is read once and its bytes are checked against
/// the recorded SHA-256 before they are encoded, so a recipient gets exactly the files that
/// were queued or nothing: throws DeliveryError when a file is missing or has changed.
std::string render_mail(const MailContent& mail, Poco::Timestamp date = Poco::Timestamp());

}  // namespace sitrep
