#pragma once

#include <string>
#include <string_view>
#include <utility>

namespace sitrep {

/// The rules every channel applies to submission and report file names, in one place.
/// A *copy* is what a browser or mail client makes of a second download (`x (1).csv`); a
/// *revision* is a partner's correction of a file it sent (`x_v2.csv`, `x_v3.csv` …).

/// The base name a revision shares with its original: `dvz_tp_beslissingen_20230131_v2.csv`
/// and `dvz_tp_beslissingen_20230131 (1).csv` both give `dvz_tp_beslissingen_20230131`.
std::string revision_base(const std::string& file);

/// The revision number in a file name: 2 for `_v2`, 1 when there is none.
int revision_number(const std::string& file);

/// `name` as revision `version`: `actiris_2023-02-08.json`, 2 → `actiris_2023-02-08_v2.json`
/// (an existing `_vN` is replaced).
std::string revision_name(const std::string& name, int version);

/// Sorts inbox names by name, but a copy `x (1).csv` right after its original `x.csv`, so that
/// the copy is the one reported as the duplicate.
std::pair<std::string, std::string> copy_order_key(const std::string& name);

/// Whether `name` starts with `prefix` and ends with `extension`, ignoring letter case.
bool has_prefix_and_extension(std::string_view name, std::string_view prefix,
                              std::string_view extension);

/// Whether `name` is an HXL-tagged CSV by its name: `x.hxl.csv` or `x_hxl.csv`, any case, with
/// something before the extension. Its revisions are `x_v2.hxl.csv` and `x_v2_hxl.csv`.
bool is_hxl_csv_name(std::string_view name);

/// `sitrep-0237`: the stem of report N's file names in the outbox.
std::string report_stem(int number);

}  // namespace sitrep
