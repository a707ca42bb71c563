#pragma once

#include <cstddef>
#include <istream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/model/problem.h"

namespace sitrep {

/// One record of a CSV file with the line it starts on.
struct CsvRow {
    size_t line = 0;                  ///< 1-based line number in the file
    std::vector<std::string> fields;  ///< unquoted fields
    std::string raw;                  ///< the record as written, for error messages

    /// Whether every field is empty (a blank or `;;;` line).
    bool blank() const;
};

/// A whole CSV document read from UTF-8 text.
struct CsvDocument {
    char delimiter = ';';
    std::vector<CsvRow> rows;  ///< the header is rows[0] when the file has one
    std::vector<Problem> problems;
};

/// Longest record a partner file may hold; longer ones are reported, not read.
inline constexpr size_t kMaxRecordBytes = 64 * 1024;

/// Reads UTF-8 CSV text (BOM, CRLF or LF, RFC 4180 quotes). The delimiter is `;` or `,`,
/// whichever the first record uses more, unless `delimiter` is given.
CsvDocument parse_csv(std::string_view text, std::optional<char> delimiter = std::nullopt);

/// Lower-case, accent-free, single-spaced form of a header, for matching column names.
std::string fold_header(std::string_view name);

/// Reads a whole stream into memory, or records a problem when it is larger than `max_bytes`.
std::optional<std::string> read_limited(std::istream& in, size_t max_bytes,
                                        std::vector<Problem>& problems);

/// Limit for feeds that are read whole: they are small by nature (a few KB to a few MB).
inline constexpr size_t kMaxSmallFileBytes = 64 * 1024 * 1024;

/// A short printable form of a raw line for error messages (at most 120 bytes, whole chars).
std::string excerpt(std::string_view raw);

}  // namespace sitrep
