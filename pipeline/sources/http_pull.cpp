#include "pipeline/sources/http_pull.h"

#include <Poco/Exception.h>
#include <Poco/File.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/MessageHeader.h>
#include <Poco/Net/NameValueCollection.h>
#include <Poco/Net/NetSSL.h>
#include <Poco/Net/SSLException.h>
#include <Poco/Path.h>
#include <Poco/Timespan.h>
#include <Poco/URI.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <sstream>
#include <thread>
#include <vector>

#include "adapters/intake.h"
#include "pipeline/foundation/errors.h"
#include "pipeline/foundation/atomic_file.h"
#include "pipeline/foundation/file_names.h"
#include "pipeline/foundation/strings.h"

namespace sitrep {
namespace {

using Poco::Net::HTTPResponse;

// --- file names ------------------------------------------------------------------------------

// A name that stays inside the inbox and that inbox listing does not skip as hidden.
bool is_safe_name(std::string_view name) {
    if (name.empty() || name.size() > 200 || name[0] == '.' || name[0] == '~') return false;
    return std::none_of(name.begin(), name.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return c == '/' || c == '\\' || u < 0x20 || u == 0x7f;
    });
}

std::string lowercase(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

// `attachment; filename="x.csv"` or RFC 6266's `filename*=UTF-8''x.csv` (which wins).
std::string disposition_name(std::string_view header) {
    if (header.empty()) return "";
    std::string value;
    Poco::Net::NameValueCollection params;
    Poco::Net::MessageHeader::splitParameters(std::string(header), value, params);
    const std::string extended = params.get("filename*", "");
    if (const auto quote = extended.find("''"); quote != std::string::npos) {
        std::string decoded;
        try {
            Poco::URI::decode(extended.substr(quote + 2), decoded);
            return decoded;
        } catch (const Poco::Exception& e) {
            spdlog::debug("pull: ignoring a bad filename* in Content-Disposition: {}",
                          e.displayText());
        }
    }
    return params.get("filename", "");
}

std::vector<std::string> url_path_segments(std::string_view url) {
    std::vector<std::string> out;
    std::string path;
    try {
        path = Poco::URI(std::string(url)).getPath();
    } catch (const Poco::Exception& e) {
        spdlog::debug("pull: cannot read the path of {}: {}", url, e.displayText());
        return out;
    }
    std::istringstream in(path);
    for (std::string segment; std::getline(in, segment, '/');)
        if (!segment.empty()) out.push_back(segment);
    return out;
}

// The extensions to try for a body, best first; the URL's own extension when the server does
// not say what it sends.
std::vector<std::string> extensions_for(std::string_view content_type, std::string_view last) {
    std::string type = lowercase(content_type.substr(0, content_type.find(';')));
    type = trim(type, " \t");
    if (type == "application/json" || type == "text/json") return {"json"};
    // Any CSV could be an HXL-tagged contributor file: let that feed judge it too.
    if (type == "text/csv" || type == "application/csv") return {"csv", "hxl.csv"};
    if (type == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        return {"xlsx"};
    if (type == "text/markdown") return {"md"};
    if (const auto dot = last.find('.'); dot != std::string_view::npos && dot + 1 < last.size())
        return {lowercase(last.substr(dot + 1))};
    if (type == "text/plain") return {"txt"};
    // The server did not say what it sends: every feed's extension is a candidate and the
    // adapters' name patterns decide, so that Actiris' API answering without a Content-Type
    // still lands as actiris_ukraine_<date>.json. A type it did name (a PDF) stays what it is.
    if (type.empty() || type == "application/octet-stream")
        return {"json", "csv", "hxl.csv", "xlsx", "bin"};
    return {"bin"};
}

// Keeps a URL path segment usable inside a file name.
std::string name_word(std::string_view segment) {
    std::string out;
    for (char c : segment) {
        const auto u = static_cast<unsigned char>(c);
        if (std::isalnum(u) || c == '-')
            out += static_cast<char>(std::tolower(u));
        else
            return "";
    }
    return out;
}

std::string compact_date(Date date) {
    std::string iso = date.iso();
    iso.erase(std::remove(iso.begin(), iso.end(), '-'), iso.end());
    return iso;
}

// --- remembered validators -------------------------------------------------------------------

struct Validators {
    std::string url;
    std::string etag;
    std::string last_modified;
};

std::string state_path(const PullOptions& options, const std::string& partner) {
    Poco::Path p(options.state);
    p.makeDirectory();
    p.pushDirectory("pull");
    p.setFileName(partner + ".json");
    return p.toString();
}

// A lost or damaged state file only costs one unconditional download, so it is not an error.
Validators load_validators(const std::string& path) {
    Validators v;
    std::ifstream in(path, std::ios::binary);
    if (!in) return v;
    try {
        const auto root = Poco::JSON::Parser().parse(in).extract<Poco::JSON::Object::Ptr>();
        v.url = root->optValue<std::string>("url", "");
        v.etag = root->optValue<std::string>("etag", "");
        v.last_modified = root->optValue<std::string>("last_modified", "");
    } catch (const Poco::Exception& e) {
        spdlog::warn("pull: ignoring unreadable {}: {}", path, e.displayText());
        return {};
    }
    return v;
}

void save_validators(const std::string& path, const Validators& v) {
    Poco::File(Poco::Path(path).parent()).createDirectories();
    Poco::JSON::Object root;
    root.set("url", v.url);
    root.set("etag", v.etag);
    root.set("last_modified", v.last_modified);
    std::ostringstream out;
    root.stringify(out);
    out << '\n';
    write_file_atomically(path, out.str());
}

// --- one request -----------------------------------------------------------------------------

struct Attempt {
    bool retryable = false;
    int status = 0;
    std::string error;  ///< empty when the server's answer can be used
    std::string body;
    std::string etag;
    std::string last_modified;
    std::string content_type;
    std::string content_disposition;
};

Poco::Net::Context::Ptr client_context(const std::string& ca_location) {
    static std::mutex mutex;
    static std::map<std::string, Poco::Net::Context::Ptr> contexts;
    std::lock_guard lock(mutex);
    auto& context = contexts[ca_location];
    if (!context) {
        Poco::Net::initializeSSL();
        Poco::Net::Context::Params params;
        params.caLocation = ca_location;
        params.verificationMode = Poco::Net::Context::VERIFY_RELAXED;  // a client: verify peer
        params.loadDefaultCAs = true;
        context = new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, params);
        context->requireMinimumProtocol(Poco::Net::Context::PROTO_TLSV1_2);
    }
    return context;
}

// Printable, one line, short: error bodies end up in logs and operator messages.
std::string excerpt(std::string_view text) {
    std::string out;
    for (char c : text.substr(0, 200)) {
        const auto u = static_cast<unsigned char>(c);
        out += (u < 0x20 || u == 0x7f) ? ' ' : c;
    }
    out = trim(out, " \t");
    return text.size() > 200 ? out + "…" : out;
}

// Reads at most `limit` bytes into `body`; true when the body is longer than that.
bool read_body(std::istream& in, size_t limit, std::string& body) {
    char buffer[64 * 1024];
    while (in) {
        in.read(buffer,
                static_cast<std::streamsize>(std::min(sizeof buffer, limit - body.size() + 1)));
        body.append(buffer, static_cast<size_t>(in.gcount()));
        if (body.size() > limit) {
            body.resize(limit);
            return true;
        }
    }
    return false;
}

// The start of an error body, which often says what is wrong (an expired token, say). Failing
// to read it must not hide the status that came before it.
std::string error_detail(std::istream& in) {
    std::string peek;
    try {
        read_body(in, 4096, peek);
    } catch (const Poco::Exception& e) {
        spdlog::debug("pull: cannot read the error body: {}", e.displayText());
    } catch (const std::ios_base::failure& e) {
        spdlog::debug("pull: cannot read the error body: {}", e.what());
    }
    return peek.empty() ? "" : ": " + excerpt(peek);
}

std::string status_text(const HTTPResponse& response) {
    return "HTTP " + std::to_string(response.getStatus()) + " " + response.getReason();
}

Attempt request_once(const Poco::URI& uri, const PartnerConfig& partner, const PullOptions& options,
                     const Validators& known) {
    Attempt a;
    try {
        std::unique_ptr<Poco::Net::HTTPClientSession> session;
        if (uri.getScheme() == "https")
            session = std::make_unique<Poco::Net::HTTPSClientSession>(
                uri.getHost(), uri.getPort(), client_context(options.ca_location));
        else
            session = std::make_unique<Poco::Net::HTTPClientSession>(uri.getHost(), uri.getPort());
        const auto micro = [](std::chrono::milliseconds ms) {
            return Poco::Timespan(static_cast<Poco::Timespan::TimeDiff>(ms.count()) * 1000);
        };
        session->setTimeout(micro(options.connect_timeout), micro(options.receive_timeout),
                            micro(options.receive_timeout));
        session->setKeepAlive(false);

        std::string target = uri.getPathAndQuery();
        if (target.empty()) target = "/";
        Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_GET, target,
                                       Poco::Net::HTTPMessage::HTTP_1_1);
        request.set("User-Agent", "sitrep-pull/1");
        request.set("Accept", "*/*");
        if (!partner.pull_token.empty()) request.setCredentials("Bearer", partner.pull_token);
        if (!known.etag.empty()) request.set("If-None-Match", known.etag);
        if (!known.last_modified.empty()) request.set("If-Modified-Since", known.last_modified);
        session->sendRequest(request);

        HTTPResponse response;
        std::istream& in = session->receiveResponse(response);
        // Without this a timeout while reading the body would only set badbit, losing why.
        in.exceptions(std::ios::badbit);
        a.status = static_cast<int>(response.getStatus());

        if (a.status == HTTPResponse::HTTP_OK) {
            if (response.hasContentLength() &&
                response.getContentLength64() > static_cast<Poco::Int64>(options.max_bytes)) {
                a.error = "the body of " + std::to_string(response.getContentLength64()) +
                          " bytes is over the limit of " + std::to_string(options.max_bytes);
                return a;
            }
            if (read_body(in, options.max_bytes, a.body)) {
                a.error =
                    "the body is over the limit of " + std::to_string(options.max_bytes) + " bytes";
                return a;
            }
            if (response.hasContentLength() &&
                static_cast<Poco::Int64>(a.body.size()) != response.getContentLength64()) {
                a.error = "the connection closed after " + std::to_string(a.body.size()) + " of " +
                          std::to_string(response.getContentLength64()) + " bytes";
                a.retryable = true;
                return a;
            }
            if (a.body.empty()) {
                a.error = "HTTP 200 with an empty body: nothing to store";
                return a;
            }
            a.etag = response.get("ETag", "");
            a.last_modified = response.get("Last-Modified", "");
            a.content_type = response.get("Content-Type", "");
            a.content_disposition = response.get("Content-Disposition", "");
            return a;
        }
        if (a.status == HTTPResponse::HTTP_NOT_MODIFIED) return a;

        const bool redirect = a.status >= 300 && a.status < 400 && response.has("Location");
        a.error = status_text(response) +
                  (redirect ? "; it points to " + response.get("Location") +
                                  " (redirects are not followed: put that URL in pull_url)"
                            : error_detail(in));
        a.retryable = a.status >= 500;
        return a;
    } catch (const Poco::Net::CertificateValidationException& e) {
        a.error = "the server's certificate is not trusted: " + e.displayText();
    } catch (const Poco::Net::SSLException& e) {
        // OpenSSL reports an untrusted certificate only in its message text. A retry would not
        // change that verdict, but a connection dropped mid-handshake deserves one.
        const bool untrusted =
            e.displayText().find("certificate verify failed") != std::string::npos;
        a.error =
            (untrusted ? "the server's certificate is not trusted: " : "TLS: ") + e.displayText();
        a.retryable = !untrusted;
    } catch (const Poco::TimeoutException&) {
        a.error = "timed out (" + std::to_string(options.connect_timeout.count()) +
                  " ms to connect, " + std::to_string(options.receive_timeout.count()) +
                  " ms to receive)";
        a.retryable = true;
    } catch (const Poco::Exception& e) {
        a.error = e.displayText();
        a.retryable = true;
    } catch (const std::ios_base::failure& e) {
        a.error = std::string("reading the response failed: ") + e.what();
        a.retryable = true;
    }
    return a;
}

// --- the pull --------------------------------------------------------------------------------

// Two pulls of one partner at once would race on its state file and inbox name.
std::mutex& partner_mutex(const std::string& partner) {
    static std::mutex guard;
    static std::map<std::string, std::mutex> mutexes;
    std::lock_guard lock(guard);
    return mutexes[partner];
}

bool is_safe_partner(const std::string& name) {
    return !name.empty() && name[0] != '.' && std::all_of(name.begin(), name.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.';
    });
}

