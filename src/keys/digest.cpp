#include "src/keys/digest.hpp"

#include <string>

#include "src/common/error.hpp"

namespace nayose::keys {

Digest32 from_hex(std::string_view hex) {
  Digest32 out{};
  if (hex.size() != 2 * kDigestSize) {
    throw Error("a digest must be " + std::to_string(2 * kDigestSize) + " hex characters, got " +
                std::to_string(hex.size()));
  }
  if (!decode_hex(hex, out, HexCase::lower_or_upper)) {
    throw Error("a digest must be " + std::to_string(2 * kDigestSize) +
                " hex characters, got a non-hex character");
  }
  return out;
}

}  // namespace nayose::keys
