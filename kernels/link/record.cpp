#include "kernels/link/record.hpp"

#include "kernels/normalize/utf8.hpp"

namespace nayose::link {

std::u32string to_u32(std::string_view utf8) {
  // Two passes (count, then fill) so that a record's strings hold exactly their code points:
  // records live for a whole link run, and kanji take 3 bytes per code point in UTF-8.
  std::size_t count = 0;
  normalize::utf8::for_each(utf8, [&count](char32_t) { ++count; });
  std::u32string out;
  out.reserve(count);
  normalize::utf8::for_each(utf8, [&out](char32_t cp) { out.push_back(cp); });
  return out;
}

}  // namespace nayose::link
