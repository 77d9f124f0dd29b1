#include "src/keys/hex.hpp"

#include <string>

#include "src/common/error.hpp"

namespace nayose::keys {
namespace {

constexpr char kDigits[] = "0123456789abcdef";

// The value of one hex digit, or -1.
int hex_value(char c, HexCase accepted) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (accepted == HexCase::lower_or_upper && c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

void encode_hex(std::span<const std::byte> bytes, std::span<char> out) {
  if (out.size() != 2 * bytes.size()) {
    throw Error("encode_hex: the output holds " + std::to_string(out.size()) + " characters, not " +
                std::to_string(2 * bytes.size()));
  }
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    const auto b = std::to_integer<unsigned>(bytes[i]);
    out[2 * i] = kDigits[b >> 4];
    out[2 * i + 1] = kDigits[b & 0xFU];
  }
}

std::string to_hex(std::span<const std::byte> bytes) {
  std::string out(2 * bytes.size(), '\0');
  encode_hex(bytes, out);
  return out;
}

bool decode_hex(std::string_view hex, std::span<std::byte> out, HexCase accepted) noexcept {
  if (hex.size() != 2 * out.size()) return false;
  for (std::size_t i = 0; i < out.size(); ++i) {
    const int hi = hex_value(hex[2 * i], accepted);
    const int lo = hex_value(hex[2 * i + 1], accepted);
    if (hi < 0 || lo < 0) return false;
    out[i] = static_cast<std::byte>((hi << 4) | lo);
  }
  return true;
}

}  // namespace nayose::keys
