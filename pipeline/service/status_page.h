#pragma once

#include <string>

#include "pipeline/service/operations.h"

namespace sitrep {

/// The operator's status page (`GET /`): each partner's last submission and freshness, the
/// last reports, the mail queue, every time in the configured zone. Plain HTML, readable on a
/// phone. Its links go through the page itself (`/?report=N&file=pdf&lang=nl`), carrying
/// `link_token` when it is not empty: a browser that opened the page with `?token=` sends no
/// header, and only the page takes a token in its URL.
std::string status_page_html(Operations& ops, const std::string& link_token = "");

/// Text safe to put in HTML.
std::string html_escape(const std::string& text);

}  // namespace sitrep
