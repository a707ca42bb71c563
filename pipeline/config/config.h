#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "pipeline/foundation/store_location.h"

namespace sitrep {

/// A partner's intake and pull settings (`[partner.P]`).
struct PartnerConfig {
    std::string name;
    std::string token;     ///< bearer token for uploads (from `token` or `token_file`)
    std::string pull_url;  ///< where to pull from, may be empty
    std::string pull_token;
    int pull_every_seconds = 0;
    int expect_every_days = 0;  ///< 1 daily, 7 weekly, 31 monthly; 0: the built-in default
    int late_after_days = 0;    ///< how old its newest data may be; 0: the built-in default
};

/// Someone who receives the reports by e-mail (`[recipient.R]`).
struct RecipientConfig {
    std::string name;
    std::string email;
    std::string lang = "nl";
    std::string partner;
    bool attach_pdf = true;
    bool attach_annex = false;
};

/// What a run does with each inbox file it has read, once its report is recorded
/// (`[inbox] after_run`).
enum class AfterRun {
    keep,     ///< left in the inbox (the default)
    archive,  ///< moved to `ARCHIVE/YYYY-MM-DD/`, the run's local day
    remove,   ///< deleted: its bytes are kept in the state only
};

/// Everything configurable, from one INI file; every path and address is here.
struct Config {
    std::string inbox = "inbox";
    std::string outbox = "outbox";
    std::string state = "state";
    std::string store_url;            ///< `[store] url`: empty for the SQLite file in `state`
    std::string store_password;  ///< `[store] password` or `password_file`: for the server
    std::string archive;  ///< where `after_run = archive` moves processed files (required then)
    AfterRun after_run = AfterRun::keep;
    std::string templates;  ///< defaults to the project's templates/ folder
    std::string rules;      ///< reconciliation rules; defaults to the project's rules/
    std::string catalogue;  ///< indicators, partners and feeds; defaults to the project's catalogue/

    int first_number = 1;
    std::vector<std::string> languages;  ///< empty: the templates' languages
    std::string daily_at = "07:00";
    std::string timezone = "Europe/Brussels";
    bool catch_up = true;  ///< the service issues a daily report missed today late, at start
    std::string classification;  ///< empty: the templates' default

    std::string http_bind = "127.0.0.1";
    int http_port = 8080;
    std::string operator_token;
    int max_upload_mb = 64;
    bool metrics_public = false;  ///< `/metrics` without a token

    std::string smtp_host;
    int smtp_port = 25;
    std::string smtp_from;
    std::string smtp_helo;  ///< the EHLO name; empty: the machine's FQDN or the `from` domain
    std::string smtp_from_name = "sitrep";  ///< the display name of the From
    bool smtp_starttls = false;
    std::string smtp_user;
    std::string smtp_password;

    std::map<std::string, PartnerConfig> partners;
    std::vector<RecipientConfig> recipients;

    /// `quarantine` inside the state folder.
    std::string quarantine() const;
    /// Where the store is: the state folder's SQLite file, or `[store] url`.
    StoreLocation store() const { return {state, store_url, store_password}; }
};

/// Reads an INI file; throws ConfigError naming the file and the key that is wrong.
Config load_config(const std::string& path);

/// The configuration without a file: defaults, the project's templates.
Config default_config();

/// Reads `07:00` as {7, 0}; nullopt when it is not a time of day.
std::optional<std::pair<int, int>> parse_hh_mm(const std::string& text);


}  // namespace sitrep
