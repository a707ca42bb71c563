#pragma once

#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "adapters/adapter.h"

namespace sitrep::test {

/// Parses `text` as the file `name` with the adapter that accepts that name.
inline ParseResult parse_text(const std::string& name, const std::string& text) {
    const Adapter* a = adapter_for(name);
    REQUIRE_MESSAGE(a != nullptr, "no adapter accepts " << name);
    std::istringstream in(text);
    return a->parse(name, in);
}

/// The bytes of a file, for fixtures.
inline std::string read_bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    REQUIRE_MESSAGE(in.good(), "cannot read " << path);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

/// Parses a file from disk under its own name.
inline ParseResult parse_file(const std::string& path) {
    const std::string name = path.substr(path.rfind('/') + 1);
    return parse_text(name, read_bytes(path));
}

/// The sum of the values of every fact with this indicator, area and breakdown.
inline double total(const ParseResult& r, const std::string& indicator, const std::string& area,
                    const std::string& breakdown = "") {
    double sum = 0;
    for (const auto& o : r.observations)
        if (o.indicator == indicator && o.area == area && breakdown_key(o.breakdown) == breakdown)
            sum += o.value;
    return sum;
}

/// All problems as one text, for CHECK messages and substring checks.
inline std::string problems(const ParseResult& r) {
    std::string out;
    for (const auto& p : r.problems) out += describe("f", p) + "\n";
    return out;
}

/// The path of a file of the sample inbox fixture.
inline std::string sample(const std::string& name) {
    return std::string(SITREP_FIXTURES_DIR) + "/sample/inbox/" + name;
}

/// The path of a fixture of this project.
inline std::string fixture(const std::string& name) {
    return std::string(SITREP_FIXTURES_DIR) + "/" + name;
}

}  // namespace sitrep::test
