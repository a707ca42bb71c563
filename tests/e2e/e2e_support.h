#pragma once

#include <doctest/doctest.h>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "tests/support/postgres_server.h"

namespace sitrep::test {

namespace fs = std::filesystem;

/// A fresh folder under /tmp, removed when the test ends.
class TempDir {
public:
    TempDir() {
        std::string pattern = (fs::temp_directory_path() / "sitrep-e2e-XXXXXX").string();
        REQUIRE(::mkdtemp(pattern.data()) != nullptr);
        path_ = pattern;
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    /// A path inside the folder.
    std::string operator/(const std::string& name) const { return (path_ / name).string(); }
    const fs::path& path() const { return path_; }

private:
    fs::path path_;
};

/// What a command printed (stdout and stderr together) and its exit code.
struct CommandResult {
    int exit_code = -1;
    std::string output;
};

/// Runs a shell command line.
inline CommandResult run(const std::string& command) {
    CommandResult r;
    FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
    REQUIRE(pipe != nullptr);
    std::array<char, 4096> buf{};
    size_t n;
    while ((n = std::fread(buf.data(), 1, buf.size(), pipe)) > 0) r.output.append(buf.data(), n);
    const int status = ::pclose(pipe);
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
}

/// The command line `sitrep ARGS` with the binary under test; on the suite's PostgreSQL pass,
/// the `--state` folder's store is a database of the test server.
inline std::string sitrep_command(const std::string& args) {
    std::string store;
    if (const size_t at = args.find("--state "); at != std::string::npos && e2e_on_postgres() &&
                                                 args.find("--store ") == std::string::npos) {
        const size_t from = at + 8, to = args.find(' ', from);
        store = e2e_store_option(args.substr(from, to == std::string::npos ? to : to - from));
    }
    return std::string(SITREP_BINARY) + " " + args + store;
}

/// Runs `sitrep ARGS` (see sitrep_command).
inline CommandResult run_sitrep(const std::string& args) { return run(sitrep_command(args)); }

/// The whole content of a file.
inline std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    REQUIRE_MESSAGE(in.good(), "cannot read " << path);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

/// Copies the sample inbox fixture (the files of the demo inbox) into `dir`.
inline void copy_demo_inbox(const std::string& dir) {
    fs::create_directories(dir);
    for (const auto& e : fs::directory_iterator(std::string(SITREP_FIXTURES_DIR) + "/sample/inbox"))
        fs::copy_file(e.path(), fs::path(dir) / e.path().filename());
}

/// The run options that make a report reproducible: the demo's date and issue time.
inline std::string demo_run_args(const TempDir& t) {
    return "run --quiet --inbox " + (t / "inbox") + " --outbox " + (t / "outbox") + " --state " +
           (t / "state") + " --as-of 2023-02-08 --issued-at 2023-02-08T07:00:00+01:00";
}

/// The demo inbox copied into `t`/inbox and issued as report 237 on its own date; fails the
/// test when the run does.
inline void issue_demo_237(const TempDir& t) {
    copy_demo_inbox(t / "inbox");
    const auto issued = run_sitrep(demo_run_args(t) + " --first-number 237");
    REQUIRE_MESSAGE(issued.exit_code == 0, issued.output);
}

/// A parsed manifest.
inline Poco::JSON::Object::Ptr read_manifest(const std::string& path) {
    return Poco::JSON::Parser().parse(slurp(path)).extract<Poco::JSON::Object::Ptr>();
}

/// The headline figure (no breakdown) of an indicator and area, or null.
inline Poco::JSON::Object::Ptr headline(const Poco::JSON::Object::Ptr& manifest,
                                        const std::string& indicator, const std::string& area) {
    auto figures = manifest->getArray("figures");
    for (size_t i = 0; i < figures->size(); ++i) {
        auto f = figures->getObject(static_cast<unsigned>(i));
        if (!f->has("breakdown") && f->getValue<std::string>("indicator") == indicator &&
            f->getValue<std::string>("area") == area)
            return f;
    }
    return nullptr;
}

/// The input entry of a file name, or null.
inline Poco::JSON::Object::Ptr input(const Poco::JSON::Object::Ptr& manifest,
                                     const std::string& file) {
    auto inputs = manifest->getArray("inputs");
    for (size_t i = 0; i < inputs->size(); ++i) {
        auto in = inputs->getObject(static_cast<unsigned>(i));
        if (in->getValue<std::string>("file") == file) return in;
    }
    return nullptr;
}

/// The text of a PDF, as a reader's search would see it.
inline std::string pdf_text(const std::string& pdf) {
    const auto r = run("pdftotext -layout '" + pdf + "' -");
    REQUIRE_MESSAGE(r.exit_code == 0, r.output);
    return r.output;
}

}  // namespace sitrep::test
