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

std::size_t find_bad_escape(std::string_view text) noexcept {
  std::size_t at = text.find(kEscapeCharacter);
  while (at != std::string_view::npos) {
    if (at + 2 >= text.size() || text[at + 2] != kEscapeCharacter || escaped_character(text[at + 1]) == 0) {
      return at;
    }
    at = text.find(kEscapeCharacter, at + 3);
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
    if (at + 2 >= leaf.size() || leaf[at + 2] != kEscapeCharacter) return std::nullopt;
    const char c = escaped_character(leaf[at + 1]);
    if (c == 0) return std::nullopt;
    out.push_back(c);
    start = at + 3;
  }
}

}  // namespace nayose::parse::hl7
