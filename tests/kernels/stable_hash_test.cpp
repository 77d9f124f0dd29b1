#include "kernels/core/stable_hash.hpp"

#include <gtest/gtest.h>

#include <array>
#include <vector>

using namespace nayose::kernels;

TEST(StableHash, KnownValuesNeverChange) {
  // Partitioning and keyed randomness depend on these staying fixed across builds and machines.
  // XXH3-64 reference values (seed 0): empty input and "abc".
  EXPECT_EQ(stable_hash64(std::string_view("")), 0x2D06800538D394C2ULL);
  EXPECT_EQ(stable_hash64(std::string_view("abc")), 0x78AF5F94892F3950ULL);
  EXPECT_NE(stable_hash64(std::string_view("abc"), 1), stable_hash64(std::string_view("abc"), 0));
  EXPECT_EQ(stable_hash64(std::uint64_t{7}), stable_hash64(std::string_view("\x07\0\0\0\0\0\0\0", 8)));
}

TEST(StableHash, ReduceToRangeIsUniformEnough) {
  constexpr std::uint32_t n = 7;
  std::array<int, n> counts{};
  for (std::uint64_t i = 0; i < 70000; ++i) ++counts[reduce_to_range(stable_hash64(i), n)];
  for (const int c : counts) {
    EXPECT_GT(c, 9400);
    EXPECT_LT(c, 10600);
  }
  EXPECT_EQ(reduce_to_range(0, 5), 0U);
  EXPECT_EQ(reduce_to_range(~std::uint64_t{0}, 5), 4U);
}

TEST(SplitMix64, IsAFixedFunction) {
  EXPECT_EQ(splitmix64(0), 0xE220A8397B1DCDAFULL);
  EXPECT_NE(splitmix64(1), splitmix64(2));
}
