// The PostgreSQL client library, loaded when a store on a server is first used rather than when
// sitrep starts. Linked, libpq and what it needs (Kerberos, LDAP, GnuTLS: twenty libraries) were
// loaded and set up by every command, 3.5 ms of each run on a SQLite store that never uses them.
// Each libpq function sitrep calls is defined here once, with libpq's own declaration, and
// forwards to the library's; a missing library is a clear error on first use.
#include <dlfcn.h>
#include <libpq-fe.h>

#include <string>

#include "pipeline/foundation/errors.h"

namespace {

constexpr const char* kLibrary = "libpq.so.5";

void* library() {
    static std::string why;
    static void* const handle = [] {
        void* h = ::dlopen(kLibrary, RTLD_NOW | RTLD_LOCAL);
        if (h != nullptr) return h;
        why = ::dlerror();
        // The folder the build linked against, for a libpq outside the loader's search path.
        const std::string built_with = std::string(SITREP_LIBPQ_DIR) + "/" + kLibrary;
        if (std::string(SITREP_LIBPQ_DIR).empty()) return h;
        h = ::dlopen(built_with.c_str(), RTLD_NOW | RTLD_LOCAL);
        if (h == nullptr) why += "; " + std::string(::dlerror());
        return h;
    }();
    if (handle == nullptr)
        throw sitrep::ConfigError("a PostgreSQL store needs its client library, which cannot be "
                                  "loaded (" + why + "); on Debian: apt-get install libpq5");
    return handle;
}

template <typename Function>
Function* function(const char* name) {
    void* found = ::dlsym(library(), name);
    if (found == nullptr)
        throw sitrep::ConfigError(std::string("the PostgreSQL client library ") + kLibrary +
                                  " has no " + name + ": too old a libpq");
    return reinterpret_cast<Function*>(found);
}

}  // namespace

// Each function of libpq that sitrep calls, with libpq's own signature (libpq-fe.h checks it):
// the library's function looked up once, then called.
#define SITREP_LIBPQ(name)                                     \
    static auto* const real = function<decltype(::name)>(#name)

extern "C" {

PGconn* PQconnectdbParams(const char* const* keywords, const char* const* values,
                          int expand_dbname) {
    SITREP_LIBPQ(PQconnectdbParams);
    return real(keywords, values, expand_dbname);
}

PGconn* PQconnectdb(const char* conninfo) {
    SITREP_LIBPQ(PQconnectdb);
    return real(conninfo);
}

// Nothing to free needs no library: destructors call these with null too.
void PQfinish(PGconn* conn) {
    if (conn == nullptr) return;
    SITREP_LIBPQ(PQfinish);
    real(conn);
}

void PQclear(PGresult* res) {
    if (res == nullptr) return;
    SITREP_LIBPQ(PQclear);
    real(res);
}

void PQfreemem(void* ptr) {
    if (ptr == nullptr) return;
    SITREP_LIBPQ(PQfreemem);
    real(ptr);
}

ConnStatusType PQstatus(const PGconn* conn) {
    SITREP_LIBPQ(PQstatus);
    return real(conn);
}

char* PQerrorMessage(const PGconn* conn) {
    SITREP_LIBPQ(PQerrorMessage);
    return real(conn);
}

int PQbackendPID(const PGconn* conn) {
    SITREP_LIBPQ(PQbackendPID);
    return real(conn);
}

PQnoticeProcessor PQsetNoticeProcessor(PGconn* conn, PQnoticeProcessor proc, void* arg) {
    SITREP_LIBPQ(PQsetNoticeProcessor);
    return real(conn, proc, arg);
}

PGresult* PQexec(PGconn* conn, const char* query) {
    SITREP_LIBPQ(PQexec);
    return real(conn, query);
}

PGresult* PQexecParams(PGconn* conn, const char* command, int nParams, const Oid* paramTypes,
                       const char* const* paramValues, const int* paramLengths,
                       const int* paramFormats, int resultFormat) {
    SITREP_LIBPQ(PQexecParams);
    return real(conn, command, nParams, paramTypes, paramValues, paramLengths, paramFormats,
                resultFormat);
}

PGresult* PQgetResult(PGconn* conn) {
    SITREP_LIBPQ(PQgetResult);
    return real(conn);
}

int PQputCopyData(PGconn* conn, const char* buffer, int nbytes) {
    SITREP_LIBPQ(PQputCopyData);
    return real(conn, buffer, nbytes);
}

int PQputCopyEnd(PGconn* conn, const char* errormsg) {
    SITREP_LIBPQ(PQputCopyEnd);
    return real(conn, errormsg);
}

ExecStatusType PQresultStatus(const PGresult* res) {
    SITREP_LIBPQ(PQresultStatus);
    return real(res);
}

char* PQresultErrorMessage(const PGresult* res) {
    SITREP_LIBPQ(PQresultErrorMessage);
    return real(res);
}

char* PQcmdStatus(PGresult* res) {
    SITREP_LIBPQ(PQcmdStatus);
    return real(res);
}

int PQntuples(const PGresult* res) {
    SITREP_LIBPQ(PQntuples);
    return real(res);
}

int PQnfields(const PGresult* res) {
    SITREP_LIBPQ(PQnfields);
    return real(res);
}

char* PQgetvalue(const PGresult* res, int tup_num, int field_num) {
    SITREP_LIBPQ(PQgetvalue);
    return real(res, tup_num, field_num);
}

int PQgetlength(const PGresult* res, int tup_num, int field_num) {
    SITREP_LIBPQ(PQgetlength);
    return real(res, tup_num, field_num);
}

int PQgetisnull(const PGresult* res, int tup_num, int field_num) {
    SITREP_LIBPQ(PQgetisnull);
    return real(res, tup_num, field_num);
}

unsigned char* PQunescapeBytea(const unsigned char* strtext, size_t* retbuflen) {
    SITREP_LIBPQ(PQunescapeBytea);
    return real(strtext, retbuflen);
}

}  // extern "C"
