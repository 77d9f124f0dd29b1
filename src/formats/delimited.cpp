#include "src/formats/delimited.hpp"

#include <string>
#include <utility>

#include "src/common/error.hpp"
#include "src/formats/encoding.hpp"
#include "src/formats/text.hpp"

namespace nayose::formats {
namespace {

std::string encode(std::string_view utf8, LineEncoding encoding) {
  if (encoding == LineEncoding::cp932) return encode_cp932(utf8);
  if (!is_valid_utf8(utf8)) throw Error("encode_delimited_line: a field is not valid UTF-8");
  return std::string(utf8);
}

}  // namespace

std::string encode_delimited_line(std::vector<std::string> fields, LineEncoding encoding,
                                  synth::Corruption corruption, std::size_t name_field) {
  using synth::Corruption;
  for (std::string& field : fields) field = comma_safe(field);
  if (name_field >= fields.size()) throw Error("encode_delimited_line: name field index out of range");

  std::vector<std::string> encoded;
  encoded.reserve(fields.size() + 1);
  const auto [first, rest] = split_first_code_point(fields[name_field]);
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i != name_field || corruption == Corruption::none || corruption == Corruption::impossible_date ||
        corruption == Corruption::bad_check_digit) {
      encoded.push_back(encode(fields[i], encoding));
      continue;
    }
    if (corruption == Corruption::truncated_line) {
      encoded.push_back(rest.empty() ? std::string() : encode(first, encoding));
      break;  // the rest of the line is lost
    }
    if (corruption == Corruption::wrong_field_count) {
      encoded.push_back(encode(fields[i], encoding));
      encoded.emplace_back();
      continue;
    }
    // bad_byte_sequence
    const std::string_view bad = encoding == LineEncoding::cp932 ? kBadCp932Bytes : kBadUtf8Bytes;
    encoded.push_back(encode(first, encoding) + std::string(bad) + encode(rest, encoding));
  }

  std::string line;
  for (std::size_t i = 0; i < encoded.size(); ++i) {
    if (i != 0) line.push_back(',');
    line += encoded[i];
  }
  line += "\r\n";
  return line;
}

}  // namespace nayose::formats
