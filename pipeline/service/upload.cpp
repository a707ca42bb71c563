#include "pipeline/service/upload.h"

#include <Poco/File.h>
#include <Poco/Net/HTMLForm.h>
#include <Poco/Net/MessageHeader.h>
#include <Poco/Net/NameValueCollection.h>
#include <Poco/Net/PartHandler.h>
#include <Poco/Path.h>
#include <Poco/UUIDGenerator.h>
#include <spdlog/spdlog.h>

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <limits>
#include <map>
#include <sstream>

#include "adapters/intake.h"
#include "pipeline/ingest/ingest.h"
#include "pipeline/foundation/errors.h"
#include "pipeline/report/json_writer.h"
#include "pipeline/foundation/sha256.h"
#include "pipeline/run/clock.h"
#include "pipeline/store/store.h"
#include "pipeline/foundation/atomic_file.h"

namespace sitrep {
namespace {

using Poco::Net::HTTPResponse;

struct TooLarge : std::runtime_error {
    TooLarge() : std::runtime_error("too large") {}
};

// Streams the `file` part to a hidden temporary file in the inbox (ingestion skips dot-files),
// counting bytes so that an oversized upload stops early.
class FilePart : public Poco::Net::PartHandler {
public:
    FilePart(std::string temporary, uint64_t limit) : temporary_(std::move(temporary)), limit_(limit) {}

    void handlePart(const Poco::Net::MessageHeader& header, std::istream& stream) override {
        std::string disposition;
        Poco::Net::NameValueCollection params;
        Poco::Net::MessageHeader::splitParameters(header.get("Content-Disposition", ""),
                                                  disposition, params);
        if (params.get("name", "") != "file") {
            stream.ignore(std::numeric_limits<std::streamsize>::max());
            return;
        }
        file_name_ = params.get("filename", "");
        disposition_ = header.get("Content-Disposition", "");
        std::ofstream out(temporary_, std::ios::binary);
        if (!out) throw OutputError("cannot write " + temporary_);
        char buf[1 << 16];
        while (stream) {
            stream.read(buf, sizeof buf);
            const auto n = static_cast<uint64_t>(stream.gcount());
            bytes_ += n;
            if (bytes_ > limit_) throw TooLarge();
            out.write(buf, static_cast<std::streamsize>(n));
        }
        if (!out.flush()) throw OutputError("cannot write " + temporary_);
        received_ = true;
    }

