#include "kernels/core/bucket_sort.hpp"

#include <gtest/gtest.h>
#include <tbb/global_control.h>

#include "kernels/core/stable_hash.hpp"

using namespace nayose::kernels;

namespace {
// The obvious serial oracle: a stable sort of indices by bucket.
BucketOrder reference_bucket_order(const std::vector<std::uint32_t>& bucket, std::uint32_t buckets) {
  BucketOrder out;
  out.offsets.assign(buckets + 1, 0);
  for (std::uint32_t b = 0; b < buckets; ++b) {
    out.offsets[b] = out.order.size();
    for (std::size_t i = 0; i < bucket.size(); ++i) {
      if (bucket[i] == b) out.order.push_back(i);
    }
  }
  out.offsets[buckets] = out.order.size();
  return out;
}
}  // namespace

TEST(StableBucketOrder, MatchesOracleForAnyThreadCount) {
  for (const std::size_t n : {std::size_t{0}, std::size_t{1}, std::size_t{1000}, kBucketChunk * 3 + 17}) {
    for (const std::uint32_t buckets : {1U, 3U, 8U}) {
      std::vector<std::uint32_t> bucket(n);
      for (std::size_t i = 0; i < n; ++i) {
        // Skewed: half of all items in bucket 0.
        const auto h = splitmix64(i);
        bucket[i] = (h & 1U) != 0 ? 0 : reduce_to_range(h, buckets);
      }
      const auto expected = reference_bucket_order(bucket, buckets);
      for (const std::size_t threads : {1U, 2U, 4U}) {
        tbb::global_control limit(tbb::global_control::max_allowed_parallelism, threads);
        const auto got = stable_bucket_order(n, buckets, [&](std::size_t i) { return bucket[i]; });
        EXPECT_EQ(got.offsets, expected.offsets) << "n=" << n << " buckets=" << buckets << " threads=" << threads;
        EXPECT_EQ(got.order, expected.order) << "n=" << n << " buckets=" << buckets << " threads=" << threads;
      }
    }
  }
}

TEST(StableBucketOrder, RejectsOutOfRangeBucket) {
  EXPECT_THROW((void)stable_bucket_order(10, 2, [](std::size_t i) { return static_cast<std::uint32_t>(i); }),
               std::out_of_range);
  EXPECT_THROW((void)stable_bucket_order(10, 0, [](std::size_t) { return 0U; }), std::invalid_argument);
}
