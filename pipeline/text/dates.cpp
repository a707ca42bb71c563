#include "pipeline/text/dates.h"

#include <cctype>
#include <string>

#include "pipeline/foundation/strings.h"

namespace sitrep {
namespace {

std::optional<int> number(std::string_view s, size_t min_len, size_t max_len) {
    if (s.size() < min_len || s.size() > max_len) return std::nullopt;
    int v = 0;
    for (char c : s) {
        if (c < '0' || c > '9') return std::nullopt;
        v = v * 10 + (c - '0');
    }
    return v;
}

std::optional<Date> make(int y, int m, int d) {
    if (!Date::is_valid_ymd(y, static_cast<unsigned>(m), static_cast<unsigned>(d)))
        return std::nullopt;
    return Date::from_ymd(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
}

std::string lower_ascii_folded(std::string_view s) {
    // Month names need only é and û folded: "février", "août", "décembre".
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c == 0xC3 && i + 1 < s.size()) {
            const auto d = static_cast<unsigned char>(s[i + 1]);
            if (d == 0xA9 || d == 0x89) out += 'e';
            else if (d == 0xBB || d == 0x9B) out += 'u';
            ++i;
            continue;
        }
        out += static_cast<char>(std::tolower(c));
    }
    return out;
}

int month_from_name(std::string_view name) {
    static const char* const kNames[][12] = {
        {"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
         "september", "oktober", "november", "december"},
        {"janvier", "fevrier", "mars", "avril", "mai", "juin", "juillet", "aout", "septembre",
         "octobre", "novembre", "decembre"},
        {"january", "february", "march", "april", "may", "june", "july", "august",
         "september", "october", "november", "december"},
    };
    const std::string n = lower_ascii_folded(name);
    for (const auto& lang : kNames)
        for (int m = 0; m < 12; ++m)
            if (n == lang[m]) return m + 1;
    return 0;
}

}  // namespace

std::optional<Date> parse_day(std::string_view text) {
    const std::string_view s = trim(text);
    if (s.size() >= 8 && s.size() <= 10 && s[4] == '-') {
        const size_t dash = s.find('-', 5);
        if (dash == std::string_view::npos) return std::nullopt;
        auto y = number(s.substr(0, 4), 4, 4);
        auto m = number(s.substr(5, dash - 5), 1, 2);
        auto d = number(s.substr(dash + 1), 1, 2);
        if (!y || !m || !d) return std::nullopt;
        return make(*y, *m, *d);
    }
    for (char sep : {'/', '.', '-'}) {
        const size_t a = s.find(sep);
        if (a == std::string_view::npos) continue;
        const size_t b = s.find(sep, a + 1);
        if (b == std::string_view::npos) return std::nullopt;
        auto d = number(s.substr(0, a), 1, 2);
        auto m = number(s.substr(a + 1, b - a - 1), 1, 2);
        auto y = number(s.substr(b + 1), 4, 4);
        if (!y || !m || !d) return std::nullopt;
        return make(*y, *m, *d);
    }
    return std::nullopt;
}

Month month_of(Date d) { return {d.first_of_month(), d.last_of_month()}; }

std::optional<Month> parse_month(std::string_view text) {
    const std::string_view s = trim(text);
    int y = 0, m = 0;
    if (s.size() == 7 && s[4] == '-') {
        auto yy = number(s.substr(0, 4), 4, 4);
        auto mm = number(s.substr(5, 2), 2, 2);
        if (!yy || !mm) return std::nullopt;
        y = *yy;
        m = *mm;
    } else if (const size_t sep = s.find_first_of("/."); sep != std::string_view::npos &&
                                                         s.find_first_of("/.", sep + 1) ==
                                                             std::string_view::npos) {
        auto mm = number(s.substr(0, sep), 1, 2);
        auto yy = number(s.substr(sep + 1), 4, 4);
        if (!yy || !mm) return std::nullopt;
        y = *yy;
        m = *mm;
    } else if (const size_t space = s.rfind(' '); space != std::string_view::npos) {
        auto yy = number(trim(s.substr(space + 1)), 4, 4);
        m = month_from_name(trim(s.substr(0, space)));
        if (!yy || m == 0) return std::nullopt;
        y = *yy;
    } else {
        return std::nullopt;
    }
    auto first = make(y, m, 1);
    if (!first) return std::nullopt;
    return month_of(*first);
}

}  // namespace sitrep
