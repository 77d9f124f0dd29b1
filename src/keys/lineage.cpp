#include "src/keys/lineage.hpp"

#include <algorithm>
#include <array>

#include "src/common/error.hpp"

namespace nayose::keys {

Digest32 lineage_hash(HmacSha256& mac, const Digest32& file_digest, std::uint64_t record_position,
                      std::span<const std::byte> raw_record) {
  if (mac.in_message()) throw Error("lineage_hash: the HMAC object is in the middle of another message");
  std::array<std::byte, kLineagePrefixSize> prefix{};
  std::copy(file_digest.begin(), file_digest.end(), prefix.begin());
  for (std::size_t i = 0; i < sizeof(std::uint64_t); ++i) {
    prefix[kDigestSize + i] =
        static_cast<std::byte>(record_position >> (8 * (sizeof(std::uint64_t) - 1 - i)));
  }
  return mac.update(prefix).update(raw_record).finish();
}

}  // namespace nayose::keys
