#include "src/keys/secret_bytes.hpp"

#include <gtest/gtest.h>

#include <array>
#include <ostream>
#include <string>
#include <type_traits>
#include <utility>

#include "src/keys/os_random.hpp"

namespace nayose::keys {
namespace {

template <typename T>
concept Streamable = requires(std::ostream& os, const T& value) {
  os << value;
};

// The type itself keeps key bytes out of copies, strings and streams.
static_assert(!std::is_copy_constructible_v<SecretBytes>);
static_assert(!std::is_copy_assignable_v<SecretBytes>);
static_assert(std::is_nothrow_move_constructible_v<SecretBytes>);
static_assert(std::is_nothrow_move_assignable_v<SecretBytes>);
static_assert(!std::is_convertible_v<SecretBytes, std::string>);
static_assert(!std::is_constructible_v<std::string, SecretBytes>);
static_assert(!std::is_convertible_v<SecretBytes, std::string_view>);
static_assert(!Streamable<SecretBytes>);

std::array<std::byte, 4> sample() {
  return {std::byte{1}, std::byte{2}, std::byte{3}, std::byte{4}};
}

TEST(SecretBytes, SizedConstructorZeroFills) {
  const SecretBytes s(16);
  ASSERT_EQ(s.size(), 16u);
  for (const auto b : s.view()) EXPECT_EQ(b, std::byte{0});
}

TEST(SecretBytes, CopyOfHoldsTheBytes) {
  const auto bytes = sample();
  const auto s = SecretBytes::copy_of(bytes);
  EXPECT_TRUE(constant_time_equal(s.view(), bytes));
}

TEST(SecretBytes, MoveLeavesTheSourceEmpty) {
  const auto bytes = sample();
  auto a = SecretBytes::copy_of(bytes);
  SecretBytes b(std::move(a));
  EXPECT_TRUE(a.empty());  // NOLINT(bugprone-use-after-move): the moved-from state is the contract
  EXPECT_TRUE(a.view().empty());
  EXPECT_TRUE(constant_time_equal(b.view(), bytes));

  SecretBytes c(8);
  c = std::move(b);
  EXPECT_TRUE(b.empty());  // NOLINT(bugprone-use-after-move)
  EXPECT_TRUE(constant_time_equal(c.view(), bytes));
}

TEST(SecretBytes, DefaultIsEmpty) {
  const SecretBytes s;
  EXPECT_TRUE(s.empty());
  EXPECT_EQ(s.size(), 0u);
}

TEST(SecretBytes, ConstantTimeEqual) {
  const auto bytes = sample();
  auto other = sample();
  EXPECT_TRUE(constant_time_equal(bytes, other));
  other[3] = std::byte{9};
  EXPECT_FALSE(constant_time_equal(bytes, other));
  EXPECT_FALSE(constant_time_equal(bytes, std::span(other).first(3)));
  EXPECT_TRUE(constant_time_equal({}, {}));
}

TEST(OsRandom, FillsAndDiffers) {
  const auto a = random_secret(64);
  const auto b = random_secret(64);
  ASSERT_EQ(a.size(), 64u);
  EXPECT_FALSE(constant_time_equal(a.view(), b.view()));  // 2^-512 chance of a false failure
  // A request above getrandom's 256-byte single-call guarantee is still filled completely.
  const auto big = random_secret(1 << 20);
  std::size_t zeros = 0;
  for (const auto byte : big.view()) zeros += byte == std::byte{0} ? 1 : 0;
  EXPECT_LT(zeros, 8192u);  // ~4096 expected for random bytes; a short fill would leave far more
}

}  // namespace
}  // namespace nayose::keys
