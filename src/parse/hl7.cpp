#include "src/parse/hl7.hpp"

namespace nayose::parse::hl7 {

namespace {

// The character an escape \X\ stands for, or 0 for an unknown one.
char escaped_character(char code) noexcept {
  switch (code) {
    case 'F':
      return kFieldSeparator;
    case 'S':
      return kComponentSeparator;
    case 'R':
      return kRepetitionSeparator;
    case 'E':
      return kEscapeCharacter;
    case 'T':
      return kSubcomponentSeparator;
    default:
      return 0;
  }
}

}  // namespace

std::vector<SegmentPiece> split_segments(std::string_view text) {
  std::vector<SegmentPiece> segments;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = start;
    while (end < text.size() && text[end] != '\r' && text[end] != '\n') ++end;
    std::size_t next = end;
    if (next < text.size()) {
      const bool crlf = text[next] == '\r' && next + 1 < text.size() && text[next + 1] == '\n';
      next += crlf ? std::size_t{2} : std::size_t{1};
    }
    segments.push_back({start, end - start, next - start});
    start = next;
  }
  return segments;
}

std::string_view nth_piece(std::string_view text, char separator, std::size_t number) noexcept {
  if (number == 0) return {};
  std::size_t start = 0;
  for (std::size_t i = 1; i < number; ++i) {
    const std::size_t at = text.find(separator, start);
    if (at == std::string_view::npos) return {};
    start = at + 1;
  }
  const std::size_t end = text.find(separator, start);
  return text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
}

std::size_t count_pieces(std::string_view text, char separator) noexcept {
  std::size_t count = 1;
  for (const char c : text) {
    if (c == separator) ++count;
  }
  return count;
}

void SegmentFields::assign(std::string_view segment) {
  parts_.clear();
  std::size_t start = 0;
  bool complete = false;
  while (parts_.size() < kKeptFields) {
    const std::size_t at = segment.find(kFieldSeparator, start);
    if (at == std::string_view::npos) {
      parts_.push_back(segment.substr(start));
      complete = true;
      break;
    }
    parts_.push_back(segment.substr(start, at - start));
    start = at + 1;
  }
  const std::size_t pieces =
      complete ? parts_.size() : parts_.size() + count_pieces(segment.substr(start), kFieldSeparator);
  msh_ = parts_[0] == "MSH";
  // MSH-1 is the separator between the id and MSH-2, so MSH has one field more than its pieces.
  field_count_ = msh_ ? pieces : pieces - 1;
}

std::string_view SegmentFields::field(std::size_t number) const noexcept {
  if (!msh_) return number < parts_.size() ? parts_[number] : std::string_view();
  if (number == 0) return parts_[0];
  if (number == 1) return parts_.size() > 1 ? std::string_view("|") : std::string_view();
  return number - 1 < parts_.size() ? parts_[number - 1] : std::string_view();
}

namespace {

// Length of the escape sequence starting at `at` (both escape characters included), or 0 when it
// is not one HL7 v2.5 §2.7 defines: \F\ \S\ \R\ \E\ \T\ (delimiters), \H\ \N\ (highlighting),
// \.br\ \.sp<n>\ \.in<n>\ \.ti<n>\ \.fi\ \.nf\ \.ce\ \.sk<n>\ (formatting), \Xhh…\ (hex data),
// \Zxx…\ (local), \Cxxyy\ \Mxxyyzz\ (character-set switches).
std::size_t escape_length(std::string_view text, std::size_t at) noexcept {
  const std::size_t close = text.find(kEscapeCharacter, at + 1);
  if (close == std::string_view::npos || close == at + 1) return 0;
  const std::string_view body = text.substr(at + 1, close - at - 1);
  const auto all = [&](std::size_t from, auto&& ok) {
    for (std::size_t i = from; i < body.size(); ++i) {
      if (!ok(body[i])) return false;
    }
    return true;
  };
  const auto hex = [](char c) { return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f'); };
  const auto word = [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '+' || c == '-';
  };
  bool ok = false;
  if (body.size() == 1) {
    ok = escaped_character(body[0]) != 0 || body[0] == 'H' || body[0] == 'N';
  } else if (body[0] == '.') {
    ok = body.size() >= 3 && all(1, word);
  } else if (body[0] == 'X') {
    ok = body.size() % 2 == 1 && all(1, hex);
  } else if (body[0] == 'Z') {
    ok = all(1, word);
  } else if (body[0] == 'C') {
    ok = body.size() == 5 && all(1, hex);
  } else if (body[0] == 'M') {
    ok = (body.size() == 5 || body.size() == 7) && all(1, hex);
  }
  return ok ? body.size() + 2 : 0;
}

}  // namespace

std::size_t find_bad_escape(std::string_view text) noexcept {
  std::size_t at = text.find(kEscapeCharacter);
  while (at != std::string_view::npos) {
    const std::size_t length = escape_length(text, at);
    if (length == 0) return at;
    at = text.find(kEscapeCharacter, at + length);
  }
  return std::string_view::npos;
}

std::optional<std::string> unescape(std::string_view leaf) {
  std::string out;
  out.reserve(leaf.size());
  std::size_t start = 0;
  while (true) {
    const std::size_t at = leaf.find(kEscapeCharacter, start);
    if (at == std::string_view::npos) {
      out.append(leaf.substr(start));
      return out;
    }
    out.append(leaf.substr(start, at - start));
    const std::size_t length = escape_length(leaf, at);
    if (length == 0) return std::nullopt;
    const std::string_view body = leaf.substr(at + 1, length - 2);
    if (body.size() == 1 && escaped_character(body[0]) != 0) {
      out.push_back(escaped_character(body[0]));
    } else if (body == ".br") {
      out.push_back(' ');  // a line break inside a value: a space in the one-line value
    } else if (body[0] == 'X') {
      // Hex data in an unknown character set: printable ASCII is kept, anything else is a
      // substitute (the value is text; raw 8-bit bytes would not be UTF-8).
      for (std::size_t i = 1; i + 1 < body.size(); i += 2) {
        const auto nibble = [](char c) { return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10; };
        const int byte = nibble(body[i]) * 16 + nibble(body[i + 1]);
        if (byte >= 0x20 && byte < 0x7F) {
          out.push_back(static_cast<char>(byte));
        } else {
          out.append("\u25A0");
        }
      }
    }
    // \H\ \N\, other formatting, \Z..\, \C..\, \M..\: nothing in the value.
    start = at + length;
  }
}

}  // namespace nayose::parse::hl7
