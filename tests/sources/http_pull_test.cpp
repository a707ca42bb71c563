#include "pipeline/sources/http_pull.h"

#include <Poco/Net/ServerSocket.h>
#include <doctest/doctest.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <sys/stat.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "adapters/adapter.h"
#include "tests/sources/test_http_server.h"

using namespace sitrep;
using sitrep::test::ScriptedResponse;
using sitrep::test::TestHttpServer;
using namespace std::chrono_literals;

namespace {

namespace fs = std::filesystem;

const Date kDay = Date::from_ymd(2023, 2, 8);

const std::string kActirisJson =
    R"({"reference_date": "2023-02-08", "region": "BE1", "jobseekers": {"registered": "2420"}})";

// An inbox and a state folder under a fresh temporary folder, removed at the end of the test.
class PullDirs {
public:
    PullDirs() {
        std::string pattern = (fs::temp_directory_path() / "sitrep-pull-XXXXXX").string();
        REQUIRE(::mkdtemp(pattern.data()) != nullptr);
        root_ = pattern;
        fs::create_directories(root_ / "inbox");
    }
    ~PullDirs() {
        std::error_code ec;
        fs::remove_all(root_, ec);
    }
    PullDirs(const PullDirs&) = delete;
    PullDirs& operator=(const PullDirs&) = delete;

    /// Options that pull fast: short delays and timeouts, so that failing tests fail quickly.
    PullOptions options() const {
        PullOptions o;
        o.inbox = (root_ / "inbox").string();
        o.state = (root_ / "state").string();
        o.reference_date = kDay;
        o.base_delay = 1ms;
        o.connect_timeout = 2s;
        o.receive_timeout = 2s;
        return o;
    }
    fs::path inbox() const { return root_ / "inbox"; }
    fs::path root() const { return root_; }

