#pragma once

#include <string>

#include "pipeline/service/operations.h"

namespace sitrep {

/// The operator's status page (`GET /`): each partner's last submission and freshness, the
/// last reports, the mail queue. Plain HTML, readable on a phone.
std::string status_page_html(Operations& ops);

/// Text safe to put in HTML.
std::string html_escape(const std::string& text);

}  // namespace sitrep
