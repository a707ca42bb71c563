// Ingest benchmark: how fast the DVZ decisions adapter streams extracts of 1 M and 10 M rows,
// alone and next to the SHA-256 that ingest computes over the same bytes at the same time.
// Each measurement runs in its own child process so that its peak RSS is its own.
//
// Usage: bench_ingest [DATA_DIR]   (default: bench/data in the source tree)
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "adapters/dvz_decisions.h"
#include "pipeline/model/date.h"
#include "pipeline/foundation/sha256.h"

namespace {

#ifdef SITREP_SOURCE_DIR
constexpr const char* kDefaultDataDir = SITREP_SOURCE_DIR "/bench/data";
#else
constexpr const char* kDefaultDataDir = "bench/data";
#endif

constexpr size_t kChunkBytes = size_t{1} << 20;
constexpr int kRepeats = 3;
constexpr std::array<uint64_t, 2> kSizes = {1'000'000, 10'000'000};

enum class Mode { kParse, kParseAndSha, kSha };

const char* mode_name(Mode m) {
    switch (m) {
        case Mode::kParse:
            return "parse";
        case Mode::kParseAndSha:
            return "parse + sha256";
        case Mode::kSha:
            return "sha256 alone";
    }
    return "?";
}

/// What a child reports back through its pipe.
struct Outcome {
    double seconds = 0;
    uint64_t rows = 0;
    uint64_t problems = 0;
    char sha[65] = {};
    bool ok = false;
};

/// One measurement as the parent sees it.
struct Run {
    Outcome outcome;
    double peak_rss_mib = 0;
};

/// splitmix64: small, fast and the same on every machine, so the data files are reproducible.
class Prng {
public:
    explicit Prng(uint64_t seed) : state_(seed) {}
    uint64_t next() {
        uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    /// Uniform in [0, n).
    uint32_t below(uint32_t n) { return static_cast<uint32_t>((next() >> 32) * n >> 32); }

private:
    uint64_t state_;
};

// Real municipalities (REFNIS 2019-2024), some from every province, the big cities repeated
// so that they weigh more, as they do in DVZ's extracts.
constexpr std::array<const char*, 48> kNisCodes = {
    "11002", "11002", "11002", "11001", "12002", "12025", "13001", "13040", "21004", "21004",
    "21001", "21015", "21009", "21013", "23002", "23088", "24062", "24062", "24001", "31005",
    "32003", "33011", "34022", "35013", "36015", "37002", "38008", "41002", "42006", "43005",
    "44021", "44021", "45035", "46021", "71016", "71022", "72004", "73042", "25005", "25072",
    "52011", "55022", "57081", "62063", "62063", "81001", "84009", "92094"};
constexpr std::array<const char*, 8> kOtherNationalities = {"RUS", "MDA", "BLR", "GEO",
                                                            "AZE", "ARM", "KAZ", "UZB"};

std::string data_path(const std::string& dir, uint64_t rows) {
    return dir + "/dvz_tp_beslissingen_bench_" + std::to_string(rows / 1'000'000) + "M.csv";
}

bool exists(const std::string& path) {
    struct stat st;
    return ::stat(path.c_str(), &st) == 0 && st.st_size > 0;
}

uint64_t file_size(const std::string& path) {
    struct stat st;
    return ::stat(path.c_str(), &st) == 0 ? static_cast<uint64_t>(st.st_size) : 0;
}

// Decisions from 10/03/2022 over a year, in date order and front-loaded as the first weeks
// were; ~2% refusals, ~0.5% without municipality, CRLF line ends and a trailing empty line.
void generate(const std::string& path, uint64_t rows) {
    const std::string tmp = path + ".tmp";
    std::FILE* f = std::fopen(tmp.c_str(), "wb");
    if (f == nullptr) {
        std::perror(tmp.c_str());
        std::exit(74);
    }
    std::vector<char> buf(4 << 20);
    std::setvbuf(f, buf.data(), _IOFBF, buf.size());
    std::fputs("beslissingsdatum;beslissing;nationaliteit;geslacht;leeftijdsgroep;gemeente_nis\r\n",
               f);
    Prng rng(20230131);
    const sitrep::Date first = sitrep::Date::from_ymd(2022, 3, 10);
    int32_t last_offset = -1;
    char date[11] = {};
    for (uint64_t i = 0; i < rows; ++i) {
        const double t = static_cast<double>(i) / static_cast<double>(rows);
        const auto offset = static_cast<int32_t>(365.0 * t * t);
        if (offset != last_offset) {
            const sitrep::Date d = first + offset;
            std::snprintf(date, sizeof date, "%02u/%02u/%04d", d.day(), d.month(), d.year());
            last_offset = offset;
        }
        const bool refused = rng.below(1000) < 20;
        const bool ukr = rng.below(1000) < (refused ? 690u : 990u);
        const uint32_t s = rng.below(100);
        const char* sex = s < 65 ? "V" : s < 99 ? "M" : "X";
        const uint32_t a = rng.below(100);
        const char* age = a < 33 ? "0-17" : a < 93 ? "18-64" : "65+";
        const char* nis = rng.below(1000) < 5 ? "" : kNisCodes[rng.below(kNisCodes.size())];
        const char* nat = ukr ? "UKR" : kOtherNationalities[rng.below(kOtherNationalities.size())];
        std::fprintf(f, "%s;%s;%s;%s;%s;%s\r\n", date, refused ? "GEWEIGERD" : "AFGEGEVEN", nat,
                     sex, age, nis);
    }
    std::fputs("\r\n", f);
    if (std::fclose(f) != 0 || std::rename(tmp.c_str(), path.c_str()) != 0) {
        std::perror(path.c_str());
        std::exit(74);
    }
}

// Reads the file with its own descriptor, as the ingest's hashing thread does.
std::string hash_file(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY);
    if (fd < 0) return "";
    sitrep::Sha256 h;
    std::vector<char> buf(kChunkBytes);
    off_t offset = 0;
    for (;;) {
        const ssize_t n = ::pread(fd, buf.data(), buf.size(), offset);
        if (n <= 0) break;
        h.update(std::string_view(buf.data(), static_cast<size_t>(n)));
        offset += n;
    }
    ::close(fd);
    return h.hex();
}

Outcome measure(const std::string& path, Mode mode) {
    Outcome out;
    const auto start = std::chrono::steady_clock::now();
    std::string sha;
    std::thread hasher;
    if (mode != Mode::kParse) hasher = std::thread([&] { sha = hash_file(path); });
    if (mode != Mode::kSha) {
        std::ifstream in(path, std::ios::binary);
        const sitrep::ParseResult r = sitrep::parse_dvz_decisions(in);
        out.rows = r.rows;
        out.problems = r.problem_count;
    }
    if (hasher.joinable()) hasher.join();
    out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::snprintf(out.sha, sizeof out.sha, "%s", sha.c_str());
    out.ok = true;
    return out;
}

// Runs `work` in a child process; its peak RSS comes from wait4.
template <typename Work>
Run in_child(Work work) {
    int fds[2];
    if (::pipe(fds) != 0) {
        std::perror("pipe");
        std::exit(71);
    }
    const pid_t pid = ::fork();
    if (pid < 0) {
        std::perror("fork");
        std::exit(71);
    }
    if (pid == 0) {
        ::close(fds[0]);
        const Outcome o = work();
        const ssize_t written = ::write(fds[1], &o, sizeof o);
        ::_exit(written == static_cast<ssize_t>(sizeof o) ? 0 : 1);
    }
    ::close(fds[1]);
    Run run;
    if (::read(fds[0], &run.outcome, sizeof run.outcome) !=
        static_cast<ssize_t>(sizeof run.outcome))
        run.outcome.ok = false;
    ::close(fds[0]);
    int status = 0;
    struct rusage usage {};
    ::wait4(pid, &status, 0, &usage);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) run.outcome.ok = false;
    run.peak_rss_mib = static_cast<double>(usage.ru_maxrss) / 1024.0;  // Linux: KiB
    return run;
}

}  // namespace

