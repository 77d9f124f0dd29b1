#pragma once
// Deciding a file's source kind from its path, and parsing any source file.
#include <optional>
#include <string_view>

#include "src/parse/record.hpp"

namespace nayose::parse {

// By path layout (relative to a --sources directory, '/'-separated): `…/RECEIPTC.UKE` → uke,
// `…/RECEIPTY.CYO` → cyo, a file under `<データ種別>/` whose name has the SS-MIX2 shape → ssmix2,
// `…/DATA/h*.xml` → checkup, `care/…/*.csv` → care, `death/<pref>/*.csv` → death; else nullopt.
std::optional<SourceKind> detect_kind(std::string_view relative_path);

// Dispatches to the format's parser.
ParsedFile parse_source(SourceKind kind, std::string_view relative_path, std::string_view bytes);

}  // namespace nayose::parse