    bool received() const { return received_; }
    const std::string& file_name() const { return file_name_; }
    /// The part's Content-Disposition as received, quotes and all.
    const std::string& disposition() const { return disposition_; }

private:
    std::string temporary_;
    uint64_t limit_;
    uint64_t bytes_ = 0;
    bool received_ = false;
    std::string file_name_;
    std::string disposition_;
};

// A CR or LF in a file name ends the part's header line where it stands: Poco then reads the
// name up to there, without its closing quote, and the rest as another header. An odd number
// of quotes is how such a cut (or a bare quote inside the name) shows.
bool quotes_balanced(const std::string& header) {
    bool open = false;
    for (size_t i = 0; i < header.size(); ++i) {
        if (open && header[i] == '\\') ++i;
        else if (header[i] == '"') open = !open;
    }
    return !open;
}

// Why `name` cannot be a file name in the inbox and in the manifest's JSON, or "" when it
// can: it must be valid UTF-8 (no overlong forms, no surrogates) without C0 or C1 control
// characters or DEL.
std::string name_problem(const std::string& name) {
    for (size_t i = 0; i < name.size();) {
        const auto b = static_cast<unsigned char>(name[i]);
        if (b < 0x20 || b == 0x7f) return "the file name holds a control character";
        if (b < 0x80) {
            ++i;
            continue;
        }
        const size_t len = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 0;
        if (len == 0 || b > 0xf4 || i + len > name.size()) return "the file name is not valid UTF-8";
        char32_t cp = b & (0xff >> (len + 1));
        for (size_t k = 1; k < len; ++k) {
            const auto c = static_cast<unsigned char>(name[i + k]);
            if ((c & 0xc0) != 0x80) return "the file name is not valid UTF-8";
            cp = (cp << 6) | (c & 0x3f);
        }
        const char32_t least[] = {0, 0, 0x80, 0x800, 0x10000};
        if (cp < least[len] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
            return "the file name is not valid UTF-8";
        if (cp <= 0x9f) return "the file name holds a control character";
        i += len;
    }
    return "";
}

bool safe_name(const std::string& name) {
    if (name.empty() || name[0] == '.' || name.size() > 200) return false;
    for (char c : name)
        if (c == '/' || c == '\\' || static_cast<unsigned char>(c) < 0x20) return false;
    return true;
}

std::string read_all(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

std::string answer(const std::string& name, const FeedChoice& choice, const ParseResult& r,
                   const std::string& sha, bool accepted) {
    JsonWriter w;
    w.begin_object();
    w.string("file", name).string("sha256", sha);
    w.string("status", accepted ? "accepted" : "rejected");
    w.string("feed", choice.feed);
    w.string("partner", choice.partner);
    w.number("rows", static_cast<double>(r.rows));
    if (r.reference_date) w.string("reference_date", r.reference_date->iso());
    w.begin_array("contributes");
    std::map<std::string, std::pair<size_t, double>> sums;
    for (const auto& o : r.observations) {
        auto& [n, total] = sums[o.indicator + "|" + o.area + "|" + breakdown_key(o.breakdown)];
        ++n;
        total += o.value;
    }
    for (const auto& [key, v] : sums) {
        const size_t a = key.find('|'), b = key.find('|', a + 1);
        w.begin_object();
        w.string("indicator", key.substr(0, a)).string("area", key.substr(a + 1, b - a - 1));
        if (b + 1 < key.size()) w.string("breakdown", key.substr(b + 1));
        w.number("facts", static_cast<double>(v.first)).number("total", v.second);
        w.end_object();
    }
    w.end_array();
    w.begin_array("problems");
    for (const auto& p : r.problems) w.string("", describe(name, p));
    w.end_array();
    w.number("problem_count", static_cast<double>(std::max(r.problem_count, r.problems.size())));
    w.end_object();
    return w.str() + "\n";
}

}  // namespace

void handle_upload(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response,
                   const Caller& caller, const Config& config) {
    if (caller.operator_) {
        drain(request);
        send_error(response, HTTPResponse::HTTP_FORBIDDEN,
                   "uploads need a partner's token, not the operator's");
        return;
    }
    const uint64_t limit = static_cast<uint64_t>(config.max_upload_mb) * 1024 * 1024;
    if (request.hasContentLength() && static_cast<uint64_t>(request.getContentLength64()) > limit + 64 * 1024) {
        drain(request);
        send_error(response, HTTPResponse::HTTP_REQUEST_ENTITY_TOO_LARGE,
                   "the upload is larger than " + std::to_string(config.max_upload_mb) + " MB");
        return;
    }
    Poco::File(config.inbox).createDirectories();
    // Hidden (ingestion skips it) and named after this process, so that a start after a crash
    // knows it for a leftover.
    const std::string temporary = temporary_path_for(
        Poco::Path(config.inbox,
                   "upload-" + Poco::UUIDGenerator::defaultGenerator().createRandom().toString())
            .toString());
    struct Cleanup {
        const std::string& path;
        ~Cleanup() { std::remove(path.c_str()); }
    } cleanup{temporary};

    FilePart part(temporary, limit);
    try {
        Poco::Net::HTMLForm form(request, request.stream(), part);
    } catch (const TooLarge&) {
        drain(request);
        send_error(response, HTTPResponse::HTTP_REQUEST_ENTITY_TOO_LARGE,
                   "the upload is larger than " + std::to_string(config.max_upload_mb) + " MB");
        return;
    } catch (const Poco::Exception& e) {
        send_error(response, HTTPResponse::HTTP_BAD_REQUEST,
                   "not a multipart/form-data upload with a field 'file': " + e.displayText());
        return;
    }
    if (!part.received()) {
        send_error(response, HTTPResponse::HTTP_BAD_REQUEST, "no field 'file' in the upload");
        return;
    }
    if (!quotes_balanced(part.disposition())) {
        send_error(response, HTTPResponse::HTTP_BAD_REQUEST,
                   "the file name holds a line break or a bare quote");
        return;
    }
    if (const std::string problem = name_problem(part.file_name()); !problem.empty()) {
        send_error(response, HTTPResponse::HTTP_BAD_REQUEST, problem);
        return;
    }
    const std::string name = Poco::Path(part.file_name()).getFileName();
    if (!safe_name(name)) {
        send_error(response, HTTPResponse::HTTP_BAD_REQUEST,
                   "file name '" + part.file_name() + "' is not allowed");
        return;
    }
    // The token says who speaks; the file lands in that partner's inbox folder.
    const FeedChoice choice = choose_feed({caller.partner, "the upload token"}, name);
    if (choice.forbidden) {
        send_error(response, HTTPResponse::HTTP_FORBIDDEN,
                   "this token is partner '" + caller.partner + "'s: " + choice.problem);
        return;
    }
    const std::string bytes = read_all(temporary);
    const std::string sha = sha256_hex(bytes);
    const Poco::Path folder = Poco::Path(config.inbox).makeDirectory().pushDirectory(caller.partner);
    Poco::File(folder).createDirectories();
    const std::string target = Poco::Path(folder, name).toString();
    const std::string conflict = "a different " + name +
                                 " was already received; send a correction as a revision (e.g. "
                                 "name it ..._v2)";
    // The store remembers names the inbox may no longer hold. Unreachable, it refuses the
    // upload (503) before the file lands anywhere.
    Store store(config.store());
    store.make_writes_durable();  // a 202 is a promise
    for (const auto& known : store.received_as(name, caller.partner))
        if (known != sha) return send_error(response, HTTPResponse::HTTP_CONFLICT, conflict);
    // link() fails when the name exists, so two uploads of one name cannot both win.
    if (::link(temporary.c_str(), target.c_str()) == 0) {
        sync_filesystem(folder.toString());
    } else if (errno != EEXIST) {
        throw OutputError("cannot store " + target + ": " + std::strerror(errno));
    } else if (sha256_hex(read_all(target)) != sha) {
        return send_error(response, HTTPResponse::HTTP_CONFLICT, conflict);
    }
    spdlog::info("upload {} from {} ({} bytes)", name, caller.partner, bytes.size());
    // A shared store takes it now: the instance that runs the next report may be another one.
    // Should the server go away meanwhile, the 503 makes the partner send again, which finds
    // the same bytes in the inbox and takes them then.
    if (store.dialect() == Dialect::postgres)
        ingest_file(store, {config.state, config.quarantine(), config.inbox}, target,
                    local_time(std::chrono::system_clock::now(), config.timezone).iso);

    ParseResult parsed;
    if (choice.problem.empty() && bytes.empty()) {
        parsed.add_problem({"", "the file is empty", ""});
    } else {
        std::istringstream in(bytes);
        parsed = take_in(choice, name, in);
    }
    const bool accepted = parsed.problem_count == 0 && parsed.problems.empty();
    send_json(response, accepted ? HTTPResponse::HTTP_ACCEPTED : HTTPResponse::HTTP_UNPROCESSABLE_ENTITY,
              answer(name, choice, parsed, sha, accepted));
}

}  // namespace sitrep