bool same_bytes(const std::string& path, const std::string& bytes) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    in.seekg(0, std::ios::end);
    if (in.tellg() != static_cast<std::streamoff>(bytes.size())) return false;
    in.seekg(0);
    std::string existing(bytes.size(), '\0');
    in.read(existing.data(), static_cast<std::streamsize>(existing.size()));
    return in.gcount() == static_cast<std::streamsize>(bytes.size()) && existing == bytes;
}

PullResult finish(PullResult r, const std::string& partner) {
    switch (r.status) {
        case PullStatus::updated:
            spdlog::info("pull {}: {}", partner, r.message);
            break;
        case PullStatus::not_modified:
            spdlog::debug("pull {}: {}", partner, r.message);
            break;
        case PullStatus::maintenance:
            spdlog::info("pull {}: {}", partner, r.message);
            break;
        case PullStatus::failed:
            spdlog::warn("pull {}: {}", partner, r.message);
            break;
    }
    return r;
}

PullResult store_body(const PartnerConfig& partner, const PullOptions& options,
                      const std::string& url, const std::string& validators_path, const Attempt& a,
                      PullResult r) {
    const std::string name = pull_file_name(partner.name, url, options.reference_date,
                                            a.content_disposition, a.content_type);
    // The pull is the partner's channel: its files land in the partner's inbox folder.
    Poco::Path inbox(options.inbox);
    inbox.makeDirectory().pushDirectory(partner.name);
    std::string path = Poco::Path(inbox, name).toString();
    // A partner's server names the file, but may not speak for another partner's feed, nor
    // replace a different file that is waiting in the inbox.
    const FeedChoice choice = choose_feed({partner.name, "its pull"}, name);
    if (choice.forbidden) {
        r.status = PullStatus::failed;
        r.message = "the server named the file " + name + ": " + choice.problem + "; not stored";
        spdlog::warn("pull {}: {}", partner.name, r.message);
        return r;
    }
    try {
        Poco::File(inbox).createDirectories();
        // A changed document under a name already in the inbox is the partner's revision:
        // kept beside the first as name_v2 (v3 ...), never written over it.
        for (int version = 2; Poco::File(path).exists() && !same_bytes(path, a.body); ++version)
            path = Poco::Path(inbox, revision_name(name, version)).toString();
        if (same_bytes(path, a.body)) {
            r.status = PullStatus::not_modified;
            r.message = "the inbox already has these " + std::to_string(a.body.size()) +
                        " bytes as " + name;
        } else {
            write_file_atomically(path, a.body);
            r.status = PullStatus::updated;
            r.file = path;
            r.message =
                "stored " + std::to_string(a.body.size()) + " bytes from " + url + " as " + name;
            if (!choice.adapter)
                r.message += " (no feed accepts this name: ingestion will reject it)";
        }
    } catch (const Error& e) {
        r.status = PullStatus::failed;
        r.message = "cannot store the body from " + url + ": " + e.what();
        return r;
    } catch (const Poco::Exception& e) {
        r.status = PullStatus::failed;
        r.message = "cannot store the body from " + url + ": " + e.displayText();
        return r;
    }
    try {
        save_validators(validators_path, {url, a.etag, a.last_modified});
    } catch (const Error& e) {
        // The file is in the inbox; the next pull merely downloads it again.
        r.message += "; validators not saved: " + std::string(e.what());
    } catch (const Poco::Exception& e) {
        r.message += "; validators not saved: " + e.displayText();
    }
    return r;
}

}  // namespace

