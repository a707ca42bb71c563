#pragma once

#include <doctest/doctest.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <Poco/Net/HTMLForm.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/StringPartSource.h>
#include <Poco/StreamCopier.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "tests/e2e/e2e_support.h"

namespace sitrep::test {

/// `sitrep serve --config FILE` as a child process on a loopback port it chooses itself.
class ServiceProcess {
public:
    explicit ServiceProcess(const std::string& config_file) {
        int out[2];
        REQUIRE(::pipe(out) == 0);
        pid_ = ::fork();
        REQUIRE(pid_ >= 0);
        if (pid_ == 0) {
            ::dup2(out[1], STDOUT_FILENO);
            ::close(out[0]);
            ::close(out[1]);
            ::execl(SITREP_BINARY, SITREP_BINARY, "serve", "--config", config_file.c_str(),
                    static_cast<char*>(nullptr));
            ::_exit(127);
        }
        ::close(out[1]);
        stdout_ = out[0];
        // The service prints "listening on HOST:PORT" once it accepts connections.
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
        std::string text;
        while (text.find('\n') == std::string::npos && std::chrono::steady_clock::now() < deadline) {
            pollfd p{stdout_, POLLIN, 0};
            if (::poll(&p, 1, 200) <= 0) continue;
            char buf[256];
            const ssize_t n = ::read(stdout_, buf, sizeof buf);
            if (n <= 0) break;
            text.append(buf, static_cast<size_t>(n));
        }
        const size_t colon = text.rfind(':');
        const bool started = text.rfind("listening on ", 0) == 0 && colon != std::string::npos;
        REQUIRE_MESSAGE(started, "the service did not start: " << text);
        port_ = std::stoi(text.substr(colon + 1));
    }

    ~ServiceProcess() {
        if (pid_ > 0) stop();
        if (stdout_ >= 0) ::close(stdout_);
    }

    ServiceProcess(const ServiceProcess&) = delete;
    ServiceProcess& operator=(const ServiceProcess&) = delete;

    /// Sends `signal` (SIGTERM unless told) and waits; returns the exit code (-1 if it was
    /// killed by a signal).
    int stop(int signal = SIGTERM) {
        ::kill(pid_, signal);
        int status = 0;
        for (int i = 0; i < 150; ++i) {
            if (::waitpid(pid_, &status, WNOHANG) == pid_) {
                pid_ = -1;
                return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, &status, 0);
        pid_ = -1;
        return -1;
    }

    int port() const { return port_; }
    pid_t pid() const { return pid_; }

private:
    pid_t pid_ = -1;
    int stdout_ = -1;
    int port_ = 0;
};

/// An HTTP answer; status 0 when none came (the body then says why).
struct HttpAnswer {
    int status = 0;
    std::string body;
    std::string content_type;
    Poco::Net::NameValueCollection headers;
};

/// One request with exactly the headers given (no token added), answered within `seconds`.
inline HttpAnswer http_with(int port, const std::string& method, const std::string& path,
                            const std::vector<std::pair<std::string, std::string>>& headers,
                            int seconds = 60) {
    HttpAnswer a;
    try {
        Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(port));
        session.setTimeout(Poco::Timespan(seconds, 0));
        Poco::Net::HTTPRequest request(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
        for (const auto& [name, value] : headers) request.set(name, value);
        if (method == "POST" || method == "PUT") request.setContentLength(0);
        session.sendRequest(request);
        Poco::Net::HTTPResponse response;
        std::istream& in = session.receiveResponse(response);
        a.status = static_cast<int>(response.getStatus());
        a.content_type = response.getContentType();
        a.headers = response;
        Poco::StreamCopier::copyToString(in, a.body);
    } catch (const Poco::Exception& e) {
        a.status = 0;
        a.body = e.displayText();
    }
    return a;
}

/// One request to the service on loopback.
inline HttpAnswer http(int port, const std::string& method, const std::string& path,
                       const std::string& token = "", const std::string& body = "",
                       const std::string& content_type = "application/json") {
    Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(port));
    session.setTimeout(Poco::Timespan(60, 0));
    Poco::Net::HTTPRequest request(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
    if (!token.empty()) request.set("Authorization", "Bearer " + token);
    if (!body.empty() || method == "POST") {
        request.setContentType(content_type);
        request.setContentLength(static_cast<std::streamsize>(body.size()));
        session.sendRequest(request) << body;
    } else {
        session.sendRequest(request);
    }
    Poco::Net::HTTPResponse response;
    std::istream& in = session.receiveResponse(response);
    HttpAnswer a;
    a.status = static_cast<int>(response.getStatus());
    a.content_type = response.getContentType();
    a.headers = response;
    Poco::StreamCopier::copyToString(in, a.body);
    return a;
}

/// A partner's multipart upload of `bytes` as `file_name` (to `path`, the submissions route
/// unless told).
inline HttpAnswer upload(int port, const std::string& token, const std::string& file_name,
                         const std::string& bytes,
                         const std::string& path = "/api/v1/submissions") {
    Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(port));
    session.setTimeout(Poco::Timespan(60, 0));
    Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_POST, path,
                                   Poco::Net::HTTPMessage::HTTP_1_1);
    if (!token.empty()) request.set("Authorization", "Bearer " + token);
    Poco::Net::HTMLForm form(Poco::Net::HTMLForm::ENCODING_MULTIPART);
    form.addPart("file", new Poco::Net::StringPartSource(bytes, "application/octet-stream", file_name));
    form.prepareSubmit(request);
    HttpAnswer a;
    try {
        form.write(session.sendRequest(request));
        Poco::Net::HTTPResponse response;
        std::istream& in = session.receiveResponse(response);
        a.status = static_cast<int>(response.getStatus());
        a.headers = response;
        Poco::StreamCopier::copyToString(in, a.body);
    } catch (const Poco::Exception&) {
        // The service may answer 413 and close before the whole body is sent.
        Poco::Net::HTTPResponse response;
        std::istream& in = session.receiveResponse(response);
        a.status = static_cast<int>(response.getStatus());
        Poco::StreamCopier::copyToString(in, a.body);
    }
    return a;
}

