#pragma once

// A real SMTP server for tests: Debian's python3-aiosmtpd on a free loopback port, storing
// each message it accepts as one file in a maildir, and a reader that parses those files with
// Python's `email` package, a MIME parser independent of the Poco code under test.

#include <Poco/Base64Decoder.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace sitrep::test {

/// A file attached to a received mail.
struct ReceivedAttachment {
    std::string filename;
    std::string content_type;
    std::string bytes;  ///< decoded
};

/// A mail as the SMTP server stored it, parsed.
struct ReceivedMail {
    std::string file;     ///< the maildir file
    std::string subject;  ///< RFC 2047 words decoded
    std::string from;
    std::string to;
    std::string message_id;
    std::string date;  ///< the Date header as written
    std::string date_iso;  ///< the instant it names, ISO 8601 with the offset it was written with
    std::string from_name;     ///< the From's display name, decoded
    std::string from_address;  ///< the From's address
    std::string content_language;
    std::string helo;  ///< the EHLO or HELO name; only with `require_fqdn_helo`
    std::vector<std::string> defects;  ///< what the parser found malformed, header by header
    std::string mail_from;  ///< the envelope sender (aiosmtpd's X-MailFrom)
    std::string rcpt_to;    ///< the envelope recipients (aiosmtpd's X-RcptTo)
    std::string body;       ///< the text/plain part, decoded, with \n line ends
    std::vector<ReceivedAttachment> attachments;
};

/// aiosmtpd in its own process group, in a maildir under a fresh temporary folder. The
/// destructor kills the group and removes the folder; `stop` and `start` keep port and maildir,
/// so a test can take the server away and bring it back.
class SmtpServer {
public:
    struct Options {
        /// Offer STARTTLS (and require it before MAIL) with a fresh self-signed certificate
        /// for 127.0.0.1 and localhost; clients trust it through `cert_file()`.
        bool starttls = false;
        /// Require AUTH (PLAIN or LOGIN) with this user and password before MAIL.
        std::string user;
        std::string password;
        /// Refuse EHLO and HELO names without a dot with 504, as Postfix's
        /// reject_non_fqdn_helo_hostname does, and record the name in each message.
        bool require_fqdn_helo = false;
        /// Start in the constructor; false only picks the port (a server that is down).
        bool start = true;
    };

    SmtpServer() : SmtpServer(Options{}) {}

    explicit SmtpServer(Options options) : options_(std::move(options)) {
        // No maildir folder yet: Python's mailbox.Maildir creates it with new/, cur/ and tmp/,
        // but takes an existing empty folder as a maildir and fails to store into it.
        port_ = free_port();
        if (options_.starttls) make_certificate();
        if (scripted()) write_file(folder_.path / "server.py", kScriptedServer);
        write_file(folder_.path / "parse_mail.py", kParser);
        if (options_.start) start();
    }

    ~SmtpServer() { stop(); }

    SmtpServer(const SmtpServer&) = delete;
    SmtpServer& operator=(const SmtpServer&) = delete;

    /// Starts the server and waits (up to 10 s) until it accepts connections.
    void start() {
        REQUIRE_MESSAGE(pid_ <= 0, "the SMTP server is already running");
        std::vector<std::string> args = {"/usr/bin/python3", "-u"};
        if (!scripted()) {
            // The plain Debian command line, exactly as an operator would run it.
            args.insert(args.end(), {"-m", "aiosmtpd", "-n", "-l", listen_address(), "-c",
                                     "aiosmtpd.handlers.Mailbox"});
            if (options_.starttls)
                args.insert(args.end(), {"--tlscert", cert_file(), "--tlskey", key_file()});
            args.push_back(maildir());
        } else {
            // The command line has no AUTH or HELO options: a few lines of Python set it up.
            args.insert(args.end(),
                        {(folder_.path / "server.py").string(), "127.0.0.1", std::to_string(port_),
                         maildir(), options_.starttls ? cert_file() : "",
                         options_.starttls ? key_file() : "", options_.user, options_.password,
                         options_.require_fqdn_helo ? "strict" : ""});
        }
        spawn(args);
        wait_until_listening();
    }

