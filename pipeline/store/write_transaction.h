#pragma once

#include <Poco/Data/Session.h>
#include <spdlog/spdlog.h>

namespace sitrep {

/// Runs `body` in one write transaction on `session`. BEGIN IMMEDIATE takes the write lock up
/// front: a deferred transaction that reads and then writes fails at once with "database is
/// locked" when another connection wrote in between (WAL's deadlock avoidance), while an
/// immediate one waits for the busy timeout. Rolls back and rethrows on any error.
template <class Body>
void in_write_transaction(Poco::Data::Session& session, Body&& body) {
    using Poco::Data::Keywords::now;
    session << "BEGIN IMMEDIATE", now;
    try {
        body();
        session << "COMMIT", now;
    } catch (const std::exception&) {
        try {
            session << "ROLLBACK", now;
        } catch (const Poco::Exception& e) {
            spdlog::error("store: rollback failed: {}", e.displayText());
        }
        throw;
    }
}

}  // namespace sitrep
