#pragma once
// The 介護 CSV (CP932) and death-certificate CSV (UTF-8) layouts written by nayose generate
// (src/formats/README.md "介護 CSV", "死亡 CSV"). One ParsedRecord per data line.
#include <string_view>

#include "src/parse/record.hpp"

namespace nayose::parse {

ParsedFile parse_care_csv(std::string_view bytes);
// The registry's prefecture comes from the path `death/<都道府県>/<YYYYMM>.csv`.
ParsedFile parse_death_csv(std::string_view relative_path, std::string_view bytes);

}  // namespace nayose::parse