    /// Stops the server (SIGTERM to its process group, then SIGKILL after 5 s).
    void stop() {
        if (pid_ <= 0) return;
        ::kill(-pid_, SIGTERM);
        int status = 0;
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
        while (::waitpid(pid_, &status, WNOHANG) == 0) {
            if (std::chrono::steady_clock::now() > deadline) {
                ::kill(-pid_, SIGKILL);
                ::waitpid(pid_, &status, 0);
                break;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        pid_ = -1;
    }

    /// Whether the server process is up.
    bool running() const { return pid_ > 0; }
    /// Always 127.0.0.1.
    std::string host() const { return "127.0.0.1"; }
    /// The port, chosen free when the helper was made; the same across stop and start.
    int port() const { return port_; }
    /// Where the messages are stored (a maildir: new/, cur/, tmp/).
    std::string maildir() const { return (folder_.path / "maildir").string(); }
    /// The server's self-signed certificate (PEM), to trust as a CA; with `starttls` only.
    std::string cert_file() const { return (folder_.path / "cert.pem").string(); }
    /// What the server printed, for failure messages.
    std::string log() const { return read_file(folder_.path / "server.log"); }

    /// The files of the stored messages, by name (maildir names start with the arrival time).
    std::vector<std::string> message_files() const {
        std::vector<std::string> files;
        std::error_code ec;
        for (const char* sub : {"new", "cur"})
            for (const auto& e :
                 std::filesystem::directory_iterator(folder_.path / "maildir" / sub, ec))
                if (e.is_regular_file()) files.push_back(e.path().string());
        // Arrival order. A maildir name is `SECONDS.M<usec>P<pid>Q<count>.host`, and the plain
        // name order puts M118000 before M70000 within one second; the Q counter does not lie.
        auto arrival = [](const std::string& path) {
            const std::string name = std::filesystem::path(path).filename().string();
            const size_t q = name.find('Q', name.find('P'));
            const long long count = q == std::string::npos ? 0 : std::atoll(name.c_str() + q + 1);
            return std::make_pair(std::atoll(name.c_str()), count);
        };
        std::sort(files.begin(), files.end(),
                  [&](const std::string& a, const std::string& b) { return arrival(a) < arrival(b); });
        return files;
    }

    /// How many messages the server has stored.
    size_t message_count() const { return message_files().size(); }

    /// Waits until at least `count` messages are stored; false on timeout.
    bool wait_for_messages(size_t count, std::chrono::milliseconds timeout) const {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        while (message_count() < count) {
            if (std::chrono::steady_clock::now() > deadline) return false;
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        return true;
    }

    /// Every stored message, parsed.
    std::vector<ReceivedMail> messages() const {
        const auto files = message_files();
        if (files.empty()) return {};
        std::string command =
            "/usr/bin/python3 '" + (folder_.path / "parse_mail.py").string() + "'";
        for (const auto& f : files) command += " '" + f + "'";
        const std::string json = capture(command);
        std::vector<ReceivedMail> out;
        auto array = Poco::JSON::Parser().parse(json).extract<Poco::JSON::Array::Ptr>();
        for (size_t i = 0; i < array->size(); ++i) {
            auto o = array->getObject(static_cast<unsigned>(i));
            ReceivedMail m;
            m.file = o->getValue<std::string>("file");
            m.subject = o->getValue<std::string>("subject");
            m.from = o->getValue<std::string>("from");
            m.to = o->getValue<std::string>("to");
            m.message_id = o->getValue<std::string>("message_id");
            m.date = o->getValue<std::string>("date");
            m.date_iso = o->getValue<std::string>("date_iso");
            m.from_name = o->getValue<std::string>("from_name");
            m.from_address = o->getValue<std::string>("from_address");
            m.content_language = o->getValue<std::string>("content_language");
            m.helo = o->getValue<std::string>("helo");
            auto defects = o->getArray("defects");
            for (size_t j = 0; j < defects->size(); ++j)
                m.defects.push_back(defects->getElement<std::string>(static_cast<unsigned>(j)));
            m.mail_from = o->getValue<std::string>("mail_from");
            m.rcpt_to = o->getValue<std::string>("rcpt_to");
            m.body = o->getValue<std::string>("body");
            auto attachments = o->getArray("attachments");
            for (size_t j = 0; j < attachments->size(); ++j) {
                auto a = attachments->getObject(static_cast<unsigned>(j));
                m.attachments.push_back({a->getValue<std::string>("filename"),
                                         a->getValue<std::string>("content_type"),
                                         base64_decode(a->getValue<std::string>("base64"))});
            }
            out.push_back(std::move(m));
        }
        return out;
    }

    /// The messages whose envelope recipient is `email`.
    std::vector<ReceivedMail> messages_to(const std::string& email) const {
        std::vector<ReceivedMail> out;
        for (auto& m : messages())
            if (m.rcpt_to == email) out.push_back(std::move(m));
        return out;
    }

private:
    // aiosmtpd with AUTH (when a user is given) or a strict HELO check (when `strict`):
    // argv = host port maildir cert key user password strict.
    static constexpr const char* kScriptedServer = R"PY(import asyncio, ssl, sys
from aiosmtpd.handlers import Mailbox
from aiosmtpd.smtp import SMTP

host, port, maildir, cert, key, user, password, strict = sys.argv[1:9]
context = None
if cert:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)

class Recording(Mailbox):
    def prepare_message(self, session, envelope):
        message = super().prepare_message(session, envelope)
        message["X-Helo"] = session.host_name or ""
        return message

handler = Recording(maildir)

class Strict(SMTP):
    async def smtp_HELO(self, hostname):
        if strict and "." not in hostname:
            await self.push("504 5.5.2 <%s>: Helo command rejected: need fully-qualified hostname" % hostname)
            return
        await super().smtp_HELO(hostname)

    async def smtp_EHLO(self, hostname):
        if strict and "." not in hostname:
            await self.push("504 5.5.2 <%s>: Helo command rejected: need fully-qualified hostname" % hostname)
            return
        await super().smtp_EHLO(hostname)

def check(mechanism, login, secret):
    return login == user.encode() and secret == password.encode()

def protocol():
    return Strict(handler, tls_context=context, require_starttls=context is not None,
                  auth_required=bool(user), auth_require_tls=context is not None and bool(user),
                  auth_callback=check, loop=loop)

loop = asyncio.new_event_loop()
asyncio.set_event_loop(loop)
loop.run_until_complete(loop.create_server(protocol, host, int(port)))
print("listening on", host, port, flush=True)
loop.run_forever()
)PY";

    // Prints a JSON array, one object per message file given on the command line.
    static constexpr const char* kParser = R"PY(import base64, email, email.policy, json, sys

out = []
for path in sys.argv[1:]:
    with open(path, "rb") as f:
        m = email.message_from_binary_file(f, policy=email.policy.default)
    text = m.get_body(preferencelist=("plain",))
    out.append({
        "file": path,
        "subject": str(m["subject"] or ""),
        "from": str(m["from"] or ""),
        "to": str(m["to"] or ""),
        "message_id": str(m["message-id"] or ""),
        "date": next((v.strip() for k, v in m.raw_items() if k.lower() == "date"), ""),
        "date_iso": m["date"].datetime.isoformat() if m["date"] is not None and m["date"].datetime else "",
        "from_name": m["from"].addresses[0].display_name if m["from"] is not None and m["from"].addresses else "",
        "from_address": m["from"].addresses[0].addr_spec if m["from"] is not None and m["from"].addresses else "",
        "content_language": str(m["content-language"] or ""),
        "helo": str(m["x-helo"] or ""),
        "defects": [type(d).__name__ for d in m.defects] +
                   [k + ": " + type(d).__name__ for k, v in m.items() for d in getattr(v, "defects", ())],
        "mail_from": str(m["x-mailfrom"] or ""),
        "rcpt_to": str(m["x-rcptto"] or ""),
        "body": text.get_content() if text is not None else "",
        "attachments": [{
            "filename": a.get_filename() or "",
            "content_type": a.get_content_type(),
            "base64": base64.b64encode(a.get_payload(decode=True) or b"").decode("ascii"),
        } for a in m.iter_attachments()],
    })
print(json.dumps(out))
)PY";

