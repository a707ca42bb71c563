// The PostgreSQL client library is loaded when a store on a server is opened, not by every
// command: a run on a SQLite store never maps it.
#include <doctest/doctest.h>

#include "tests/e2e/e2e_support.h"
#include "tests/support/postgres_server.h"

using namespace sitrep::test;

TEST_CASE("a run loads the PostgreSQL client library only when its store is on a server") {
    TempDir t;
    copy_demo_inbox(t / "inbox");
    // The dynamic loader names each library it opens (LD_DEBUG=files).
    const auto r = run("LD_DEBUG=files " + sitrep_command(demo_run_args(t)));
    REQUIRE_MESSAGE(r.exit_code == 0, r.output);
    CHECK((r.output.find("file=libpq.so.5") != std::string::npos) == e2e_on_postgres());
    // The libraries libpq brings (Kerberos, LDAP, GnuTLS) come with it or not at all.
    CHECK((r.output.find("file=libldap") != std::string::npos) == e2e_on_postgres());
}
