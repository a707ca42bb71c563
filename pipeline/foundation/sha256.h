#pragma once

#include <istream>
#include <string>
#include <string_view>

namespace sitrep {

/// Incremental SHA-256 (OpenSSL, which uses the CPU's SHA extensions where present).
class Sha256 {
public:
    Sha256();
    ~Sha256();
    Sha256(const Sha256&) = delete;
    Sha256& operator=(const Sha256&) = delete;
    /// Adds bytes to the digest.
    void update(std::string_view bytes);
    /// The lowercase hex digest; the object cannot be updated afterwards.
    std::string hex();

private:
    void* ctx_;  // EVP_MD_CTX*, kept opaque so that callers need no OpenSSL headers
};

/// The SHA-256 of a whole stream, read in 1 MiB chunks.
std::string sha256_hex(std::istream& in);

/// The SHA-256 of a byte string.
std::string sha256_hex(std::string_view bytes);

}  // namespace sitrep
