#include "src/mpi/route_blobs.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "kernels/core/stable_hash.hpp"
#include "src/common/error.hpp"

using nayose::mpi::BlobBuffer;
using nayose::mpi::Communicator;
using nayose::mpi::Op;

namespace {
// Blob i of rank r: "r:i:" followed by a length that varies from 0 to ~3 KB; owner by hash.
std::string make_blob(int rank, std::size_t i) {
  const auto h = nayose::kernels::splitmix64((static_cast<std::uint64_t>(rank) << 32) ^ i);
  std::string blob = std::to_string(rank) + ":" + std::to_string(i) + ":";
  blob.append(static_cast<std::size_t>(h % 3000), static_cast<char>('a' + h % 26));
  return blob;
}
}  // namespace

TEST(RouteBlobs, EveryBlobArrivesOnceInOrderWithATinyBudget) {
  const auto world = Communicator::world();
  const std::size_t n = 400 + static_cast<std::size_t>(world.rank()) * 50;
  BlobBuffer blobs;
  std::vector<int> owners;
  for (std::size_t i = 0; i < n; ++i) {
    blobs.push_back(make_blob(world.rank(), i));
    // Skewed: most blobs to the last rank.
    owners.push_back(i % 4 == 0 ? static_cast<int>(i % static_cast<std::size_t>(world.size())) : world.size() - 1);
  }
  for (const std::size_t budget : {std::size_t{1}, std::size_t{4096}, std::size_t{1} << 26}) {
    nayose::mpi::RouteOptions options;
    options.max_bytes_per_round = budget;
    nayose::mpi::RouteStats stats;
    const auto out = nayose::mpi::route_blobs(world, blobs, owners, options, &stats);
    // Expected: for each source rank in order, its blobs owned by me, in input order.
    std::vector<std::string> expected;
    for (int s = 0; s < world.size(); ++s) {
      const std::size_t sn = 400 + static_cast<std::size_t>(s) * 50;
      for (std::size_t i = 0; i < sn; ++i) {
        const int owner = i % 4 == 0 ? static_cast<int>(i % static_cast<std::size_t>(world.size())) : world.size() - 1;
        if (owner == world.rank()) expected.push_back(make_blob(s, i));
      }
    }
    ASSERT_EQ(out.size(), expected.size()) << "budget " << budget;
    for (std::size_t i = 0; i < out.size(); ++i) ASSERT_EQ(out[i], expected[i]) << "budget " << budget;
    if (budget == 1 && world.size() > 1) {
      EXPECT_GT(stats.rounds, 10U);
    }
  }
}

TEST(RouteBlobs, EmptyInputsAndEmptyBlobs) {
  const auto world = Communicator::world();
  BlobBuffer blobs;
  std::vector<int> owners;
  if (world.rank() == 0) {
    blobs.push_back("");
    blobs.push_back("x");
    owners = {0, world.size() - 1};
  }
  const auto out = nayose::mpi::route_blobs(world, blobs, owners);
  EXPECT_EQ(world.allreduce<std::uint64_t>(out.size(), Op::sum), 2U);
}

TEST(RouteBlobs, MismatchedOwnersFailEveryRank) {
  const auto world = Communicator::world();
  BlobBuffer blobs;
  blobs.push_back("a");
  std::vector<int> owners;  // wrong size on every rank
  EXPECT_THROW((void)nayose::mpi::route_blobs(world, blobs, owners), nayose::CollectiveFailure);
}
