#include "pipeline/service/leadership_for.h"

#include <Poco/URI.h>

#include "pipeline/service/postgres_leadership.h"

namespace sitrep {

std::unique_ptr<Leadership> make_leadership(const Config& config, const std::string& instance) {
    if (config.store_url.empty()) return std::make_unique<FileLeadership>();
    std::string url = config.store_url;
    // The leader's session logs in as the store's do: the password as a URL parameter,
    // which libpq reads like any other.
    if (!config.store_password.empty()) {
        std::string encoded;
        Poco::URI::encode(config.store_password, "&=?#/@:+% ", encoded);
        url += (url.find('?') == std::string::npos ? "?" : "&") + std::string("password=") + encoded;
    }
    return std::make_unique<PostgresLeadership>(url, instance);
}

}  // namespace sitrep