    bool scripted() const { return !options_.user.empty() || options_.require_fqdn_helo; }
    std::string listen_address() const { return "127.0.0.1:" + std::to_string(port_); }
    std::string key_file() const { return (folder_.path / "key.pem").string(); }

    /// A port nobody listens on now (the kernel's pick; it stays free in practice).
    static int free_port() {
        const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
        REQUIRE(fd >= 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        addr.sin_port = 0;
        socklen_t len = sizeof addr;
        const bool ok = ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
                        ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0;
        ::close(fd);
        REQUIRE(ok);
        return ntohs(addr.sin_port);
    }

    bool accepts_connections() const {
        const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
        if (fd < 0) return false;
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        addr.sin_port = htons(static_cast<uint16_t>(port_));
        const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
        ::close(fd);
        return ok;
    }

    void spawn(const std::vector<std::string>& args) {
        std::vector<char*> argv;
        for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
        argv.push_back(nullptr);
        const std::string log_path = (folder_.path / "server.log").string();
        posix_spawn_file_actions_t actions;
        posix_spawnattr_t attr;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
        posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log_path.c_str(),
                                         O_WRONLY | O_CREAT | O_APPEND, 0644);
        posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
        posix_spawnattr_init(&attr);
        // Its own process group, so that stop() reaches anything Python starts.
        posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
        posix_spawnattr_setpgroup(&attr, 0);
        pid_t pid = -1;
        const int rc = ::posix_spawn(&pid, argv[0], &actions, &attr, argv.data(), environ);
        posix_spawn_file_actions_destroy(&actions);
        posix_spawnattr_destroy(&attr);
        REQUIRE_MESSAGE(rc == 0, "cannot start " << args[0] << ": " << std::strerror(rc));
        pid_ = pid;
    }

