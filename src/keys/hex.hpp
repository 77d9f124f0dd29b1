#pragma once
// Hexadecimal encoding for digests and key files. The decoders report only success or failure, never
// the offending character: the input may be key material, and callers word their own messages.
#include <cstddef>
#include <span>
#include <string>
#include <string_view>

namespace nayose::keys {

// Lowercase hex, two characters per byte.
std::string to_hex(std::span<const std::byte> bytes);
// Writes the lowercase hex of `bytes` into `out` (for writing key material straight into a
// SecretBytes-backed buffer). Throws nayose::Error unless `out` holds exactly 2 * bytes.size() characters.
void encode_hex(std::span<const std::byte> bytes, std::span<char> out);

enum class HexCase { lower_only, lower_or_upper };

// Decodes `hex` into `out`; false when `hex` is not exactly 2 * out.size() characters of the accepted
// case. On failure `out` may be partly written (callers holding secrets wipe it anyway).
bool decode_hex(std::string_view hex, std::span<std::byte> out, HexCase accepted) noexcept;

}  // namespace nayose::keys
