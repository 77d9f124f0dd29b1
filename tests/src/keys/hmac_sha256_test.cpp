#include "src/keys/hmac_sha256.hpp"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "src/common/error.hpp"
#include "tests/src/keys/hmac_strategies.hpp"
#include "tests/src/keys/test_files.hpp"

namespace nayose::keys {
namespace {

using test_support::message_of;

std::vector<std::byte> bytes_of(std::string_view s) {
  const auto b = std::as_bytes(std::span(s));
  return {b.begin(), b.end()};
}
std::vector<std::byte> repeated(std::uint8_t value, std::size_t n) {
  return std::vector(n, std::byte{value});
}

struct Rfc4231Case {
  int number;
  std::vector<std::byte> key;
  std::vector<std::byte> data;
  std::string_view hmac_sha256;
};

// RFC 4231 section 4 (test case 5, a truncated output, does not apply to a full-length HMAC).
std::vector<Rfc4231Case> rfc4231_cases() {
  std::vector<std::byte> key4;
  for (std::uint8_t i = 1; i <= 0x19; ++i) key4.push_back(std::byte{i});
  return {
      {1, repeated(0x0b, 20), bytes_of("Hi There"),
       "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"},
      {2, bytes_of("Jefe"), bytes_of("what do ya want for nothing?"),
       "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"},
      {3, repeated(0xaa, 20), repeated(0xdd, 50),
       "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"},
      {4, key4, repeated(0xcd, 50), "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"},
      {6, repeated(0xaa, 131), bytes_of("Test Using Larger Than Block-Size Key - Hash Key First"),
       "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"},
      {7, repeated(0xaa, 131),
       bytes_of(
           "This is a test using a larger than block-size key and a larger than block-size data. The key "
           "needs to be hashed before being used by the HMAC algorithm."),
       "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"},
  };
}

class HmacSha256Test : public ::testing::TestWithParam<HmacReinit> {};

INSTANTIATE_TEST_SUITE_P(Strategies, HmacSha256Test, test_support::kHmacStrategies,
                         test_support::hmac_strategy_name);

TEST_P(HmacSha256Test, Rfc4231) {
  for (const auto& c : rfc4231_cases()) {
    HmacSha256 mac(c.key, GetParam());
    EXPECT_EQ(to_hex(mac.mac(c.data)), c.hmac_sha256) << "RFC 4231 test case " << c.number;
    // The same object, reused: the reset between messages must restore the keyed state exactly.
    EXPECT_EQ(to_hex(mac.mac(c.data)), c.hmac_sha256) << "RFC 4231 test case " << c.number << ", reused";
  }
}

TEST_P(HmacSha256Test, ReuseAcrossDifferentMessages) {
  const auto cases = rfc4231_cases();
  const auto& c = cases[1];  // key "Jefe"
  HmacSha256 mac(c.key, GetParam());
  EXPECT_EQ(to_hex(mac.mac(bytes_of(""))),
            "923598ca6d64af2a5dba79dcd021a8a0fe5c5f557519adaaf0ad532d4506dd30");
  for (int round = 0; round < 3; ++round) {
    EXPECT_EQ(to_hex(mac.mac(c.data)), c.hmac_sha256);
    mac.mac(repeated(0x55, 1000));
  }
}

TEST_P(HmacSha256Test, IncrementalEqualsOneShot) {
  for (const auto& c : rfc4231_cases()) {
    HmacSha256 mac(c.key, GetParam());
    const std::span<const std::byte> data(c.data);
    for (std::size_t split = 0; split <= data.size(); ++split) {
      const Digest32 parts = mac.update(data.first(split)).update(data.subspan(split)).finish();
      ASSERT_EQ(to_hex(parts), c.hmac_sha256) << "case " << c.number << " split at " << split;
    }
    // Many small parts, then a one-shot with the same object.
    for (const auto b : data) mac.update(std::span(&b, 1));
    EXPECT_EQ(to_hex(mac.finish()), c.hmac_sha256);
    EXPECT_EQ(to_hex(mac.mac(data)), c.hmac_sha256);
  }
}

TEST_P(HmacSha256Test, FinishWithoutUpdateIsTheEmptyMessage) {
  HmacSha256 mac(bytes_of("Jefe"), GetParam());
  EXPECT_EQ(mac.finish(), mac.mac(std::span<const std::byte>{}));
  EXPECT_FALSE(mac.in_message());
}

TEST_P(HmacSha256Test, OneShotDuringAnIncrementalMessageIsRefused) {
  const auto cases = rfc4231_cases();
  HmacSha256 mac(cases[1].key, GetParam());
  mac.update(bytes_of("what do ya "));
  EXPECT_TRUE(mac.in_message());
  const auto m = message_of<Error>([&] { mac.mac(bytes_of("x")); });
  EXPECT_NE(m.find("in progress"), std::string::npos) << m;
  // The incremental message is unharmed.
  EXPECT_EQ(to_hex(mac.update(bytes_of("want for nothing?")).finish()), cases[1].hmac_sha256);
}

TEST_P(HmacSha256Test, CloneHasTheSameKeyAndIndependentState) {
  const auto cases = rfc4231_cases();
  const auto& c = cases.back();  // test case 7
  HmacSha256 mac(c.key, GetParam());
  mac.update(bytes_of("a partial message"));
  HmacSha256 copy = mac.clone();  // cloned mid-message: the copy still starts clean
  EXPECT_FALSE(copy.in_message());
  EXPECT_EQ(to_hex(copy.mac(c.data)), c.hmac_sha256);
  mac.finish();
  EXPECT_EQ(to_hex(mac.mac(c.data)), c.hmac_sha256);
}

TEST_P(HmacSha256Test, MovedObjectKeepsWorking) {
  const auto cases = rfc4231_cases();
  HmacSha256 a(cases[0].key, GetParam());
  a.mac(cases[2].data);
  HmacSha256 b(std::move(a));
  EXPECT_EQ(to_hex(b.mac(cases[0].data)), cases[0].hmac_sha256);
}

TEST_P(HmacSha256Test, OnePerThreadGivesTheSameResults) {
  const auto cases = rfc4231_cases();
  const auto& c = cases.back();  // test case 7
  HmacSha256 prototype(c.key, GetParam());
  const Digest32 expected = prototype.mac(c.data);
  std::vector<Digest32> results(4);
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < results.size(); ++t) {
    threads.emplace_back([&, t, mac = prototype.clone()]() mutable {
      for (int i = 0; i < 200; ++i) results[t] = mac.mac(c.data);
    });
  }
  for (auto& thread : threads) thread.join();
  for (const auto& r : results) EXPECT_EQ(r, expected);
}

TEST(HmacSha256, SecretBytesKey) {
  const auto cases = rfc4231_cases();
  const auto key = SecretBytes::copy_of(cases[1].key);
  HmacSha256 mac(key);
  EXPECT_EQ(to_hex(mac.mac(cases[1].data)), cases[1].hmac_sha256);
}

TEST(HmacSha256, EmptyKeyIsRefused) {
  const auto m = message_of<Error>([] { HmacSha256 mac(std::span<const std::byte>{}); });
  EXPECT_NE(m.find("empty"), std::string::npos) << m;
}

}  // namespace
}  // namespace nayose::keys