    void wait_until_listening() {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
        while (!accepts_connections()) {
            int status = 0;
            if (::waitpid(pid_, &status, WNOHANG) == pid_) {
                pid_ = -1;
                FAIL("the SMTP server exited at start:\n" << log());
            }
            if (std::chrono::steady_clock::now() > deadline) {
                stop();
                FAIL("the SMTP server did not listen on port " << port_ << " within 10 s:\n"
                                                               << log());
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(25));
        }
    }

    void make_certificate() {
        const std::string command =
            "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes"
            " -keyout '" +
            key_file() + "' -out '" + cert_file() +
            "' -days 2 -subj /CN=127.0.0.1"
            " -addext subjectAltName=IP:127.0.0.1,DNS:localhost 2>&1";
        capture(command);
        REQUIRE_MESSAGE(std::filesystem::exists(cert_file()), "openssl made no certificate");
    }

    static std::string capture(const std::string& command) {
        FILE* pipe = ::popen(command.c_str(), "r");
        REQUIRE(pipe != nullptr);
        std::string out;
        std::array<char, 4096> buf{};
        size_t n;
        while ((n = std::fread(buf.data(), 1, buf.size(), pipe)) > 0) out.append(buf.data(), n);
        const int status = ::pclose(pipe);
        const bool ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
        REQUIRE_MESSAGE(ok, "`" << command << "` failed:\n" << out);
        return out;
    }

    static std::string base64_decode(const std::string& text) {
        std::istringstream in(text);
        Poco::Base64Decoder decoder(in);
        std::ostringstream out;
        out << decoder.rdbuf();
        return out.str();
    }

    static void write_file(const std::filesystem::path& path, const std::string& text) {
        std::ofstream(path, std::ios::binary) << text;
    }

    static std::string read_file(const std::filesystem::path& path) {
        std::ifstream in(path, std::ios::binary);
        std::ostringstream out;
        out << in.rdbuf();
        return out.str();
    }

    /// A fresh folder under /tmp, removed with the helper (also when a REQUIRE in the
    /// constructor fails, which a destructor of SmtpServer itself would not see).
    struct OwnedFolder {
        std::filesystem::path path;
        OwnedFolder() {
            std::string pattern =
                (std::filesystem::temp_directory_path() / "sitrep-smtp-XXXXXX").string();
            REQUIRE(::mkdtemp(pattern.data()) != nullptr);
            path = pattern;
        }
        ~OwnedFolder() {
            std::error_code ec;
            std::filesystem::remove_all(path, ec);
        }
        OwnedFolder(const OwnedFolder&) = delete;
        OwnedFolder& operator=(const OwnedFolder&) = delete;
    };

    Options options_;
    OwnedFolder folder_;
    int port_ = 0;
    pid_t pid_ = -1;
};

}  // namespace sitrep::test
