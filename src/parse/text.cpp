#include "src/parse/text.hpp"

#include "src/formats/encoding.hpp"

namespace nayose::parse {

Lines split_crlf_lines(std::string_view bytes, bool strip_eof_byte) {
  Lines out;
  std::string_view body = bytes;
  if (strip_eof_byte && !body.empty() && body.back() == '\x1A') {
    body.remove_suffix(1);
    out.ends_with_eof_byte = true;
  }
  std::uint64_t number = 0;
  std::size_t start = 0;
  while (start < body.size()) {
    const std::size_t lf = body.find('\n', start);
    Line line;
    line.number = ++number;
    if (lf == std::string_view::npos) {
      line.text = body.substr(start);
      line.span = {start, body.size() - start};
      line.terminated = false;
      out.lines.push_back(line);
      break;
    }
    std::size_t end = lf;
    if (end > start && body[end - 1] == '\r') --end;
    line.text = body.substr(start, end - start);
    line.span = {start, lf + 1 - start};
    line.terminated = true;
    out.lines.push_back(line);
    start = lf + 1;
  }
  return out;
}

std::vector<std::string_view> split_commas(std::string_view line) {
  std::vector<std::string_view> fields;
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = line.find(',', start);
    if (comma == std::string_view::npos) {
      fields.push_back(line.substr(start));
      return fields;
    }
    fields.push_back(line.substr(start, comma - start));
    start = comma + 1;
  }
}

bool is_ascii(std::string_view bytes) noexcept {
  for (const char c : bytes) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

bool is_ascii_digits(std::string_view text) noexcept {
  if (text.empty()) return false;
  for (const char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

std::optional<std::string> decode_cp932_field(std::string_view bytes) {
  // 0x1A, 0x1C and 0x7F are remapped by decode_cp932; every other ASCII byte is itself.
  bool plain = true;
  for (const char c : bytes) {
    const auto b = static_cast<unsigned char>(c);
    if (b >= 0x80 || b == 0x1A || b == 0x1C || b == 0x7F) {
      plain = false;
      break;
    }
  }
  if (plain) return std::string(bytes);
  return formats::decode_cp932(bytes);
}

std::optional<std::string> decode_utf8_field(std::string_view bytes) {
  if (!formats::is_valid_utf8(bytes)) return std::nullopt;
  return std::string(bytes);
}

}  // namespace nayose::parse
