#include "tests/support/postgres_server.h"

#include <doctest/doctest.h>
#include <libpq-fe.h>

#include <chrono>

#include "tests/e2e/e2e_support.h"

namespace sitrep::test {
namespace {

const std::string kScript = std::string(SITREP_SOURCE_DIR) + "/scripts/pg-test-server.sh";

bool answers(const std::string& url) {
    PGconn* conn = PQconnectdb((url + "?connect_timeout=2").c_str());
    const bool ok = PQstatus(conn) == CONNECTION_OK;
    PQfinish(conn);
    return ok;
}

}  // namespace

TEST_CASE("the test server ctest started answers on the URL it hands the tests" * kPostgres) {
    TestSession session(require_test_postgres_url());
    CHECK(session.query("SELECT current_user, current_database()") ==
          std::vector<std::vector<std::string>>{{"sitrep", "sitrep"}});
}

TEST_CASE("the test server script starts a server once, gives its URL, and stop removes it" *
          kPostgres) {
    TempDir parent;
    const std::string dir = parent / "pg";
    const auto started = std::chrono::steady_clock::now();
    const auto first = run("bash " + kScript + " start " + dir);
    const auto took = std::chrono::duration<double>(std::chrono::steady_clock::now() - started);
    REQUIRE_MESSAGE(first.exit_code == 0, first.output);
    MESSAGE("the test server started in " << took.count() << " s");
    CHECK(took.count() < 5.0);
    const std::string url = first.output.substr(0, first.output.find('\n'));
    CHECK(url.rfind("postgresql://sitrep@127.0.0.1:", 0) == 0);
    CHECK(slurp(dir + "/url") == url + "\n");
    CHECK(answers(url));

    const auto again = run("bash " + kScript + " start " + dir);
    CHECK(again.exit_code == 0);
    CHECK(again.output == first.output);  // the same server, not a second one

    const auto stopped = run("bash " + kScript + " stop " + dir);
    CHECK_MESSAGE(stopped.exit_code == 0, stopped.output);
    CHECK_FALSE(fs::exists(dir));
    CHECK_FALSE(answers(url));
}

TEST_CASE("a scratch database starts empty and is gone after its test" * kPostgres) {
    std::string name;
    {
        ScratchDatabase db;
        name = db.name();
        TestSession session(db.url());
        CHECK(session.query("SELECT current_database()")[0][0] == name);
        CHECK(session.query("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")[0][0] ==
              "0");
    }
    TestSession server(require_test_postgres_url());
    CHECK(server.query("SELECT count(*) FROM pg_database WHERE datname = '" + name + "'")[0][0] ==
          "0");
}

TEST_CASE("a URL's database is replaced and its parameters kept") {
    CHECK(url_with_database("postgresql://sitrep@127.0.0.1:5432/sitrep", "t_1") ==
          "postgresql://sitrep@127.0.0.1:5432/t_1");
    CHECK(url_with_database("postgresql://u@h:1/db?sslmode=disable", "t_2") ==
          "postgresql://u@h:1/t_2?sslmode=disable");
    CHECK(url_with_database("postgresql://u@h:1", "t_3") == "postgresql://u@h:1/t_3");
}

}  // namespace sitrep::test
