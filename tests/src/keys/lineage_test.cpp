#include "src/keys/lineage.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "src/common/error.hpp"
#include "src/keys/sha256.hpp"
#include "tests/src/keys/hmac_strategies.hpp"
#include "tests/src/keys/test_files.hpp"

namespace nayose::keys {
namespace {

using test_support::message_of;

std::vector<std::byte> test_key() {
  std::vector<std::byte> key(32);
  for (std::size_t i = 0; i < key.size(); ++i) key[i] = static_cast<std::byte>(i);
  return key;
}

constexpr std::string_view kRecord = "0001,サトウ ハナコ,佐藤 花子,F,19800401\r\n";
constexpr std::uint64_t kPosition = 0x0102030405060708;

// The second code path: the message written out byte by byte as the header documents it, then one
// one-shot HMAC over the concatenation.
Digest32 reference_lineage_hash(std::span<const std::byte> key, const Digest32& file_digest,
                                std::uint64_t position, std::string_view raw) {
  std::vector<std::byte> message(file_digest.begin(), file_digest.end());
  for (int shift = 56; shift >= 0; shift -= 8) {
    message.push_back(static_cast<std::byte>((position >> shift) & 0xFF));
  }
  const auto raw_bytes = std::as_bytes(std::span(raw));
  message.insert(message.end(), raw_bytes.begin(), raw_bytes.end());
  EXPECT_EQ(message.size(), 40 + raw.size());
  return HmacSha256(key).mac(message);
}

class LineageHashTest : public ::testing::TestWithParam<HmacReinit> {};

INSTANTIATE_TEST_SUITE_P(Strategies, LineageHashTest, test_support::kHmacStrategies,
                         test_support::hmac_strategy_name);

TEST_P(LineageHashTest, KnownAnswer) {
  const auto key = test_key();
  const Digest32 file_digest = Sha256::digest("abc");
  HmacSha256 mac(key, GetParam());
  const Digest32 got = lineage_hash(mac, file_digest, kPosition, std::as_bytes(std::span(kRecord)));
  // Computed with Python: hmac.new(bytes(range(32)), sha256(b"abc").digest()
  //   + (0x0102030405060708).to_bytes(8, "big") + record_utf8, hashlib.sha256).hexdigest()
  EXPECT_EQ(to_hex(got), "40874423e3cf05503a2159232cbd82ee674bff11470c1bdfdfb3f7d2619abd7b");
  EXPECT_EQ(got, reference_lineage_hash(key, file_digest, kPosition, kRecord));
}

TEST_P(LineageHashTest, EmptyRecord) {
  const auto key = test_key();
  const Digest32 file_digest = Sha256::digest("abc");
  HmacSha256 mac(key, GetParam());
  const Digest32 got = lineage_hash(mac, file_digest, 0, {});
  EXPECT_EQ(to_hex(got),
            "035d64906f15bd95fb55539eea7432f0eb957f07199bfb99c37d1f7614a2e040");  // Python, as above
  EXPECT_EQ(got, reference_lineage_hash(key, file_digest, 0, ""));
}

TEST_P(LineageHashTest, EveryInputMattersAndPositionIsBigEndian) {
  const auto key = test_key();
  const Digest32 file_digest = Sha256::digest("abc");
  const auto raw = std::as_bytes(std::span(kRecord));
  HmacSha256 mac(key, GetParam());
  const Digest32 base = lineage_hash(mac, file_digest, 1, raw);
  for (const std::uint64_t position :
       {std::uint64_t{0}, std::uint64_t{2}, std::uint64_t{1} << 56, ~std::uint64_t{0}}) {
    const Digest32 other = lineage_hash(mac, file_digest, position, raw);
    EXPECT_NE(other, base) << position;
    EXPECT_EQ(other, reference_lineage_hash(key, file_digest, position, kRecord)) << position;
  }
  EXPECT_NE(lineage_hash(mac, Sha256::digest("abd"), 1, raw), base);
  EXPECT_NE(lineage_hash(mac, file_digest, 1, raw.first(raw.size() - 1)), base);
  auto other_key = key;
  other_key[0] = std::byte{0xff};
  HmacSha256 other_mac(other_key, GetParam());
  EXPECT_NE(lineage_hash(other_mac, file_digest, 1, raw), base);
  // Reusing the object leaves no state behind.
  EXPECT_EQ(lineage_hash(mac, file_digest, 1, raw), base);
}

TEST(LineageHash, RefusesAnObjectInTheMiddleOfAMessage) {
  const auto key = test_key();
  HmacSha256 mac(key);
  mac.update(std::as_bytes(std::span(kRecord)));
  const auto m = message_of<Error>([&] { lineage_hash(mac, Sha256::digest("abc"), 0, {}); });
  EXPECT_NE(m.find("middle of another message"), std::string::npos) << m;
}

}  // namespace
}  // namespace nayose::keys