    /// The files in the inbox as `partner/name` (a pull's files land in its partner's folder),
    /// hidden ones included, sorted.
    std::string inbox_names() const {
        std::vector<std::string> names;
        for (const auto& e : fs::recursive_directory_iterator(inbox()))
            if (!e.is_directory()) names.push_back(fs::relative(e.path(), inbox()).string());
        std::sort(names.begin(), names.end());
        std::string out;
        for (const auto& n : names) out += (out.empty() ? "" : " ") + n;
        return out;
    }

private:
    fs::path root_;
};

std::string read_all(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

ino_t inode_of(const fs::path& path) {
    struct stat st {};
    REQUIRE(::stat(path.c_str(), &st) == 0);
    return st.st_ino;
}

PartnerConfig partner(const std::string& name, const std::string& url,
                      const std::string& token = "") {
    PartnerConfig p;
    p.name = name;
    p.pull_url = url;
    p.pull_token = token;
    p.pull_every_seconds = 3600;
    return p;
}

ScriptedResponse json(const std::string& body,
                      std::vector<std::pair<std::string, std::string>> headers = {}) {
    headers.emplace_back("Content-Type", "application/json; charset=utf-8");
    return {200, body, headers, 0ms, false};
}

ScriptedResponse status(int code, const std::string& body = "") {
    return {code, body, {}, 0ms, false};
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

// A self-signed certificate for 127.0.0.1, so that an HTTPS test needs no network and no files
// checked in that would expire.
struct SelfSigned {
    std::string key_file;
    std::string cert_file;

    explicit SelfSigned(const fs::path& dir)
        : key_file((dir / "key.pem").string()), cert_file((dir / "cert.pem").string()) {
        EVP_PKEY* key = EVP_EC_gen("P-256");
        REQUIRE(key != nullptr);
        X509* cert = X509_new();
        X509_set_version(cert, 2);
        ASN1_INTEGER_set(X509_get_serialNumber(cert), 1);
        X509_gmtime_adj(X509_getm_notBefore(cert), -60);
        X509_gmtime_adj(X509_getm_notAfter(cert), 3600);
        X509_set_pubkey(cert, key);
        X509_NAME* name = X509_get_subject_name(cert);
        X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                                   reinterpret_cast<const unsigned char*>("127.0.0.1"), -1, -1, 0);
        X509_set_issuer_name(cert, name);
        X509V3_CTX ctx;
        X509V3_set_ctx_nodb(&ctx);
        X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
        for (auto [nid, value] : {std::pair{NID_basic_constraints, "critical,CA:TRUE"},
                                  std::pair{NID_subject_alt_name, "IP:127.0.0.1"}}) {
            X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
            REQUIRE(ext != nullptr);
            X509_add_ext(cert, ext, -1);
            X509_EXTENSION_free(ext);
        }
        REQUIRE(X509_sign(cert, key, EVP_sha256()) > 0);
        FILE* k = std::fopen(key_file.c_str(), "w");
        FILE* c = std::fopen(cert_file.c_str(), "w");
        REQUIRE((k && c));
        PEM_write_PrivateKey(k, key, nullptr, nullptr, 0, nullptr, nullptr);
        PEM_write_X509(c, cert);
        std::fclose(k);
        std::fclose(c);
        X509_free(cert);
        EVP_PKEY_free(key);
    }

    Poco::Net::Context::Ptr server_context() const {
        return new Poco::Net::Context(Poco::Net::Context::TLS_SERVER_USE, key_file, cert_file, "",
                                      Poco::Net::Context::VERIFY_NONE);
    }
};

}  // namespace

TEST_CASE("an Actiris pull stores the day's JSON in the inbox under a name the feed accepts") {
    PullDirs dirs;
    TestHttpServer server;
    server.script("/ukraine/stats", {json(kActirisJson)});

    const auto r = pull_partner(
        partner("actiris", server.url("/ukraine/stats?date={date}"), "secret-of-actiris"),
        dirs.options());

    CHECK(r.status == PullStatus::updated);
    CHECK(r.http_status == 200);
    CHECK(r.attempts == 1);
    CHECK(r.file == (dirs.inbox() / "actiris" / "actiris_ukraine_2023-02-08.json").string());
    CHECK(adapter_for("actiris_ukraine_2023-02-08.json") != nullptr);
    CHECK(read_all(r.file) == kActirisJson);
    // Nothing else, in particular no temporary file left behind.
    CHECK(dirs.inbox_names() == "actiris/actiris_ukraine_2023-02-08.json");

    const auto seen = server.requests();
    REQUIRE(seen.size() == 1);
    CHECK(seen[0].method == "GET");
    CHECK(seen[0].uri == "/ukraine/stats?date=2023-02-08");
    CHECK(seen[0].headers.get("Authorization", "") == "Bearer secret-of-actiris");
    CHECK_FALSE(seen[0].headers.has("If-None-Match"));
}

TEST_CASE("a pull without a pull_token sends no Authorization header") {
    PullDirs dirs;
    TestHttpServer server;
    server.script("/files/vdab_oekraine_2023-02.csv", {{200, "maand;provincie\n", {}, 0ms, false}});
    const auto r = pull_partner(partner("vdab", server.url("/files/vdab_oekraine_2023-02.csv")),
                                dirs.options());
    CHECK(r.status == PullStatus::updated);
    REQUIRE(server.request_count() == 1);
    CHECK_FALSE(server.requests()[0].headers.has("Authorization"));
}

TEST_CASE("a second pull sends the validators it was given and a 304 rewrites nothing") {
    PullDirs dirs;
    TestHttpServer server;
    const std::string modified = "Wed, 08 Feb 2023 05:00:00 GMT";
    server.script(
        "/ukraine/stats",
        {json(kActirisJson, {{"ETag", "\"v1\""}, {"Last-Modified", modified}}), status(304)});
    const auto p = partner("actiris", server.url("/ukraine/stats?date={date}"), "t");

    const auto first = pull_partner(p, dirs.options());
    REQUIRE(first.status == PullStatus::updated);
    const auto inode = inode_of(first.file);
    CHECK(contains(read_all(dirs.root() / "state" / "pull" / "actiris.json"), "\\\"v1\\\""));

    const auto second = pull_partner(p, dirs.options());
    CHECK(second.status == PullStatus::not_modified);
    CHECK(second.http_status == 304);
    CHECK(second.file.empty());
    CHECK(inode_of(first.file) == inode);
    CHECK(dirs.inbox_names() == "actiris/actiris_ukraine_2023-02-08.json");

    const auto seen = server.requests();
    REQUIRE(seen.size() == 2);
    CHECK(seen[1].headers.get("If-None-Match", "") == "\"v1\"");
    CHECK(seen[1].headers.get("If-Modified-Since", "") == modified);
}

TEST_CASE("validators are sent only to the URL that gave them") {
    PullDirs dirs;
    TestHttpServer server;
    server.script("/ukraine/stats", {json(kActirisJson, {{"ETag", "\"v1\""}})});
    const auto p = partner("actiris", server.url("/ukraine/stats?date={date}"));
    REQUIRE(pull_partner(p, dirs.options()).status == PullStatus::updated);

    auto next_day = dirs.options();
    next_day.reference_date = kDay + 1;
    CHECK(pull_partner(p, next_day).status == PullStatus::updated);

    const auto seen = server.requests();
    REQUIRE(seen.size() == 2);
    CHECK(seen[1].uri == "/ukraine/stats?date=2023-02-09");
    CHECK_FALSE(seen[1].headers.has("If-None-Match"));
    CHECK(dirs.inbox_names() == "actiris/actiris_ukraine_2023-02-08.json actiris/actiris_ukraine_2023-02-09.json");
}

TEST_CASE("the same bytes served again without validators are not rewritten") {
    PullDirs dirs;
    TestHttpServer server;
    server.script("/ukraine/stats", {json(kActirisJson)});
    const auto p = partner("actiris", server.url("/ukraine/stats?date={date}"));

    const auto first = pull_partner(p, dirs.options());
    REQUIRE(first.status == PullStatus::updated);
    const auto inode = inode_of(first.file);

    const auto second = pull_partner(p, dirs.options());
    CHECK(second.status == PullStatus::not_modified);
    CHECK(second.http_status == 200);
    CHECK(second.file.empty());
    CHECK(contains(second.message, "already has these"));
    CHECK(inode_of(first.file) == inode);
}

TEST_CASE("a changed document under the same name is kept beside the first as its revision") {
    PullDirs dirs;
    TestHttpServer server;
    std::string revised = kActirisJson;
    revised.replace(revised.find("2420"), 4, "2421");
    server.script("/ukraine/stats", {json(kActirisJson), json(revised)});
    const auto p = partner("actiris", server.url("/ukraine/stats?date={date}"));
    REQUIRE(pull_partner(p, dirs.options()).status == PullStatus::updated);
    const auto r = pull_partner(p, dirs.options());
    CHECK(r.status == PullStatus::updated);
    CHECK(read_all(r.file) == revised);
    CHECK(dirs.inbox_names() == "actiris/actiris_ukraine_2023-02-08.json actiris/actiris_ukraine_2023-02-08_v2.json");
}

TEST_CASE("a server naming a file of another partner is refused, nothing is stored") {
    PullDirs dirs;
    TestHttpServer server;
    server.script("/ukraine/stats",
                  {{200, "peildatum;gebied;aantal\n05/02/2023;België;1\n",
                    {{"Content-Type", "text/csv"},
                     {"Content-Disposition", "attachment; filename=\"dvz_tp_register_20230205.csv\""}},
                    0ms, false}});
    const auto r = pull_partner(partner("actiris", server.url("/ukraine/stats")), dirs.options());
    CHECK(r.status == PullStatus::failed);
    CHECK(contains(r.message, "a file of partner 'dvz'"));
    CHECK(dirs.inbox_names() == "");
}

TEST_CASE("two 503s then a 200 give the file after three attempts") {
    PullDirs dirs;
    TestHttpServer server;
    server.script("/ukraine/stats", {status(503), status(503), json(kActirisJson)});
    const auto r =
        pull_partner(partner("actiris", server.url("/ukraine/stats?date={date}")), dirs.options());
    CHECK(r.status == PullStatus::updated);
    CHECK(r.attempts == 3);
    CHECK(r.http_status == 200);
    CHECK(server.request_count() == 3);
}

TEST_CASE("a 503 on every attempt is maintenance, not a failure") {
    PullDirs dirs;
    TestHttpServer server;
    server.script("/ukraine/stats", {status(503, "<html>Maintenance</html>")});
    const auto r =
        pull_partner(partner("actiris", server.url("/ukraine/stats?date={date}")), dirs.options());
    CHECK(r.status == PullStatus::maintenance);
    CHECK(to_string(r.status) == "maintenance");
    CHECK(r.attempts == 3);
    CHECK(r.http_status == 503);
    CHECK(r.file.empty());
    CHECK(contains(r.message, "HTTP 503"));
    CHECK(dirs.inbox_names() == "");
}

TEST_CASE("a 500 on every attempt fails after the maximum number of attempts") {
    PullDirs dirs;
    TestHttpServer server;
    server.script("/ukraine/stats", {status(500, "database down")});
    auto options = dirs.options();
    options.max_attempts = 4;
    const auto r =
        pull_partner(partner("actiris", server.url("/ukraine/stats?date={date}")), options);
    CHECK(r.status == PullStatus::failed);
    CHECK(r.attempts == 4);
    CHECK(server.request_count() == 4);
    CHECK(r.http_status == 500);
    CHECK(contains(r.message, "HTTP 500"));
    CHECK(contains(r.message, "database down"));
    CHECK(contains(r.message, "4 attempts"));
}

TEST_CASE("the backoff doubles the delay between attempts") {
    PullDirs dirs;
    TestHttpServer server;
    server.script("/x", {status(502)});
    auto options = dirs.options();
    options.base_delay = 50ms;  // waits 50 + 100 ms between three attempts
    const auto start = std::chrono::steady_clock::now();
    const auto r = pull_partner(partner("fedasil", server.url("/x")), options);
    CHECK(r.status == PullStatus::failed);
    CHECK(std::chrono::steady_clock::now() - start >= 150ms);
}

TEST_CASE("a 401, 403 or 404 fails at once without a retry") {
    for (int code : {401, 403, 404}) {
        CAPTURE(code);
        PullDirs dirs;
        TestHttpServer server;
        server.script("/ukraine/stats", {status(code, R"({"error": "token expired"})")});
        const auto r = pull_partner(
            partner("actiris", server.url("/ukraine/stats?date={date}"), "old"), dirs.options());
        CHECK(r.status == PullStatus::failed);
        CHECK(r.attempts == 1);
        CHECK(server.request_count() == 1);
        CHECK(r.http_status == code);
        CHECK(contains(r.message, "HTTP " + std::to_string(code)));
        CHECK(contains(r.message, "token expired"));
    }
}

TEST_CASE("a redirect is reported with its target, not followed") {
    PullDirs dirs;
    TestHttpServer server;
    server.script("/old", {{301, "", {{"Location", "https://files.example/new"}}, 0ms, false}});
    const auto r = pull_partner(partner("vdab", server.url("/old")), dirs.options());
    CHECK(r.status == PullStatus::failed);
    CHECK(r.attempts == 1);
    CHECK(contains(r.message, "https://files.example/new"));
}

TEST_CASE("a body over the size limit is refused and nothing is stored") {
    PullDirs dirs;
    TestHttpServer server;
    auto options = dirs.options();
    options.max_bytes = 1000;
    const std::string big(1001, 'x');
    SUBCASE("announced by Content-Length") {
        server.script("/big.csv", {{200, big, {}, 0ms, false}});
    }
    SUBCASE("found while reading a chunked body") {
        server.script("/big.csv", {{200, big, {}, 0ms, true}});
    }
    const auto r = pull_partner(partner("vdab", server.url("/big.csv")), options);
    CHECK(r.status == PullStatus::failed);
    CHECK(r.attempts == 1);
    CHECK(contains(r.message, "over the limit of 1000"));
    CHECK(dirs.inbox_names() == "");
}

TEST_CASE("a body exactly at the size limit is accepted") {
    PullDirs dirs;
    TestHttpServer server;
    auto options = dirs.options();
    options.max_bytes = 1000;
    server.script("/files/vdab_oekraine_2023-02.csv",
                  {{200, std::string(1000, 'x'), {}, 0ms, true}});
    const auto r =
        pull_partner(partner("vdab", server.url("/files/vdab_oekraine_2023-02.csv")), options);
    CHECK(r.status == PullStatus::updated);
}

TEST_CASE("a server that does not answer within the receive timeout fails the pull") {
    PullDirs dirs;
    TestHttpServer server;
    server.script("/ukraine/stats", {{200, kActirisJson, {}, 5s, false}});
    auto options = dirs.options();
    options.receive_timeout = 200ms;
    options.max_attempts = 2;
    const auto start = std::chrono::steady_clock::now();
    const auto r =
        pull_partner(partner("actiris", server.url("/ukraine/stats?date={date}")), options);
    CHECK(r.status == PullStatus::failed);
    CHECK(r.attempts == 2);
    CHECK(r.http_status == 0);
    CHECK(contains(r.message, "timed out"));
    CHECK(std::chrono::steady_clock::now() - start < 3s);
    CHECK(dirs.inbox_names() == "");
}

TEST_CASE("a server that stalls in the middle of the body fails the pull, storing nothing") {
    PullDirs dirs;
    TestHttpServer server;
    ScriptedResponse stalled{200, std::string(4000, 'x'), {}, 0ms, false, 5s};
    SUBCASE("with Content-Length") {}
    SUBCASE("chunked, where only the timeout tells a cut body from a whole one") {
        stalled.chunked = true;
    }
    server.script("/files/vdab_oekraine_2023-02.csv", {stalled});
    auto options = dirs.options();
    options.receive_timeout = 200ms;
    options.max_attempts = 1;
    const auto r =
        pull_partner(partner("vdab", server.url("/files/vdab_oekraine_2023-02.csv")), options);
    CHECK(r.status == PullStatus::failed);
    CHECK(r.http_status == 200);
    CHECK(contains(r.message, "timed out"));
    CHECK(dirs.inbox_names() == "");
}

TEST_CASE("a refused connection is retried and then fails") {
    PullDirs dirs;
    std::uint16_t port = 0;
    {
        // A port that was free a moment ago and that nobody listens on now.
        Poco::Net::ServerSocket probe(Poco::Net::SocketAddress("127.0.0.1", 0));
        port = probe.address().port();
    }
    const auto r = pull_partner(
        partner("actiris", "http://127.0.0.1:" + std::to_string(port) + "/ukraine/stats"),
        dirs.options());
    CHECK(r.status == PullStatus::failed);
    CHECK(r.attempts == 3);
    CHECK(r.http_status == 0);
    CHECK(contains(r.message, "refused"));
}

TEST_CASE("a partner publishing a CSV file at a URL gets it stored under that file's name") {
    PullDirs dirs;
    TestHttpServer server;
    const std::string csv = "\xEF\xBB\xBFmaand;provincie;ingeschreven;ooit_gewerkt;aan_het_werk\n";
    server.script("/files/vdab_oekraine_2023-02.csv",
                  {{200, csv, {{"Content-Type", "text/csv"}}, 0ms, false}});
    const auto r = pull_partner(partner("vdab", server.url("/files/vdab_oekraine_2023-02.csv")),
                                dirs.options());
    CHECK(r.status == PullStatus::updated);
    CHECK(r.file == (dirs.inbox() / "vdab" / "vdab_oekraine_2023-02.csv").string());
    CHECK(read_all(r.file) == csv);
}

TEST_CASE("a name no feed accepts is still stored, and the message says so") {
    PullDirs dirs;
    TestHttpServer server;
    server.script("/export",
                  {{200, "%PDF-1.4", {{"Content-Type", "application/pdf"}}, 0ms, false}});
    const auto r = pull_partner(partner("redcross", server.url("/export")), dirs.options());
    CHECK(r.status == PullStatus::updated);
    CHECK(dirs.inbox_names() == "redcross/redcross_2023-02-08.bin");
    CHECK(contains(r.message, "no feed accepts this name"));
}

TEST_CASE("an empty 200 stores nothing") {
    PullDirs dirs;
    TestHttpServer server;
    server.script("/ukraine/stats", {json("")});
    const auto r = pull_partner(partner("actiris", server.url("/ukraine/stats")), dirs.options());
    CHECK(r.status == PullStatus::failed);
    CHECK(contains(r.message, "empty body"));
    CHECK(dirs.inbox_names() == "");
}

TEST_CASE("a damaged state file costs an unconditional download, not the pull") {
    PullDirs dirs;
    TestHttpServer server;
    server.script("/ukraine/stats", {json(kActirisJson)});
    fs::create_directories(dirs.root() / "state" / "pull");
    std::ofstream(dirs.root() / "state" / "pull" / "actiris.json") << "{not json";
    const auto r = pull_partner(partner("actiris", server.url("/ukraine/stats")), dirs.options());
    CHECK(r.status == PullStatus::updated);
    CHECK_FALSE(server.requests()[0].headers.has("If-None-Match"));
}

TEST_CASE("a pull without a usable URL or partner name fails with the reason") {
    PullDirs dirs;
    SUBCASE("no URL") {
        const auto r = pull_partner(partner("actiris", ""), dirs.options());
        CHECK(r.status == PullStatus::failed);
        CHECK(r.attempts == 0);
        CHECK(r.message == "no pull_url configured");
    }
    SUBCASE("another scheme") {
        const auto r = pull_partner(partner("actiris", "ftp://127.0.0.1/x"), dirs.options());
        CHECK(r.status == PullStatus::failed);
        CHECK(contains(r.message, "not an http or https URL"));
    }
    SUBCASE("a partner name that would leave the state folder") {
        const auto r = pull_partner(partner("../x", "http://127.0.0.1/x"), dirs.options());
        CHECK(r.status == PullStatus::failed);
        CHECK(contains(r.message, "cannot name a state file"));
    }
}

TEST_CASE("pulls of different partners may run at the same time") {
    PullDirs dirs;
    TestHttpServer server;
    server.script("/ukraine/stats",
                  {{200, kActirisJson, {{"Content-Type", "application/json"}}, 100ms, false}});
    server.script("/files/vdab_oekraine_2023-02.csv", {{200, "maand\n", {}, 100ms, false}});
    PullResult a, v;
    std::thread t1([&] {
        a = pull_partner(partner("actiris", server.url("/ukraine/stats")), dirs.options());
    });
    std::thread t2([&] {
        v = pull_partner(partner("vdab", server.url("/files/vdab_oekraine_2023-02.csv")),
                         dirs.options());
    });
    t1.join();
    t2.join();
    CHECK(a.status == PullStatus::updated);
    CHECK(v.status == PullStatus::updated);
    CHECK(dirs.inbox_names() == "actiris/actiris_ukraine_2023-02-08.json vdab/vdab_oekraine_2023-02.csv");
}

TEST_CASE("an https pull trusts only certificates a CA vouches for") {
    PullDirs dirs;
    const SelfSigned cert(dirs.root());
    TestHttpServer server(cert.server_context());
    server.script("/ukraine/stats", {json(kActirisJson)});
    const auto p = partner("actiris", server.url("/ukraine/stats?date={date}"), "t");
    REQUIRE(p.pull_url.rfind("https://", 0) == 0);

    SUBCASE("a self-signed certificate is refused, without a retry") {
        const auto r = pull_partner(p, dirs.options());
        CHECK(r.status == PullStatus::failed);
        CHECK(r.attempts == 1);
        CHECK(contains(r.message, "certificate is not trusted"));
        CHECK(dirs.inbox_names() == "");
    }
    SUBCASE("the same certificate is accepted when configured as a CA") {
        auto options = dirs.options();
        options.ca_location = cert.cert_file;
        const auto r = pull_partner(p, options);
        CHECK(r.status == PullStatus::updated);
        CHECK(dirs.inbox_names() == "actiris/actiris_ukraine_2023-02-08.json");
        REQUIRE(server.request_count() == 1);
        CHECK(server.requests()[0].headers.get("Authorization", "") == "Bearer t");
    }
}

TEST_CASE("the inbox name comes from Content-Disposition, the URL or the partner and date") {
    SUBCASE("a safe Content-Disposition name wins") {
        CHECK(pull_file_name("vdab", "https://x.example/download?id=7", kDay,
                             R"(attachment; filename="vdab_werkplekvrij_2023-01.csv")",
                             "text/csv") == "vdab_werkplekvrij_2023-01.csv");
        CHECK(pull_file_name("vdab", "https://x.example/download", kDay,
                             "attachment; filename*=UTF-8''vdab_oekraine_2023-01%20%281%29.csv",
                             "") == "vdab_oekraine_2023-01 (1).csv");
    }
    SUBCASE("an unsafe Content-Disposition name is ignored") {
        for (const char* header : {R"(attachment; filename="../../etc/passwd")",
                                   R"(attachment; filename=".hidden.json")",
                                   R"(attachment; filename="a\\b.json")", "attachment"}) {
            CAPTURE(header);
            CHECK(pull_file_name("actiris", "https://api.example/ukraine/stats?date=2023-02-08",
                                 kDay, header,
                                 "application/json") == "actiris_ukraine_2023-02-08.json");
        }
    }
    SUBCASE("the URL's last segment when a feed accepts it") {
        CHECK(pull_file_name("fedasil",
                             "https://f.example/pub/fedasil_crisisopvang_2023-02-08.xlsx", kDay, "",
                             "application/octet-stream") == "fedasil_crisisopvang_2023-02-08.xlsx");
    }
    SUBCASE("a CSV at a URL without a name may be an HXL contributor file") {
        CHECK(pull_file_name("onderwijs", "https://o.example/export", kDay, "",
                             "text/csv; charset=utf-8") == "onderwijs_2023-02-08.hxl.csv");
    }
    SUBCASE("a server that does not say what it sends: the feeds' names decide") {
        CHECK(pull_file_name("actiris", "https://api.example/ukraine/stats?date=2023-02-08",
                             kDay, "", "") == "actiris_ukraine_2023-02-08.json");
        CHECK(pull_file_name("actiris", "https://api.example/ukraine/stats?date=2023-02-08",
                             kDay, "", "application/octet-stream") ==
              "actiris_ukraine_2023-02-08.json");
    }
    SUBCASE("otherwise the partner and the date, with the content type's extension") {
        CHECK(pull_file_name("acme", "https://a.example/api/v1/data", kDay, "",
                             "application/json") == "acme_2023-02-08.json");
        CHECK(pull_file_name("acme", "https://a.example/data.xml", kDay, "", "") ==
              "acme_2023-02-08.xml");
    }
}

TEST_CASE("{date} in a pull URL is replaced by the reference date wherever it appears") {
    CHECK(expand_pull_url("https://a.example/{date}/stats?date={date}", kDay) ==
          "https://a.example/2023-02-08/stats?date=2023-02-08");
    CHECK(expand_pull_url("https://a.example/stats", kDay) == "https://a.example/stats");
}

TEST_CASE("a pull status prints by name in log lines") {
    CHECK(fmt::format("{} {}", PullStatus::maintenance, PullStatus::not_modified) ==
          "maintenance not_modified");
}

TEST_CASE("the next pull is pull_every after the last attempt") {
    const auto t = std::chrono::system_clock::time_point{} + 1000s;
    CHECK(next_pull(t, 3600) == t + 3600s);
}
