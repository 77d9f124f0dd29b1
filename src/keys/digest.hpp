#pragma once
// A 32-byte digest (SHA-256 or HMAC-SHA256 output): file digests, lineage hashes.
#include <array>
#include <cstddef>
#include <string_view>

#include "src/keys/hex.hpp"

namespace nayose::keys {

inline constexpr std::size_t kDigestSize = 32;
using Digest32 = std::array<std::byte, kDigestSize>;

// to_hex(const Digest32&) is the span overload in hex.hpp: 64 lowercase hex characters.

// Parses 64 hex characters (either case; to_hex writes lowercase). Throws nayose::Error on anything
// else; the message gives the length but never echoes the input.
Digest32 from_hex(std::string_view hex);

}  // namespace nayose::keys
