#include "src/keys/digest.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cctype>
#include <string>

#include "src/common/error.hpp"
#include "src/keys/hex.hpp"
#include "tests/src/keys/test_files.hpp"

namespace nayose::keys {
namespace {

using test_support::message_of;

constexpr std::string_view kAbcDigestHex = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

TEST(Digest32, HexRoundTrip) {
  const Digest32 d = from_hex(kAbcDigestHex);
  EXPECT_EQ(d[0], std::byte{0xba});
  EXPECT_EQ(d[31], std::byte{0xad});
  EXPECT_EQ(to_hex(d), kAbcDigestHex);
}

TEST(Digest32, FromHexAcceptsUppercase) {
  std::string upper(kAbcDigestHex);
  for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  EXPECT_EQ(from_hex(upper), from_hex(kAbcDigestHex));
}

TEST(Digest32, FromHexRejectsBadInputWithoutEchoingIt) {
  const std::string short_hex(kAbcDigestHex.substr(0, 62));
  const auto m1 = message_of<Error>([&] { from_hex(short_hex); });
  EXPECT_NE(m1.find("62"), std::string::npos) << m1;
  EXPECT_EQ(m1.find(short_hex), std::string::npos) << m1;

  std::string bad(kAbcDigestHex);
  bad[10] = 'g';
  const auto m2 = message_of<Error>([&] { from_hex(bad); });
  EXPECT_NE(m2.find("non-hex"), std::string::npos) << m2;
  EXPECT_EQ(m2.find(bad), std::string::npos) << m2;
}

TEST(Hex, DecodeRespectsTheAcceptedCase) {
  std::array<std::byte, 2> out{};
  EXPECT_TRUE(decode_hex("ab0f", out, HexCase::lower_only));
  EXPECT_EQ(out[0], std::byte{0xab});
  EXPECT_EQ(out[1], std::byte{0x0f});
  EXPECT_FALSE(decode_hex("AB0F", out, HexCase::lower_only));
  EXPECT_TRUE(decode_hex("AB0F", out, HexCase::lower_or_upper));
  EXPECT_FALSE(decode_hex("ab0", out, HexCase::lower_only));
  EXPECT_FALSE(decode_hex("ab0f0", out, HexCase::lower_only));
  EXPECT_FALSE(decode_hex("ab g", out, HexCase::lower_or_upper));
}

TEST(Hex, EncodesEveryByteValue) {
  std::array<std::byte, 256> all{};
  for (std::size_t i = 0; i < all.size(); ++i) all[i] = static_cast<std::byte>(i);
  const std::string hex = to_hex(all);
  ASSERT_EQ(hex.size(), 512u);
  EXPECT_EQ(hex.substr(0, 6), "000102");
  EXPECT_EQ(hex.substr(506), "fdfeff");
  std::array<std::byte, 256> back{};
  ASSERT_TRUE(decode_hex(hex, back, HexCase::lower_only));
  EXPECT_EQ(back, all);
}

}  // namespace
}  // namespace nayose::keys
