#pragma once
// HL7 v2 text structure as SS-MIX2 uses it, on already-decoded text: segments end at CR (CRLF and
// a lone LF are tolerated), fields are separated by |, repetitions by ~, components by ^ and
// subcomponents by &; the only escapes are \F\ \S\ \R\ \E\ \T\ (the five delimiters). SS-MIX2
// fixes the encoding characters (MSH-2 = ^~\&), so the delimiters are constants here.
//
// Everything works on string_views into the caller's text: nothing is copied until a value is
// unescaped. Pure functions, thread-safe, never throw (std::bad_alloc aside).
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace nayose::parse::hl7 {

inline constexpr char kFieldSeparator = '|';
inline constexpr char kComponentSeparator = '^';
inline constexpr char kRepetitionSeparator = '~';
inline constexpr char kEscapeCharacter = '\\';
inline constexpr char kSubcomponentSeparator = '&';
inline constexpr std::string_view kEncodingCharacters = "^~\\&";  // MSH-2

// One segment of a text: bytes [offset, offset + size) without the terminator,
// [offset, offset + size_with_terminator) with it.
struct SegmentPiece {
  std::size_t offset = 0;
  std::size_t size = 0;
  std::size_t size_with_terminator = 0;
};

// Splits at CR, LF or CRLF (one terminator). A trailing terminator does not start an empty last
// segment; empty segments in between (blank lines) are kept, so that two texts with the same
// terminator bytes split alike (the raw ISO-2022-JP bytes and their decoding).
std::vector<SegmentPiece> split_segments(std::string_view text);

// The `number`-th (1-based) piece of `text` between `separator`s; empty when there are fewer.
std::string_view nth_piece(std::string_view text, char separator, std::size_t number) noexcept;
// 1 + the number of separators.
std::size_t count_pieces(std::string_view text, char separator) noexcept;

inline std::string_view repetition(std::string_view field, std::size_t number) noexcept {
  return nth_piece(field, kRepetitionSeparator, number);
}
inline std::string_view component(std::string_view repetition_text, std::size_t number) noexcept {
  return nth_piece(repetition_text, kComponentSeparator, number);
}
inline std::string_view subcomponent(std::string_view component_text, std::size_t number) noexcept {
  return nth_piece(component_text, kSubcomponentSeparator, number);
}

// The fields of one segment, numbered as HL7 numbers them: field(0) is the segment id; for MSH,
// field(1) is the field separator itself and field(2) the encoding characters, so that MSH-9 is
// field(9) as for every other segment.
class SegmentFields {
 public:
  // Keeps views of the first kKeptFields fields only (a segment of a million separators must not
  // cost a million views) and counts the rest. Reuses the vector's storage between segments.
  static constexpr std::size_t kKeptFields = 64;
  void assign(std::string_view segment);
  std::string_view id() const noexcept { return parts_.empty() ? std::string_view() : parts_[0]; }
  // Empty when absent (or beyond kKeptFields).
  std::string_view field(std::size_t number) const noexcept;
  // The highest field number present (a segment "PID|a|b" has 2; "MSH|^~\&" has 2).
  std::size_t field_count() const noexcept { return field_count_; }

 private:
  std::vector<std::string_view> parts_;
  std::size_t field_count_ = 0;
  bool msh_ = false;
};

// Offset of the first escape character that does not start an escape HL7 v2.5 §2.7 defines
// (delimiters \F\ \S\ \R\ \E\ \T\, \H\ \N\, formatting \.br\ …, hex \Xhh\, \Z..\, \C..\, \M..\), or an
// escape character without its closing one; npos when all escapes in `text` are valid. Delimiters never occur inside a valid escape, so checking a whole
// segment (after MSH-2) is the same as checking each of its leaves.
std::size_t find_bad_escape(std::string_view text) noexcept;

// One leaf value (a subcomponent, or a component/field without delimiters) with its escapes
// replaced: delimiters by themselves, \.br\ by a space, \Xhh..\ by its printable ASCII (■ for other
// bytes), the other formatting / character-set escapes by nothing; nullopt when
// find_bad_escape(leaf) != npos.
std::optional<std::string> unescape(std::string_view leaf);

}  // namespace nayose::parse::hl7
