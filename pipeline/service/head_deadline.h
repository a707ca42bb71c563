#pragma once

#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/TCPServerConnectionFactory.h>
#include <Poco/Timespan.h>

namespace sitrep {

/// Makes the HTTP server's connections: each reaches Poco's HTTP code only once its whole
/// request head has arrived, within `deadline` of being accepted; a client that takes longer
/// gets 408 and is closed, so a slow client holds a worker for `deadline` at most.
class HeadDeadlineFactory : public Poco::Net::TCPServerConnectionFactory {
public:
    HeadDeadlineFactory(Poco::Net::HTTPServerParams::Ptr params,
                        Poco::Net::HTTPRequestHandlerFactory::Ptr handlers,
                        Poco::Timespan deadline);

    Poco::Net::TCPServerConnection* createConnection(
        const Poco::Net::StreamSocket& socket) override;

private:
    Poco::Net::HTTPServerParams::Ptr params_;
    Poco::Net::HTTPRequestHandlerFactory::Ptr handlers_;
    Poco::Timespan deadline_;
};

}  // namespace sitrep
