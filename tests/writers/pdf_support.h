#pragma once

// What the PDF tests of the news-first sections share: a scratch folder, poppler's tools run
// on a rendered file, and reports small enough to read in a test.

#include <doctest/doctest.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "pipeline/writers/pdf_writer.h"

namespace sitrep::pdf_test {

namespace fs = std::filesystem;

inline const std::string kTemplates = std::string(SITREP_SOURCE_DIR) + "/templates";

/// The shipped templates, loaded once.
inline const Templates& templates() {
    static const Templates t = Templates::load(kTemplates);
    return t;
}

/// The standard output of a shell command.
inline std::string run(const std::string& command) {
    std::string out;
    FILE* pipe = ::popen(command.c_str(), "r");
    REQUIRE(pipe != nullptr);
    char buf[4096];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, n);
    ::pclose(pipe);
    return out;
}

/// A folder for one test's files, removed afterwards.
struct Scratch {
    fs::path dir;
    Scratch() {
        static int n = 0;
        dir = fs::temp_directory_path() /
              ("sitrep_pdf_test_" + std::to_string(::getpid()) + "_" + std::to_string(++n));
        fs::remove_all(dir);
        fs::create_directories(dir);
    }
    ~Scratch() {
        if (!dir.empty()) fs::remove_all(dir);
    }
    Scratch(const Scratch&) = delete;
    Scratch& operator=(const Scratch&) = delete;
    /// The folder moves with its owner, and is removed once.
    Scratch(Scratch&& other) noexcept : dir(std::move(other.dir)) { other.dir.clear(); }

    /// Writes `bytes` to `name` in the folder and returns its path.
    std::string write(const std::string& name, const std::string& bytes) const {
        const fs::path p = dir / name;
        std::ofstream(p, std::ios::binary) << bytes;
        // Kept to look at: SITREP_PDF_OUT=/tmp/pages sitrep_tests
        if (const char* keep = std::getenv("SITREP_PDF_OUT"))
            std::ofstream(fs::path(keep) / name, std::ios::binary) << bytes;
        return p.string();
    }
};

/// The PDF's text on one line, spaces collapsed and no-break spaces made plain, so that a
/// phrase wrapped in a table cell or a paragraph can be searched as written.
inline std::string flat_text(const std::string& path, int first_page = 0, int last_page = 0) {
    std::string cmd = "pdftotext -layout";
    if (first_page) cmd += " -f " + std::to_string(first_page);
    if (last_page) cmd += " -l " + std::to_string(last_page);
    std::string raw = run(cmd + " '" + path + "' - 2>/dev/null");
    for (const std::string nbsp : {"\u202F", "\u00A0"})
        for (size_t p = raw.find(nbsp); p != std::string::npos; p = raw.find(nbsp, p))
            raw.replace(p, nbsp.size(), " ");
    std::string out;
    for (char c : raw) {
        if (c == '\n' || c == '\f') c = ' ';
        if (c == ' ' && !out.empty() && out.back() == ' ') continue;
        out += c;
    }
    return out;
}

/// The number of pages pdfinfo counts in the file; 0 when it cannot read it.
inline int page_count(const std::string& path) {
    const std::string info = run("pdfinfo '" + path + "' 2>/dev/null");
    const size_t pos = info.find("Pages:");
    if (pos == std::string::npos) return 0;
    return std::atoi(info.c_str() + pos + 6);
}

/// Whether `needle` occurs in `haystack`.
inline bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

/// The text between the first `from` and the `to` after it (or the end).
inline std::string between(const std::string& text, const std::string& from,
                           const std::string& to) {
    const size_t a = text.find(from);
    if (a == std::string::npos) return "";
    const size_t b = to.empty() ? std::string::npos : text.find(to, a + from.size());
    return text.substr(a, b == std::string::npos ? std::string::npos : b - a);
}

}  // namespace sitrep::pdf_test

namespace sitrep::pdf_test {

/// Apache PDFBox's PDF/A-1b validator (Debian's libpdfbox2-java and the two Java EE APIs it
/// needs since Java 11) run on `path`: its report, then `exit=N`.
inline std::string preflight(const std::string& path) {
    const std::string jars = "/usr/share/java/";
    std::string cp;
    for (const char* jar : {"preflight", "pdfbox2", "fontbox2", "xmpbox", "commons-logging",
                            "javax.activation", "jaxb-api"})
        cp += (cp.empty() ? "" : ":") + jars + jar + ".jar";
    return run("java -cp " + cp + " org.apache.pdfbox.preflight.Validator_A1b '" + path +
               "' 2>&1; echo exit=$?");
}

/// What pdftotext prints on stderr for `path` (nothing for a well-formed text layer).
inline std::string pdftotext_warnings(const std::string& path) {
    return run("pdftotext '" + path + "' /dev/null 2>&1");
}

}  // namespace sitrep::pdf_test
