#include "kernels/normalize/text.hpp"

#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>
#include <unicode/stringpiece.h>
#include <unicode/utypes.h>

#include <cstdint>
#include <limits>

#include "kernels/normalize/utf8.hpp"

namespace nayose::normalize {
namespace {

constexpr std::string_view kIdeographicSpace = "\u3000";  // E3 80 80

// ICU's NFKC instance is an immutable singleton; the per-thread pointer only saves the lookup.
const icu::Normalizer2* nfkc_instance() {
  thread_local const icu::Normalizer2* instance = [] {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* made = icu::Normalizer2::getNFKCInstance(status);
    return U_SUCCESS(status) ? made : nullptr;
  }();
  return instance;
}

// Replaces malformed UTF-8 by U+FFFD so ICU sees well-formed input.
std::string sanitize_utf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  utf8::for_each(text, [&out](char32_t c) { utf8::append(out, c); });
  return out;
}

bool is_space(char32_t c) noexcept { return c == U' ' || c == U'\u3000' || c == U'\t'; }

}  // namespace

std::string nfkc(std::string_view text) {
  if (utf8::is_ascii(text)) return std::string(text);
  const icu::Normalizer2* normalizer = nfkc_instance();
  const std::string clean = sanitize_utf8(text);
  if (normalizer == nullptr || clean.size() > static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max())) {
    return clean;  // ICU data missing (not on a supported install) or > 2 GiB: leave unnormalised
  }
  std::string out;
  out.reserve(clean.size());
  icu::StringByteSink<std::string> sink(&out);
  UErrorCode status = U_ZERO_ERROR;
  normalizer->normalizeUTF8(0, icu::StringPiece(clean.data(), static_cast<std::int32_t>(clean.size())), sink,
                            nullptr, status);
  if (U_FAILURE(status)) return clean;
  return out;
}

std::string remove_spaces(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    if (text[i] == ' ') {
      ++i;
    } else if (text.substr(i, 3) == kIdeographicSpace) {
      i += 3;
    } else {
      out.push_back(text[i++]);
    }
  }
  return out;
}

std::string_view trim_spaces(std::string_view text) noexcept {
  for (;;) {
    if (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
      text.remove_prefix(1);
    } else if (text.starts_with(kIdeographicSpace)) {
      text.remove_prefix(3);
    } else {
      break;
    }
  }
  for (;;) {
    if (!text.empty() && (text.back() == ' ' || text.back() == '\t')) {
      text.remove_suffix(1);
    } else if (text.ends_with(kIdeographicSpace)) {
      text.remove_suffix(3);
    } else {
      break;
    }
  }
  return text;
}

std::string digits_to_ascii(std::string_view text) {
  if (utf8::is_ascii(text)) return std::string(text);
  std::string out;
  out.reserve(text.size());
  utf8::for_each(text, [&out](char32_t c) {
    if (c >= U'０' && c <= U'９') {
      out.push_back(static_cast<char>('0' + (c - U'０')));
    } else {
      utf8::append(out, c);
    }
  });
  return out;
}

bool has_fullwidth_digits(std::string_view text) noexcept {
  // ０-９ = U+FF10..FF19 = EF BC 90..99
  for (std::size_t i = 0; i + 2 < text.size(); ++i) {
    if (static_cast<unsigned char>(text[i]) == 0xEF && static_cast<unsigned char>(text[i + 1]) == 0xBC) {
      const auto b = static_cast<unsigned char>(text[i + 2]);
      if (b >= 0x90 && b <= 0x99) return true;
    }
  }
  return false;
}

bool is_substitute_character(char32_t c) noexcept {
  return c == U'■' || c == U'●' || c == U'〓' || c == U'？' || c == U'?' || c == utf8::kReplacement;
}

bool has_substitute_character(std::string_view text) noexcept {
  bool found = false;
  std::size_t pos = 0;
  while (!found && pos < text.size()) found = is_substitute_character(utf8::next(text, pos));
  return found;
}

NameSplit split_full_name(std::string_view full_name) noexcept {
  const std::string_view name = trim_spaces(full_name);
  NameSplit out;
  out.surname = name;
  std::size_t pos = 0;
  while (pos < name.size()) {
    const std::size_t start = pos;
    if (is_space(utf8::next(name, pos)) && name[start] != '\t') {
      out.surname = name.substr(0, start);
      out.given = name.substr(pos);
      out.split = true;
      break;
    }
  }
  return out;
}

}  // namespace nayose::normalize