std::string_view to_string(PullStatus status) {
    switch (status) {
        case PullStatus::updated:
            return "updated";
        case PullStatus::not_modified:
            return "not_modified";
        case PullStatus::maintenance:
            return "maintenance";
        case PullStatus::failed:
            return "failed";
    }
    return "failed";
}

std::chrono::system_clock::time_point next_pull(std::chrono::system_clock::time_point last_attempt,
                                                int pull_every_seconds) {
    return last_attempt + std::chrono::seconds(std::max(pull_every_seconds, 1));
}

std::string expand_pull_url(std::string_view url, Date date) {
    static constexpr std::string_view kDate = "{date}";
    std::string out;
    size_t from = 0;
    for (size_t at; (at = url.find(kDate, from)) != std::string_view::npos;
         from = at + kDate.size())
        out.append(url.substr(from, at - from)).append(date.iso());
    out.append(url.substr(from));
    return out;
}

std::string pull_file_name(std::string_view partner, std::string_view url, Date date,
                           std::string_view content_disposition, std::string_view content_type) {
    if (const std::string named = disposition_name(content_disposition); is_safe_name(named))
        return named;
    const auto segments = url_path_segments(url);
    const std::string last = segments.empty() ? "" : segments.back();
    // A name counts when a feed of this partner takes it from the partner's pull.
    const auto takes = [&](const std::string& name) {
        return choose_feed({std::string(partner), "its pull"}, name).problem.empty();
    };
    if (is_safe_name(last) && takes(last)) return last;

    // Feeds recognise names, not URLs: try the partner's name with the words of the URL path
    // (`/ukraine/stats` gives `actiris_ukraine_<date>.json`) until one is accepted.
    const std::string p(partner);
    std::vector<std::string> words{""};
    for (const auto& s : segments)
        if (const std::string w = name_word(s); !w.empty()) words.push_back(w + "_");
    const auto extensions = extensions_for(content_type, last);
    for (const auto& ext : extensions)
        for (const auto& day : {date.iso(), compact_date(date)})
            for (const auto& w : words)
                if (const std::string name = p + "_" + w + day + "." + ext; takes(name))
                    return name;
    return p + "_" + date.iso() + "." + extensions.front();
}

