#include "pipeline/service/leadership_for.h"

#include <Poco/URI.h>

#include <fstream>

#include "pipeline/foundation/errors.h"
#include "pipeline/service/postgres_leadership.h"

namespace sitrep {

std::unique_ptr<Leadership> make_leadership(const Config& config, const std::string& instance) {
    if (config.store_url.empty()) return std::make_unique<FileLeadership>();
    std::string url = config.store_url;
    // The leader's session logs in as the store's do: the password file's word, as a URL
    // parameter libpq reads like any other.
    if (!config.store_password_file.empty()) {
        std::ifstream in(config.store_password_file);
        std::string password;
        if (!in || !std::getline(in, password))
            throw ConfigError("cannot read the store's password file " +
                              config.store_password_file);
        while (!password.empty() && (password.back() == '\r' || password.back() == ' '))
            password.pop_back();
        std::string encoded;
        Poco::URI::encode(password, "&=?#/@:+% ", encoded);
        url += (url.find('?') == std::string::npos ? "?" : "&") + std::string("password=") + encoded;
    }
    return std::make_unique<PostgresLeadership>(url, instance);
}

}  // namespace sitrep
