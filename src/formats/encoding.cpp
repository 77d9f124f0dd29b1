#include "src/formats/encoding.hpp"

#include <unicode/normalizer2.h>
#include <unicode/translit.h>
#include <unicode/ucnv.h>
#include <unicode/uniset.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <cstdint>
#include <memory>
#include <string>

#include "src/common/error.hpp"

namespace nayose::formats {
namespace {

// ICU 72 resolves "windows-31j", "cp932", "ms932" and "windows-932" to this table; naming it
// directly avoids depending on the alias table (tests check the NEC/IBM extensions).
constexpr const char* kCp932Converter = "ibm-943_P15A-2003";
// The canonical name of "ISO-2022-JP" (the alias is ambiguous in ICU's table and warns).
constexpr const char* kIso2022JpConverter = "ISO_2022,locale=ja,version=0";
constexpr char32_t kSubstitute = U'\u25A0';

// ibm-943_P15A-2003 keeps IBM's PC control-code permutation: bytes 1A/1C/7F <-> U+001C/U+007F/U+001A.
// Microsoft's cp932 maps these bytes to themselves, so the three code points are permuted back
// around ICU in both directions (the only difference from Microsoft's table we found; tests).
UChar32 to_icu_cp932_control(UChar32 c) {
  switch (c) {
    case 0x1A:
      return 0x1C;
    case 0x1C:
      return 0x7F;
    case 0x7F:
      return 0x1A;
    default:
      return c;
  }
}

char16_t from_icu_cp932_control(char16_t c) {
  switch (c) {
    case 0x1C:
      return 0x1A;
    case 0x7F:
      return 0x1C;
    case 0x1A:
      return 0x7F;
    default:
      return c;
  }
}

struct ConverterCloser {
  void operator()(UConverter* converter) const noexcept { ucnv_close(converter); }
};
using ConverterPtr = std::unique_ptr<UConverter, ConverterCloser>;

ConverterPtr open_converter(const char* name) {
  UErrorCode status = U_ZERO_ERROR;
  ConverterPtr converter(ucnv_open(name, &status));
  if (U_FAILURE(status) || converter == nullptr) {
    throw Error(std::string("ICU converter ") + name + " is unavailable: " + u_errorName(status));
  }
  ucnv_setFromUCallBack(converter.get(), UCNV_FROM_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &status);
  ucnv_setToUCallBack(converter.get(), UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &status);
  if (U_FAILURE(status)) {
    throw Error(std::string("ICU converter ") + name + ": cannot set callbacks: " + u_errorName(status));
  }
  return converter;
}

// ICU converters are not thread-safe; each thread keeps its own.
UConverter& cp932_converter() {
  thread_local ConverterPtr converter = open_converter(kCp932Converter);
  return *converter;
}

UConverter& iso2022jp_converter() {
  thread_local ConverterPtr converter = open_converter(kIso2022JpConverter);
  return *converter;
}

// Decodes UTF-8 into code points; false on ill-formed input (including encoded surrogates).
bool decode_utf8(std::string_view utf8, std::u32string* out) {
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(utf8.data());
  const auto length = static_cast<std::int32_t>(utf8.size());
  std::int32_t i = 0;
  while (i < length) {
    UChar32 c = 0;
    U8_NEXT(bytes, i, length, c);
    if (c < 0) return false;
    if (out != nullptr) out->push_back(static_cast<char32_t>(c));
  }
  return true;
}

std::u32string code_points_or_throw(std::string_view utf8, const char* caller) {
  std::u32string code_points;
  code_points.reserve(utf8.size());
  if (!decode_utf8(utf8, &code_points)) throw Error(std::string(caller) + ": the input is not valid UTF-8");
  return code_points;
}

std::string from_unicode(UConverter& converter, const icu::UnicodeString& text, const char* caller) {
  const std::int32_t capacity = (text.length() + 16) * ucnv_getMaxCharSize(&converter) + 16;
  std::string out(static_cast<std::size_t>(capacity), '\0');
  UErrorCode status = U_ZERO_ERROR;
  // ucnv_fromUChars resets the converter and flushes, so ISO-2022-JP ends in ASCII state.
  const std::int32_t written =
      ucnv_fromUChars(&converter, out.data(), capacity, text.getBuffer(), text.length(), &status);
  if (U_FAILURE(status)) throw Error(std::string(caller) + ": ICU conversion failed: " + u_errorName(status));
  out.resize(static_cast<std::size_t>(written));
  return out;
}

std::optional<std::string> to_unicode_strict(UConverter& converter, std::string_view bytes, bool cp932) {
  const auto capacity = static_cast<std::int32_t>(2 * bytes.size() + 16);
  std::u16string buffer(static_cast<std::size_t>(capacity), u'\0');
  UErrorCode status = U_ZERO_ERROR;
  const std::int32_t written = ucnv_toUChars(&converter, buffer.data(), capacity, bytes.data(),
                                             static_cast<std::int32_t>(bytes.size()), &status);
  if (U_FAILURE(status)) return std::nullopt;
  if (cp932) {
    for (std::int32_t i = 0; i < written; ++i) {
      buffer[static_cast<std::size_t>(i)] = from_icu_cp932_control(buffer[static_cast<std::size_t>(i)]);
    }
  }
  std::string utf8;
  icu::UnicodeString(buffer.data(), written).toUTF8String(utf8);
  return utf8;
}

std::unique_ptr<const icu::UnicodeSet> frozen(std::unique_ptr<icu::UnicodeSet> set) {
  set->freeze();
  return set;
}

const icu::UnicodeSet& cp932_repertoire() {
  static const std::unique_ptr<const icu::UnicodeSet> set = [] {
    auto converter = open_converter(kCp932Converter);
    auto result = std::make_unique<icu::UnicodeSet>();
    UErrorCode status = U_ZERO_ERROR;
    ucnv_getUnicodeSet(converter.get(), result->toUSet(), UCNV_ROUNDTRIP_SET, &status);
    if (U_FAILURE(status)) throw Error(std::string("CP932 repertoire: ") + u_errorName(status));
    return frozen(std::move(result));
  }();
  return *set;
}

// ASCII (minus the shift/escape controls) plus every character ICU's ISO-2022-JP converter writes
// as ESC $ B in a JIS X 0208 row (1-8, 16-84). This drops NEC row 13 and JIS X 0201 Roman.
const icu::UnicodeSet& jisx0208_repertoire() {
  static const std::unique_ptr<const icu::UnicodeSet> set = [] {
    auto converter = open_converter(kIso2022JpConverter);
    icu::UnicodeSet candidates;
    UErrorCode status = U_ZERO_ERROR;
    ucnv_getUnicodeSet(converter.get(), candidates.toUSet(), UCNV_ROUNDTRIP_SET, &status);
    if (U_FAILURE(status)) throw Error(std::string("JIS X 0208 repertoire: ") + u_errorName(status));
    auto result = std::make_unique<icu::UnicodeSet>(0x00, 0x7F);
    result->remove(0x0E, 0x0F).remove(0x1B);
    for (std::int32_t range = 0; range < candidates.getRangeCount(); ++range) {
      for (UChar32 c = candidates.getRangeStart(range); c <= candidates.getRangeEnd(range); ++c) {
        if (c < 0x80) continue;
        const std::string bytes = from_unicode(*converter, icu::UnicodeString(c), "JIS X 0208 repertoire");
        if (bytes.size() != 8 || bytes.compare(0, 3, "\x1B$B") != 0 || bytes.compare(5, 3, "\x1B(B") != 0)
          continue;
        const int row = static_cast<unsigned char>(bytes[3]) - 0x20;
        if ((row >= 1 && row <= 8) || (row >= 16 && row <= 84)) result->add(c);
      }
    }
    return frozen(std::move(result));
  }();
  return *set;
}

icu::Transliterator& halfwidth_transliterator() {
  thread_local std::unique_ptr<icu::Transliterator> transliterator = [] {
    UParseError parse_error{};
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::Transliterator> created(icu::Transliterator::createInstance(
        icu::UnicodeString::fromUTF8("[\\uFF61-\\uFF9F] Halfwidth-Fullwidth"), UTRANS_FORWARD, parse_error,
        status));
    if (U_FAILURE(status) || created == nullptr) {
      throw Error(std::string("ICU transliterator Halfwidth-Fullwidth: ") + u_errorName(status));
    }
    return created;
  }();
  return *transliterator;
}

}  // namespace

bool is_cp932_encodable(char32_t code_point) {
  return cp932_repertoire().contains(static_cast<UChar32>(code_point)) != 0;
}

bool is_jisx0208_encodable(char32_t code_point) {
  return jisx0208_repertoire().contains(static_cast<UChar32>(code_point)) != 0;
}

bool is_valid_utf8(std::string_view bytes) {
  return decode_utf8(bytes, nullptr);
}

std::string halfwidth_kana_to_fullwidth(std::string_view utf8) {
  if (!is_valid_utf8(utf8)) throw Error("halfwidth_kana_to_fullwidth: the input is not valid UTF-8");
  icu::UnicodeString text =
      icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), static_cast<std::int32_t>(utf8.size())));
  halfwidth_transliterator().transliterate(text);
  std::string out;
  text.toUTF8String(out);
  return out;
}

