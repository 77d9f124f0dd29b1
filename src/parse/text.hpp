#pragma once
// Byte-level helpers shared by the parsers: line splitting with exact byte spans, comma fields, and
// strict decoding of CP932 / UTF-8 field bytes with an ASCII fast path.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "src/parse/record.hpp"

namespace nayose::parse {

struct Line {
  std::string_view text;     // the line without its terminator
  ByteSpan span;             // the line including its terminator
  std::uint64_t number = 0;  // 1-based
  bool terminated = false;   // ended with the terminator (false only for a last line without one)
};

// Splits on "\r\n" (a lone "\n" also ends a line; a lone "\r" is data). `end_of_file_byte` (0x1A
// for UKE/CYO) is not part of any line when it is the very last byte; `ends_with_eof_byte` says
// whether it was there. A trailing terminator does not start an empty last line.
struct Lines {
  std::vector<Line> lines;
  bool ends_with_eof_byte = false;
};
Lines split_crlf_lines(std::string_view bytes, bool strip_eof_byte);

// Comma-separated fields (no quoting exists in these formats).
std::vector<std::string_view> split_commas(std::string_view line);

bool is_ascii(std::string_view bytes) noexcept;
bool is_ascii_digits(std::string_view text) noexcept;  // non-empty and only 0-9

// Strict decoders of one field: nullopt when the bytes are not valid in the encoding. ASCII input
// is returned as is without calling ICU.
std::optional<std::string> decode_cp932_field(std::string_view bytes);
std::optional<std::string> decode_utf8_field(std::string_view bytes);  // validation only

}  // namespace nayose::parse
