#pragma once

#include <cstdint>
#include <memory>
#include <string_view>

#include "pipeline/store/database.h"

namespace sitrep {

namespace detail {
inline void bind_one(Statement& st, int i, std::string_view text) { st.bind(i, text); }
inline void bind_one(Statement& st, int i, int64_t value) { st.bind(i, value); }
inline void bind_one(Statement& st, int i, int value) { st.bind(i, int64_t{value}); }
}  // namespace detail

/// `sql` prepared on `db` with `values` bound to its `?` in order (text, or integers), ready to
/// `execute` or to step with `next`: the queue's statements each run once, so binding them
/// one call at a time would be most of their code.
template <class... Values>
std::unique_ptr<Statement> bound_statement(Database& db, std::string_view sql,
                                           const Values&... values) {
    auto st = db.prepare(sql);
    int i = 0;
    (detail::bind_one(*st, ++i, values), ...);
    return st;
}

}  // namespace sitrep
