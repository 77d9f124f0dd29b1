#pragma once
// Stable parallel bucketing: the order in which items must be sent to `buckets` destinations.
// Deterministic for any thread count: the index range is cut into fixed-size chunks (independent
// of the scheduler), each chunk counts its buckets, an exclusive prefix sum over (bucket, chunk)
// gives every chunk its write positions, and chunks fill in parallel. Items keep their input order
// within a bucket.
#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <cstdint>
#include <stdexcept>
#include <vector>

namespace nayose::kernels {

struct BucketOrder {
  std::vector<std::uint64_t> offsets;  // buckets + 1 entries; bucket b is order[offsets[b] .. offsets[b+1])
  std::vector<std::uint64_t> order;    // item indices, grouped by bucket, stable within a bucket
  std::uint64_t count(std::uint32_t bucket) const { return offsets[bucket + 1] - offsets[bucket]; }
};

inline constexpr std::size_t kBucketChunk = std::size_t{1} << 14;

// bucket_of(i) -> std::uint32_t in [0, buckets) for every i in [0, n). It is called once per item,
// concurrently from several threads, and must be a pure function of i.
template <typename BucketFn>
BucketOrder stable_bucket_order(std::size_t n, std::uint32_t buckets, BucketFn&& bucket_of) {
  if (buckets == 0) throw std::invalid_argument("stable_bucket_order: zero buckets");
  std::vector<std::uint32_t> bucket(n);
  const std::size_t chunks = (n + kBucketChunk - 1) / kBucketChunk;
  std::vector<std::uint64_t> chunk_counts(chunks * buckets, 0);  // [chunk][bucket]
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, chunks, 1), [&](const tbb::blocked_range<std::size_t>& r) {
    for (std::size_t c = r.begin(); c != r.end(); ++c) {
      const std::size_t end = std::min(n, (c + 1) * kBucketChunk);
      std::uint64_t* counts = &chunk_counts[c * buckets];
      for (std::size_t i = c * kBucketChunk; i < end; ++i) {
        const std::uint32_t b = bucket_of(i);
        if (b >= buckets) throw std::out_of_range("stable_bucket_order: bucket id out of range");
        bucket[i] = b;
        ++counts[b];
      }
    }
  });
  BucketOrder out;
  out.offsets.assign(std::size_t{buckets} + 1, 0);
  std::vector<std::uint64_t> chunk_start(chunks * buckets, 0);
  std::uint64_t running = 0;
  for (std::uint32_t b = 0; b < buckets; ++b) {
    out.offsets[b] = running;
    for (std::size_t c = 0; c < chunks; ++c) {
      chunk_start[c * buckets + b] = running;
      running += chunk_counts[c * buckets + b];
    }
  }
  out.offsets[buckets] = running;
  out.order.resize(n);
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, chunks, 1), [&](const tbb::blocked_range<std::size_t>& r) {
    for (std::size_t c = r.begin(); c != r.end(); ++c) {
      const std::size_t end = std::min(n, (c + 1) * kBucketChunk);
      std::uint64_t* next = &chunk_start[c * buckets];
      for (std::size_t i = c * kBucketChunk; i < end; ++i) out.order[next[bucket[i]]++] = i;
    }
  });
  return out;
}

}  // namespace nayose::kernels
