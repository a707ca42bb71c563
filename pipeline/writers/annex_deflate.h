#pragma once

#include <optional>
#include <string>

namespace sitrep {

/// How an annex's parts are deflated inside its zip. libxlsxwriter 1.1 has no option for it:
/// its zip library's default (zlib level 6) took half an annex's time, while level 1 gives
/// files about a sixth larger in a third of the time. Reports keep the one they were issued
/// with in their rendering record, so that `render N` gives their bytes back.
enum class AnnexDeflate {
    library_default,  ///< zlib's default level, as every annex before this choice was written
    fast,             ///< zlib level 1, for the reports issued since
};

/// The rendering record's word for `deflate`.
std::string record_word(AnnexDeflate deflate);

/// The choice a rendering record names; a record without one (nullopt) was written before the
/// choice existed, with the library's default.
AnnexDeflate annex_deflate_of(const std::optional<std::string>& word);

/// While alive, the zip parts libxlsxwriter opens on this thread are deflated as `deflate`
/// says; other threads keep theirs.
class AnnexDeflateScope {
public:
    explicit AnnexDeflateScope(AnnexDeflate deflate);
    ~AnnexDeflateScope();
    AnnexDeflateScope(const AnnexDeflateScope&) = delete;
    AnnexDeflateScope& operator=(const AnnexDeflateScope&) = delete;
    /// Whether a zip part was deflated fast on this thread since the scope began: false after
    /// writing a workbook fast means libxlsxwriter's calls did not reach sitrep (a build that
    /// links it otherwise), and the report would record a level its annex does not have.
    bool applied() const;

private:
    int before_;
    unsigned long long parts_before_;
};

}  // namespace sitrep
