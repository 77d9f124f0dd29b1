#include <gtest/gtest.h>

#include <numeric>

#include "src/common/error.hpp"
#include "src/mpi/communicator.hpp"
#include "src/mpi/environment.hpp"

using nayose::mpi::Communicator;
using nayose::mpi::Op;

TEST(Environment, ProvidesAtLeastFunneled) {
  EXPECT_TRUE(nayose::mpi::Environment::initialized());
  EXPECT_FALSE(nayose::mpi::Environment::processor_name().empty());
  EXPECT_FALSE(nayose::mpi::Environment::library_version().empty());
}

TEST(Communicator, AllreduceSumMinMax) {
  const auto world = Communicator::world();
  const int p = world.size();
  const int r = world.rank();
  EXPECT_EQ(world.allreduce<int>(r + 1, Op::sum), p * (p + 1) / 2);
  EXPECT_EQ(world.allreduce<std::int64_t>(r, Op::min), 0);
  EXPECT_EQ(world.allreduce<std::uint64_t>(static_cast<std::uint64_t>(r), Op::max), static_cast<std::uint64_t>(p - 1));
  EXPECT_DOUBLE_EQ(world.allreduce<double>(0.5, Op::sum), 0.5 * p);
  const std::vector<std::uint32_t> v{1U, static_cast<std::uint32_t>(r), 7U};
  const auto sums = world.allreduce<std::uint32_t>(v, Op::sum);
  ASSERT_EQ(sums.size(), 3U);
  EXPECT_EQ(sums[0], static_cast<std::uint32_t>(p));
  EXPECT_EQ(sums[1], static_cast<std::uint32_t>(p * (p - 1) / 2));
  EXPECT_EQ(sums[2], static_cast<std::uint32_t>(7 * p));
}

TEST(Communicator, ExscanIsZeroOnRankZero) {
  const auto world = Communicator::world();
  const auto rows = static_cast<std::uint64_t>(world.rank() * 10 + 3);
  const auto offset = world.exscan_sum(rows);
  std::uint64_t expected = 0;
  for (int q = 0; q < world.rank(); ++q) expected += static_cast<std::uint64_t>(q * 10 + 3);
  EXPECT_EQ(offset, expected);
}

TEST(Communicator, BroadcastGatherAlltoall) {
  const auto world = Communicator::world();
  const int p = world.size();
  struct Pod {
    int a;
    double b;
  };
  const Pod pod = world.broadcast(Pod{world.rank() == 0 ? 42 : -1, 2.5}, 0);
  EXPECT_EQ(pod.a, 42);
  const std::string text = world.broadcast(world.rank() == p - 1 ? std::string("from last") : std::string(), p - 1);
  EXPECT_EQ(text, "from last");
  std::vector<int> vec = world.rank() == 0 ? std::vector<int>{1, 2, 3} : std::vector<int>{};
  world.broadcast(vec, 0);
  EXPECT_EQ(vec, (std::vector<int>{1, 2, 3}));

  const auto gathered = world.gather_to_root<int>(world.rank() * 2);
  const auto strings = world.gather_to_root(std::string(static_cast<std::size_t>(world.rank()), 'x'));
  if (world.rank() == 0) {
    ASSERT_EQ(gathered.size(), static_cast<std::size_t>(p));
    for (int q = 0; q < p; ++q) {
      EXPECT_EQ(gathered[static_cast<std::size_t>(q)], 2 * q);
      EXPECT_EQ(strings[static_cast<std::size_t>(q)], std::string(static_cast<std::size_t>(q), 'x'));
    }
  } else {
    EXPECT_TRUE(gathered.empty());
    EXPECT_TRUE(strings.empty());
  }
  const auto all = world.allgather<int>(world.rank());
  EXPECT_EQ(all.size(), static_cast<std::size_t>(p));

  std::vector<int> to(static_cast<std::size_t>(p));
  for (int d = 0; d < p; ++d) to[static_cast<std::size_t>(d)] = world.rank() * 100 + d;
  const auto from = world.alltoall<int>(to);
  for (int s = 0; s < p; ++s) EXPECT_EQ(from[static_cast<std::size_t>(s)], s * 100 + world.rank());
}

TEST(Communicator, DuplicateAndSplitShared) {
  const auto world = Communicator::world();
  const auto dup = world.duplicate();
  EXPECT_EQ(dup.size(), world.size());
  EXPECT_EQ(dup.rank(), world.rank());
  const auto node = world.split_shared();
  EXPECT_GE(node.size(), 1);
  EXPECT_EQ(node.allreduce<int>(1, Op::sum), node.size());
  const auto halves = world.split(world.rank() % 2, world.rank());
  EXPECT_EQ(halves.allreduce<int>(1, Op::sum), halves.size());
}

TEST(Communicator, MpiErrorsBecomeExceptionsWithMpiText) {
  const auto world = Communicator::world();
  // A root outside the communicator is an MPI error (MPI_ERR_ROOT) reported by return code.
  try {
    (void)world.broadcast<int>(1, world.size() + 5);
    FAIL() << "expected MpiError";
  } catch (const nayose::MpiError& e) {
    EXPECT_NE(std::string(e.what()).find("MPI_Bcast failed"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("root"), std::string::npos) << e.what();
  }
}