std::string nfkc(std::string_view utf8) {
  if (!is_valid_utf8(utf8)) throw Error("nfkc: the input is not valid UTF-8");
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* normalizer = icu::Normalizer2::getNFKCInstance(status);
  if (U_FAILURE(status)) throw Error(std::string("ICU NFKC: ") + u_errorName(status));
  const icu::UnicodeString text =
      icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), static_cast<std::int32_t>(utf8.size())));
  const icu::UnicodeString normalized = normalizer->normalize(text, status);
  if (U_FAILURE(status)) throw Error(std::string("ICU NFKC: ") + u_errorName(status));
  std::string out;
  normalized.toUTF8String(out);
  return out;
}

std::string encode_cp932(std::string_view utf8) {
  icu::UnicodeString text;
  for (const char32_t c : code_points_or_throw(utf8, "encode_cp932")) {
    text.append(to_icu_cp932_control(static_cast<UChar32>(is_cp932_encodable(c) ? c : kSubstitute)));
  }
  return from_unicode(cp932_converter(), text, "encode_cp932");
}

std::string encode_iso2022jp(std::string_view utf8) {
  const std::string folded = halfwidth_kana_to_fullwidth(utf8);
  icu::UnicodeString text;
  for (const char32_t c : code_points_or_throw(folded, "encode_iso2022jp")) {
    text.append(static_cast<UChar32>(is_jisx0208_encodable(c) ? c : kSubstitute));
  }
  return from_unicode(iso2022jp_converter(), text, "encode_iso2022jp");
}

std::optional<std::string> decode_cp932(std::string_view bytes) {
  return to_unicode_strict(cp932_converter(), bytes, true);
}

std::optional<std::string> decode_iso2022jp(std::string_view bytes) {
  return to_unicode_strict(iso2022jp_converter(), bytes, false);
}

}  // namespace nayose::formats
