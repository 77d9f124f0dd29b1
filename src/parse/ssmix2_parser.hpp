#pragma once
// SS-MIX2 standardized-storage message files (ISO-2022-JP, HL7 v2.5; DOMAIN §2,
// src/formats/README.md "SS-MIX2"). One ParsedRecord per current message file.
#include <optional>
#include <string>
#include <string_view>

#include "src/parse/record.hpp"

namespace nayose::parse {

// The parts of a storage path `…/<PID[0:3]>/<PID[3:6]>/<PID>/<診療日|->/<データ種別>/<file name>`.
struct Ssmix2Path {
  std::string facility;      // the folder above the PID[0:3] level (the storage root's name, e.g. 医療機関コード); may be empty
  std::string patient_id;    // PID folder
  std::string service_date;  // 8 digits or "-"
  std::string data_kind;     // e.g. "OML-11"
  std::string order_number;  // 15 digits
  std::string event_time;    // 14-17 digits
  std::string department;    // or "-"
  char condition = '1';      // コンディションフラグ
};
// nullopt when the path does not have the storage layout (the file then gets file_unrecognised).
std::optional<Ssmix2Path> parse_ssmix2_path(std::string_view relative_path);

ParsedFile parse_ssmix2(std::string_view relative_path, std::string_view bytes);

}  // namespace nayose::parse