PullResult pull_partner(const PartnerConfig& partner, const PullOptions& options) {
    PullResult r;
    if (!is_safe_partner(partner.name)) {
        r.message = "partner name '" + partner.name + "' cannot name a state file";
        return finish(r, partner.name);
    }
    if (partner.pull_url.empty()) {
        r.message = "no pull_url configured";
        return finish(r, partner.name);
    }
    const std::string url = expand_pull_url(partner.pull_url, options.reference_date);
    Poco::URI uri;
    try {
        uri = Poco::URI(url);
    } catch (const Poco::Exception& e) {
        r.message = "pull_url " + url + " is not a URL: " + e.displayText();
        return finish(r, partner.name);
    }
    if ((uri.getScheme() != "http" && uri.getScheme() != "https") || uri.getHost().empty()) {
        r.message = "pull_url " + url + " is not an http or https URL";
        return finish(r, partner.name);
    }

    std::lock_guard lock(partner_mutex(partner.name));
    const std::string validators_path = state_path(options, partner.name);
    Validators known = load_validators(validators_path);
    if (known.url != url) known = {};  // validators belong to the URL that gave them

    const int max_attempts = std::max(options.max_attempts, 1);
    Attempt a;
    for (int attempt = 1; attempt <= max_attempts; ++attempt) {
        r.attempts = attempt;
        a = request_once(uri, partner, options, known);
        if (!a.retryable || attempt == max_attempts) break;
        const auto delay = options.base_delay * (1 << std::min(attempt - 1, 16));
        spdlog::debug("pull {}: attempt {} of {}: {}; retrying in {} ms", partner.name, attempt,
                      max_attempts, a.error, delay.count());
        std::this_thread::sleep_for(delay);
    }
    r.http_status = a.status;

    if (a.error.empty() && a.status == HTTPResponse::HTTP_NOT_MODIFIED) {
        r.status = PullStatus::not_modified;
        r.message = url + " is not modified";
        return finish(r, partner.name);
    }
    if (a.error.empty())
        return finish(store_body(partner, options, url, validators_path, a, r), partner.name);

    const std::string tries =
        r.attempts == 1 ? "" : " (" + std::to_string(r.attempts) + " attempts)";
    if (a.status == HTTPResponse::HTTP_SERVICE_UNAVAILABLE) {
        r.status = PullStatus::maintenance;
        r.message = url + " is unavailable, probably for maintenance: " + a.error + tries;
    } else {
        r.status = PullStatus::failed;
        r.message = url + ": " + a.error + tries;
    }
    return finish(r, partner.name);
}

}  // namespace sitrep
