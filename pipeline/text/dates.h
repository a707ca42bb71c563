#pragma once

#include <optional>
#include <string_view>

#include "pipeline/model/date.h"

namespace sitrep {

/// Reads a day as `dd/mm/yyyy`, `dd.mm.yyyy`, `dd-mm-yyyy` or `yyyy-mm-dd` (d/m may be one
/// digit); nullopt for anything else or a day that does not exist.
std::optional<Date> parse_day(std::string_view text);

/// A calendar month, as its first and last day.
struct Month {
    Date first;
    Date last;
};

/// Reads a month as `yyyy-mm`, `mm/yyyy`, `mm.yyyy`, or a Dutch, French or English month name
/// and a year (`januari 2023`, `janvier 2023`, `February 2023`); nullopt otherwise.
std::optional<Month> parse_month(std::string_view text);

/// The month that contains `d`.
Month month_of(Date d);

}  // namespace sitrep
