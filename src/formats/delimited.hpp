#pragma once
// One comma-separated record (UKE, CYO, care and death CSV) encoded with CRLF, and the damage each
// line-level Corruption does to it (README "Corruptions"). Shared so that every comma-separated
// format breaks the same way.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "kernels/synth/model.hpp"

namespace nayose::formats {

enum class LineEncoding { cp932, utf8 };

// Bytes a strict decoder must reject, inserted by Corruption::bad_byte_sequence after the first
// character of the name field: a CP932 lead byte followed by a byte that is never a trail byte
// (0x81 0x20), and a byte that never occurs in UTF-8 (0xFF).
inline constexpr std::string_view kBadCp932Bytes = "\x81\x20";
inline constexpr std::string_view kBadUtf8Bytes = "\xFF";

// Encodes `fields` (UTF-8; each passed through comma_safe) joined by ',' and terminated by CRLF.
// `corruption` damages the field at index `name_field`:
//   truncated_line     the line ends after the first character of that field (after no character
//                      when the field has fewer than two), then CRLF: fewer fields than the layout;
//   wrong_field_count  an extra empty field is inserted right after it: one field too many;
//   bad_byte_sequence  the bad bytes above follow its first character;
//   anything else      no damage here (impossible dates and bad check digits are in the data).
std::string encode_delimited_line(std::vector<std::string> fields, LineEncoding encoding,
                                  synth::Corruption corruption, std::size_t name_field);

}  // namespace nayose::formats