constexpr const char* kOperator = "operator-secret";
constexpr const char* kDvz = "dvz-secret";
constexpr const char* kVdab = "vdab-secret";

/// Waits (up to `seconds`) until the service says on /metrics that it leads: at once on
/// SQLite, once it holds the leader lock on PostgreSQL, whose leader-only work (catching up a
/// missed daily report, mails) starts then. False when it never did.
inline bool wait_until_leading(int port, int seconds = 30) {
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
    do {
        if (http(port, "GET", "/metrics", kOperator).body.find("\nsitrep_leader 1") !=
            std::string::npos)
            return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
    } while (std::chrono::steady_clock::now() < until);
    return false;
}

/// A service configuration on a loopback port of its choice, with the operator's and two
/// partners' tokens, two recipients (nl and fr) when an SMTP port is given, and `extra` INI
/// lines at the end (a section may appear twice; its keys add up).
inline std::string write_config(const TempDir& t, int smtp_port, int max_upload_mb = 64,
                                const std::string& extra = "") {
    // Sections in order, each with its keys in order; `extra` (INI text) replaces a key given
    // here or adds one, since a key given twice is a configuration error.
    std::vector<std::pair<std::string, std::vector<std::pair<std::string, std::string>>>> ini = {
        {"paths", {{"inbox", "inbox"}, {"outbox", "outbox"}, {"state", "state"}}},
        {"report", {{"first_number", "237"}, {"daily_at", "07:00"}}},
        {"http",
         {{"bind", "127.0.0.1"},
          {"port", "0"},
          {"max_upload_mb", std::to_string(max_upload_mb)},
          {"operator_token_file", "operator.token"}}},
        {"partner.dvz", {{"token", kDvz}}},
        {"partner.vdab", {{"token", kVdab}}},
    };
    // The suite's PostgreSQL pass: this service's store is a database of the test server.
    if (const std::string url = e2e_store_url(t / "state"); !url.empty())
        ini.push_back({"store", {{"url", url}}});
    if (smtp_port > 0) {
        ini.push_back({"smtp",
                       {{"host", "127.0.0.1"},
                        {"port", std::to_string(smtp_port)},
                        {"from", "sitrep@crisiscenter.test"}}});
        ini.push_back(
            {"recipient.vdab", {{"email", "crisis@vdab.test"}, {"lang", "nl"}, {"partner", "vdab"}}});
        ini.push_back({"recipient.fedasil",
                       {{"email", "ops@fedasil.test"},
                        {"lang", "fr"},
                        {"partner", "fedasil"},
                        {"attach", "pdf, annex"}}});
    }
    std::istringstream lines(extra);
    std::string section;
    for (std::string line; std::getline(lines, line);) {
        if (line.empty()) continue;
        if (line.front() == '[') {
            section = line.substr(1, line.find(']') - 1);
            continue;
        }
        const size_t eq = line.find('=');
        REQUIRE_MESSAGE(eq != std::string::npos, "extra configuration line: " << line);
        auto trimmed = [](std::string v) {
            v.erase(0, v.find_first_not_of(' '));
            v.erase(v.find_last_not_of(' ') + 1);
            return v;
        };
        const std::string key = trimmed(line.substr(0, eq)), value = trimmed(line.substr(eq + 1));
        auto sec = std::find_if(ini.begin(), ini.end(), [&](auto& s) { return s.first == section; });
        if (sec == ini.end()) sec = ini.insert(ini.end(), {section, {}});
        auto kv = std::find_if(sec->second.begin(), sec->second.end(),
                               [&](auto& k) { return k.first == key; });
        if (kv == sec->second.end())
            sec->second.emplace_back(key, value);
        else
            kv->second = value;
    }
    std::ofstream(t / "operator.token") << kOperator << "\n";
    const std::string path = t / "sitrep.ini";
    std::ofstream out(path);
    for (const auto& [name, keys] : ini) {
        out << "[" << name << "]\n";
        for (const auto& [k, v] : keys) out << k << " = " << v << "\n";
    }
    return path;
}

}  // namespace sitrep::test
