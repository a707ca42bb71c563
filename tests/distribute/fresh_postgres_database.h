#pragma once

// A database of its own on the test PostgreSQL, for the "postgres" suite of the mail tests.
// The server is started outside the tests (by hand, or by the ctest fixture of
// scripts/pg-test-server.sh).

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <iomanip>
#include <memory>
#include <random>
#include <sstream>
#include <string>

#include "pipeline/foundation/store_location.h"
#include "pipeline/store/database.h"

namespace sitrep::test {

/// The test server's URL (postgresql://user@host:port/db): SITREP_TEST_PG_URL, else the first
/// line of the file SITREP_TEST_PG_URL_FILE names (what the ctest fixture of
/// scripts/pg-test-server.sh sets). Fails the test when there is none: a test that needs
/// PostgreSQL must not pass unseen without one.
inline std::string required_postgres_url() {
    if (const char* url = std::getenv("SITREP_TEST_PG_URL"); url && *url) return url;
    std::string url;
    if (const char* file = std::getenv("SITREP_TEST_PG_URL_FILE")) {
        std::ifstream in(file);
        std::getline(in, url);
    }
    if (url.empty())
        FAIL(
            "no test PostgreSQL: set SITREP_TEST_PG_URL=postgresql://user@host:port/db "
            "(or SITREP_TEST_PG_URL_FILE to a file holding it), or run the suite under ctest");
    return url;
}

/// `url` with its database name replaced by `database`.
inline std::string with_database_name(const std::string& url, const std::string& database) {
    const auto authority = url.find("://");
    const auto slash = url.find('/', authority == std::string::npos ? 0 : authority + 3);
    const auto query = url.find('?');
    const std::string head = url.substr(0, std::min(slash, query));
    const std::string tail = query == std::string::npos ? "" : url.substr(query);
    return head + "/" + database + tail;
}

/// A database with a random name on the server at `server_url`, made by the constructor and
/// dropped by the destructor (with every connection still on it), so that each test starts
/// from an empty store whatever ran before.
class FreshPostgresDatabase {
public:
    explicit FreshPostgresDatabase(const std::string& server_url)
        : server_url_(server_url), name_(random_name()) {
        admin()->exec("CREATE DATABASE " + name_);
    }
    ~FreshPostgresDatabase() {
        try {
            admin()->exec("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
        } catch (const std::exception& e) {
            MESSAGE("cannot drop the test database " << name_ << ": " << e.what());
        }
    }
    FreshPostgresDatabase(const FreshPostgresDatabase&) = delete;
    FreshPostgresDatabase& operator=(const FreshPostgresDatabase&) = delete;

    /// Its URL, for a StoreLocation.
    std::string url() const { return with_database_name(server_url_, name_); }
    /// A connection to the server's own database, for what a test does from outside.
    std::unique_ptr<Database> admin() const {
        return Database::open(StoreLocation{"", server_url_, ""});
    }

private:
    static std::string random_name() {
        std::random_device device;
        std::ostringstream out;
        out << "sitrep_mail_" << std::hex << std::setfill('0');
        for (int i = 0; i < 2; ++i) out << std::setw(8) << static_cast<uint32_t>(device());
        return out.str();
    }

    std::string server_url_, name_;
};

}  // namespace sitrep::test
