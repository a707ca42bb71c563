#include "pipeline/cli/logging.h"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

namespace sitrep {

namespace {

constexpr const char* kTerminalPattern = "%Y-%m-%dT%H:%M:%S%z %^%l%$ %v";
// The journal stamps each line itself; the level name stays for those who grep.
constexpr const char* kJournalPattern = "%l %v";

/// The syslog priority of a level, as journald reads it from a `<N>` prefix.
int syslog_priority(spdlog::level::level_enum level) {
    switch (level) {
        case spdlog::level::critical:
            return 2;
        case spdlog::level::err:
            return 3;
        case spdlog::level::warn:
            return 4;
        case spdlog::level::info:
            return 6;
        default:
            return 7;
    }
}

/// Prefixes every line of a record with its priority: journald (SyslogLevelPrefix=, on by
/// default) reads each line on its own, so a multi-line error stays an error throughout.
class JournalFormatter final : public spdlog::formatter {
public:
    void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override {
        spdlog::memory_buf_t text;
        lines_.format(msg, text);
        const std::string prefix = "<" + std::to_string(syslog_priority(msg.level)) + ">";
        bool line_start = true;
        for (const char c : text) {
            if (line_start) dest.append(prefix.data(), prefix.data() + prefix.size());
            dest.push_back(c);
            line_start = c == '\n';
        }
    }
    std::unique_ptr<spdlog::formatter> clone() const override {
        return std::make_unique<JournalFormatter>();
    }

private:
    spdlog::pattern_formatter lines_{kJournalPattern};
};

}  // namespace

bool stderr_is_journal() {
    const char* stream = std::getenv("JOURNAL_STREAM");
    if (stream == nullptr) return false;
    unsigned long long dev = 0, ino = 0;
    char extra = 0;
    if (std::sscanf(stream, "%llu:%llu%c", &dev, &ino, &extra) != 2) return false;
    struct stat st {};
    if (::fstat(STDERR_FILENO, &st) != 0) return false;
    return st.st_dev == dev && st.st_ino == ino;
}

void setup_logging() {
    if (stderr_is_journal()) {
        auto logger = spdlog::stderr_logger_mt("sitrep");
        logger->set_formatter(std::make_unique<JournalFormatter>());
        spdlog::set_default_logger(logger);
    } else {
        spdlog::set_default_logger(spdlog::stderr_color_mt("sitrep"));
        spdlog::set_pattern(kTerminalPattern);
    }
}

}  // namespace sitrep
