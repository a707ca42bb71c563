#pragma once

#include <doctest/doctest.h>

#include <optional>
#include <string>
#include <vector>

typedef struct pg_conn PGconn;

namespace sitrep::test {

/// Marks a doctest case as needing the test PostgreSQL, TEST_CASE("..." * kPostgres): ctest
/// runs the cases of the suite "postgres" with the server (tests/postgres_tests.cmake).
inline const doctest::test_suite kPostgres("postgres");

/// The URL of the test PostgreSQL server (scripts/pg-test-server.sh): read from the file
/// SITREP_TEST_PG_URL_FILE names (ctest sets it on the tests of the "postgres" suite), else
/// from build/pg/url; nothing when neither holds one.
std::optional<std::string> test_postgres_url();

/// The same URL, or fails the test with how to get a server: a test that needs PostgreSQL
/// fails rather than skips when there is none, so that a broken fixture cannot pass unseen.
std::string require_test_postgres_url();

/// `url` with its database name replaced by `database`.
std::string url_with_database(const std::string& url, const std::string& database);

/// A plain libpq session for what tests do beside the code under test (reading tables,
/// terminating another session); fails the test when it cannot connect or a query fails.
class TestSession {
public:
    /// Connects to `url`.
    explicit TestSession(const std::string& url);
    ~TestSession();
    TestSession(const TestSession&) = delete;
    TestSession& operator=(const TestSession&) = delete;

    /// Runs `sql` and gives its rows, each value as text ("" for NULL).
    std::vector<std::vector<std::string>> query(const std::string& sql);

private:
    PGconn* conn_ = nullptr;
};

/// A fresh, empty database on the test server for one test (CREATE DATABASE t_<random>),
/// dropped with every session still on it when the object goes, so that tests running at
/// once see neither each other's rows nor each other's advisory locks.
class ScratchDatabase {
public:
    /// Creates the database, with `options` for CREATE DATABASE (a locale, say); fails the test
    /// when there is no server.
    explicit ScratchDatabase(const std::string& options = "");
    ~ScratchDatabase();
    ScratchDatabase(const ScratchDatabase&) = delete;
    ScratchDatabase& operator=(const ScratchDatabase&) = delete;

    /// The URL of this database.
    const std::string& url() const { return url_; }
    /// Its name.
    const std::string& name() const { return name_; }

private:
    std::string server_url_;
    std::string name_;
    std::string url_;
};

}  // namespace sitrep::test

namespace sitrep::test {

/// Whether this run of the end-to-end suite is its PostgreSQL pass (SITREP_TEST_STORE=postgres,
/// set by ctest on the "[postgres] …" copies of the e2e cases).
bool e2e_on_postgres();

/// The `--store URL` option the end-to-end suite adds for a state folder: nothing on the
/// SQLite pass; on the PostgreSQL pass, a database of the test server for that folder alone,
/// made on first use, so that each test's state starts empty as a new folder does.
std::string e2e_store_option(const std::string& state_dir);

/// The same as a `[store] url` for a service's configuration ("" on the SQLite pass).
std::string e2e_store_url(const std::string& state_dir);

}  // namespace sitrep::test
