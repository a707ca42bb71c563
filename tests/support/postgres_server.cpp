#include "tests/support/postgres_server.h"

#include <doctest/doctest.h>
#include <libpq-fe.h>

#include <cstdlib>
#include <fstream>
#include <filesystem>
#include <functional>
#include <random>

namespace sitrep::test {

std::optional<std::string> test_postgres_url() {
    const char* named = std::getenv("SITREP_TEST_PG_URL_FILE");
    std::ifstream in(named ? named : SITREP_TEST_PG_URL_FILE_DEFAULT);
    std::string url;
    if (!std::getline(in, url) || url.empty()) return std::nullopt;
    return url;
}

std::string require_test_postgres_url() {
    auto url = test_postgres_url();
    if (!url) {
        const char* named = std::getenv("SITREP_TEST_PG_URL_FILE");
        const std::string file = named ? named : SITREP_TEST_PG_URL_FILE_DEFAULT;
        FAIL("no test PostgreSQL: " << file
                                    << " holds no URL (run this test under ctest, or "
                                       "scripts/pg-test-server.sh start build/pg first)");
    }
    return *url;
}

std::string url_with_database(const std::string& url, const std::string& database) {
    const auto authority = url.find("://");
    const auto slash = url.find('/', authority == std::string::npos ? 0 : authority + 3);
    const auto query = url.find('?');
    const std::string head = url.substr(0, std::min(slash, query));
    const std::string tail = query == std::string::npos ? "" : url.substr(query);
    return head + "/" + database + tail;
}

TestSession::TestSession(const std::string& url) : conn_(PQconnectdb(url.c_str())) {
    if (PQstatus(conn_) != CONNECTION_OK) {
        const std::string error = PQerrorMessage(conn_);
        PQfinish(conn_);
        conn_ = nullptr;
        FAIL("cannot connect to the test PostgreSQL at " << url << ": " << error);
    }
}

TestSession::~TestSession() { PQfinish(conn_); }

std::vector<std::vector<std::string>> TestSession::query(const std::string& sql) {
    PGresult* result = PQexec(conn_, sql.c_str());
    const auto status = PQresultStatus(result);
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
        const std::string error = PQerrorMessage(conn_);
        PQclear(result);
        FAIL("test query failed: " << sql << ": " << error);
    }
    std::vector<std::vector<std::string>> rows;
    for (int r = 0; r < PQntuples(result); ++r) {
        auto& row = rows.emplace_back();
        for (int c = 0; c < PQnfields(result); ++c) row.emplace_back(PQgetvalue(result, r, c));
    }
    PQclear(result);
    return rows;
}

ScratchDatabase::ScratchDatabase(const std::string& options)
    : server_url_(require_test_postgres_url()) {
    std::random_device random;
    std::uniform_int_distribution<unsigned long long> digits;
    char suffix[17];
    std::snprintf(suffix, sizeof suffix, "%016llx", digits(random));
    name_ = std::string("t_") + suffix;
    url_ = url_with_database(server_url_, name_);
    TestSession(server_url_).query("CREATE DATABASE " + name_ + (options.empty() ? "" : " ") +
                                   options);
}

ScratchDatabase::~ScratchDatabase() {
    // FORCE: a leadership under test may still hold a session on it.
    PGconn* conn = PQconnectdb(server_url_.c_str());
    PQclear(PQexec(conn, ("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)").c_str()));
    PQfinish(conn);
}

}  // namespace sitrep::test

namespace sitrep::test {

bool e2e_on_postgres() {
    const char* store = std::getenv("SITREP_TEST_STORE");
    return store && std::string(store) == "postgres";
}

std::string e2e_store_url(const std::string& state_dir) {
    if (!e2e_on_postgres()) return "";
    // Named after the folder's absolute path: every command of a test on that folder finds
    // the same database, and no other test's.
    const std::string absolute = std::filesystem::absolute(state_dir).lexically_normal().string();
    char name[24];
    std::snprintf(name, sizeof name, "s_%016llx",
                  static_cast<unsigned long long>(std::hash<std::string>{}(absolute)));
    const std::string server = require_test_postgres_url();
    TestSession session(server);
    if (session.query("SELECT 1 FROM pg_database WHERE datname = '" + std::string(name) + "'").empty())
        session.query("CREATE DATABASE " + std::string(name));
    return url_with_database(server, name);
}

std::string e2e_store_option(const std::string& state_dir) {
    const std::string url = e2e_store_url(state_dir);
    return url.empty() ? "" : " --store " + url;
}

}  // namespace sitrep::test