int main(int argc, char** argv) {
    const std::string dir = argc > 1 ? argv[1] : kDefaultDataDir;
    ::mkdir(dir.c_str(), 0755);
    for (const uint64_t rows : kSizes) {
        const std::string path = data_path(dir, rows);
        if (exists(path)) continue;
        std::printf("generating %s (%" PRIu64 " rows) ...\n", path.c_str(), rows);
        std::fflush(stdout);
        // In a child too, so that the generator's buffers never count in a measurement.
        in_child([&] {
            generate(path, rows);
            Outcome o;
            o.ok = true;
            return o;
        });
    }

    std::printf(
        "\nDVZ decisions adapter, best of %d runs per line; each run in its own process.\n"
        "MB = 10^6 bytes; peak RSS = the child's ru_maxrss. Figures on a shared machine "
        "are noisy.\n\n",
        kRepeats);
    std::printf("%-6s %-15s %10s %12s %9s %12s %9s %10s  %s\n", "file", "mode", "rows", "bytes",
                "seconds", "rows/s", "MB/s", "peak MiB", "check");
    bool all_ok = true;
    for (const uint64_t rows : kSizes) {
        const std::string path = data_path(dir, rows);
        const uint64_t bytes = file_size(path);
        std::string reference_sha;
        for (const Mode mode : {Mode::kParse, Mode::kParseAndSha, Mode::kSha}) {
            std::vector<Run> runs;
            for (int i = 0; i < kRepeats; ++i)
                runs.push_back(in_child([&] { return measure(path, mode); }));
            const auto best = std::min_element(runs.begin(), runs.end(), [](auto& a, auto& b) {
                return a.outcome.seconds < b.outcome.seconds;
            });
            double peak = 0;
            bool ok = true;
            for (const Run& r : runs) {
                peak = std::max(peak, r.peak_rss_mib);
                ok = ok && r.outcome.ok;
                if (mode != Mode::kSha)
                    ok = ok && r.outcome.rows == rows && r.outcome.problems == 0;
                if (mode != Mode::kParse) {
                    if (reference_sha.empty()) reference_sha = r.outcome.sha;
                    ok = ok && reference_sha == r.outcome.sha;
                }
            }
            all_ok = all_ok && ok;
            const double s = best->outcome.seconds;
            std::printf("%-6s %-15s %10" PRIu64 " %12" PRIu64 " %9.3f %12.0f %9.0f %10.1f  %s\n",
                        (std::to_string(rows / 1'000'000) + " M").c_str(), mode_name(mode),
                        mode == Mode::kSha ? uint64_t{0} : best->outcome.rows, bytes, s,
                        mode == Mode::kSha ? 0.0 : static_cast<double>(rows) / s,
                        static_cast<double>(bytes) / s / 1e6, peak,
                        ok ? "ok" : "FAILED (rows, problems or digest)");
        }
        std::printf("%-6s sha256 %s\n", "", reference_sha.c_str());
    }
    struct rusage self {};
    ::getrusage(RUSAGE_SELF, &self);
    std::printf("\nbenchmark parent process peak RSS: %.1f MiB\n",
                static_cast<double>(self.ru_maxrss) / 1024.0);
    return all_ok ? 0 : 1;
}
