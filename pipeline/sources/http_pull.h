#pragma once

#include <fmt/format.h>

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>

#include "pipeline/model/date.h"
#include "pipeline/config/config.h"

namespace sitrep {

/// Where a pull puts what it fetches, and how patient it is with the partner's server.
struct PullOptions {
    std::string inbox;     ///< the new file goes here
    std::string state;     ///< validators are remembered in `STATE/pull/<partner>.json`
    Date reference_date;   ///< replaces `{date}` in the URL; the caller's today in Brussels
    int max_attempts = 3;  ///< attempts per pull, counting the first
    /// Delay before the second attempt; it doubles for each further one.
    std::chrono::milliseconds base_delay{1000};
    std::chrono::milliseconds connect_timeout{10'000};
    /// How long the server may stay silent while sending headers or body.
    std::chrono::milliseconds receive_timeout{30'000};
    size_t max_bytes = size_t{64} << 20;  ///< a larger body is refused
    /// Extra trusted CA certificates (PEM file or folder); the system's are always trusted.
    std::string ca_location;
};

/// How a pull ended.
enum class PullStatus {
    updated,       ///< a new file was written to the inbox
    not_modified,  ///< the server said 304, or sent bytes the inbox already has
    maintenance,   ///< the server kept answering 503: expected nightly, nobody to wake
    failed,        ///< anything else; `message` says why
};

/// `updated`, `not_modified`, `maintenance` or `failed`.
std::string_view to_string(PullStatus status);

/// What one pull did.
struct PullResult {
    PullStatus status = PullStatus::failed;
    std::string file;     ///< path of the file written to the inbox, empty when none
    int http_status = 0;  ///< the last HTTP status received, 0 when none was
    int attempts = 0;     ///< requests made, retries included
    std::string message;  ///< one line for the log and the operator
};

/// Pulls one partner's feed once (with retries), storing a new file atomically in the inbox.
/// Blocks for at most about max_attempts × (timeouts) plus the backoff delays. Pulls of one
/// partner are serialised; different partners may be pulled from different threads at once.
/// Never throws for network or server trouble: that is a `failed` or `maintenance` result.
PullResult pull_partner(const PartnerConfig& partner, const PullOptions& options);

/// When to pull next: `pull_every_seconds` after the last attempt (whatever its outcome).
std::chrono::system_clock::time_point next_pull(std::chrono::system_clock::time_point last_attempt,
                                                int pull_every_seconds);

/// The URL with `{date}` replaced by `date` as yyyy-mm-dd.
std::string expand_pull_url(std::string_view url, Date date);

/// The inbox name for a fetched body: the server's Content-Disposition name if safe, else the
/// URL's last segment if a feed accepts it, else a `<partner>_…_<date>.<ext>` name a feed
/// accepts, else `<partner>_<date>.<ext>` (ingestion then rejects it with its reason).
std::string pull_file_name(std::string_view partner, std::string_view url, Date date,
                           std::string_view content_disposition, std::string_view content_type);

}  // namespace sitrep

/// Makes `fmt`/spdlog print a PullStatus by name (fmt 9's `format_as` takes integers only).
template <>
struct fmt::formatter<sitrep::PullStatus> : fmt::formatter<std::string_view> {
    template <typename FormatContext>
    auto format(sitrep::PullStatus status, FormatContext& ctx) const {
        return fmt::formatter<std::string_view>::format(sitrep::to_string(status), ctx);
    }
};
