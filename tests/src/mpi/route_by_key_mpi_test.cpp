#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "kernels/core/stable_hash.hpp"
#include "src/common/error.hpp"
#include "src/mpi/communicator.hpp"
#include "src/mpi/route_by_key.hpp"

using nayose::mpi::Communicator;
using nayose::mpi::Op;

namespace {

struct Record {
  std::uint64_t key;
  std::uint32_t origin_rank;
  std::uint32_t origin_index;
  char payload[16];
};

// Skewed keys: about 60 % of records share one hot key, the rest spread over a few hundred keys.
std::vector<Record> make_records(int rank, std::size_t n) {
  std::vector<Record> out(n);
  for (std::size_t i = 0; i < n; ++i) {
    const auto h = nayose::kernels::splitmix64((static_cast<std::uint64_t>(rank) << 32) | i);
    out[i].key = (h % 10) < 6 ? 424242 : h % 397;
    out[i].origin_rank = static_cast<std::uint32_t>(rank);
    out[i].origin_index = static_cast<std::uint32_t>(i);
    std::fill(std::begin(out[i].payload), std::end(out[i].payload), static_cast<char>('a' + i % 26));
  }
  return out;
}

std::vector<Record> route(const Communicator& comm, const std::vector<Record>& records, std::size_t budget,
                          nayose::mpi::RouteStats* stats = nullptr) {
  nayose::mpi::RouteOptions options;
  options.max_bytes_per_round = budget;
  return nayose::mpi::route_by_key(comm, std::span<const Record>(records), [](const Record& r) { return r.key; },
                                   options, stats);
}

void expect_exactly_once(const Communicator& world, const std::vector<Record>& out, std::size_t per_rank_base) {
  // Every received record belongs here, and the global multiset of (origin rank, index) is complete.
  for (const auto& r : out) {
    EXPECT_EQ(nayose::mpi::owner_rank(nayose::kernels::stable_hash64(r.key), world.size()), world.rank());
  }
  std::uint64_t local_sum = 0;
  for (const auto& r : out) local_sum += (static_cast<std::uint64_t>(r.origin_rank) << 32) + r.origin_index + 1;
  const auto total = world.allreduce<std::uint64_t>(out.size(), Op::sum);
  const auto sum = world.allreduce<std::uint64_t>(local_sum, Op::sum);
  std::uint64_t expected_total = 0;
  std::uint64_t expected_sum = 0;
  for (int q = 0; q < world.size(); ++q) {
    const std::size_t n = per_rank_base + static_cast<std::size_t>(q) * 37;
    expected_total += n;
    for (std::size_t i = 0; i < n; ++i) expected_sum += (static_cast<std::uint64_t>(q) << 32) + i + 1;
  }
  EXPECT_EQ(total, expected_total);
  EXPECT_EQ(sum, expected_sum);
  // No duplicates on this rank.
  std::vector<std::pair<std::uint32_t, std::uint32_t>> ids;
  for (const auto& r : out) ids.emplace_back(r.origin_rank, r.origin_index);
  std::sort(ids.begin(), ids.end());
  EXPECT_EQ(std::adjacent_find(ids.begin(), ids.end()), ids.end());
}

}  // namespace

TEST(RouteByKey, DeliversEveryRecordExactlyOnceWithSkewedKeys) {
  const auto world = Communicator::world();
  const std::size_t base = 5000;
  const auto records = make_records(world.rank(), base + static_cast<std::size_t>(world.rank()) * 37);
  const auto out = route(world, records, std::size_t{64} << 20);
  expect_exactly_once(world, out, base);
}

TEST(RouteByKey, BudgetSmallerThanOneRanksDataNeedsManyRounds) {
  const auto world = Communicator::world();
  const std::size_t base = 3000;
  const auto records = make_records(world.rank(), base + static_cast<std::size_t>(world.rank()) * 37);
  const std::size_t budget = 4096;  // bytes per round: far smaller than ~100 KB per rank
  ASSERT_LT(budget, records.size() * sizeof(Record));
  nayose::mpi::RouteStats stats;
  const auto out = route(world, records, budget, &stats);
  EXPECT_GT(stats.rounds, 10U);
  EXPECT_EQ(stats.received, out.size());
  expect_exactly_once(world, out, base);
  // Same result as with an unbounded budget, element for element.
  const auto unbounded = route(world, records, std::size_t{1} << 30);
  ASSERT_EQ(out.size(), unbounded.size());
  EXPECT_TRUE(std::equal(out.begin(), out.end(), unbounded.begin(), [](const Record& a, const Record& b) {
    return a.origin_rank == b.origin_rank && a.origin_index == b.origin_index && a.key == b.key;
  }));
}

TEST(RouteByKey, OutputOrderIsBySourceRankThenInputPositionAndRepeatable) {
  const auto world = Communicator::world();
  const auto records = make_records(world.rank(), 2000 + static_cast<std::size_t>(world.rank()) * 37);
  const auto a = route(world, records, 10000);
  const auto b = route(world, records, 10000);
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].origin_rank, b[i].origin_rank);
    EXPECT_EQ(a[i].origin_index, b[i].origin_index);
  }
  EXPECT_TRUE(std::is_sorted(a.begin(), a.end(), [](const Record& x, const Record& y) {
    return std::pair(x.origin_rank, x.origin_index) < std::pair(y.origin_rank, y.origin_index);
  }));
}

TEST(RouteByKey, EmptyRanksAndStringKeys) {
  const auto world = Communicator::world();
  struct Named {
    char name[12];
    int value;
  };
  std::vector<Named> records;
  if (world.rank() == 0) {  // only rank 0 has data
    for (int i = 0; i < 1000; ++i) {
      Named n{};
      std::snprintf(n.name, sizeof n.name, "k%d", i % 50);
      n.value = i;
      records.push_back(n);
    }
  }
  const auto out = nayose::mpi::route_by_key(
      world, std::span<const Named>(records), [](const Named& n) { return std::string_view(n.name); });
  EXPECT_EQ(world.allreduce<std::uint64_t>(out.size(), Op::sum), 1000U);
  std::map<std::string, int> owners;
  for (const auto& n : out) {
    EXPECT_EQ(nayose::mpi::owner_rank(nayose::kernels::stable_hash64(std::string_view(n.name)), world.size()),
              world.rank());
  }
}

TEST(RouteByKey, ThrowingKeyFunctionFailsEveryRankTogether) {
  const auto world = Communicator::world();
  const auto records = make_records(world.rank(), 100);
  try {
    (void)nayose::mpi::route_by_key(world, std::span<const Record>(records), [&](const Record& r) {
      if (world.rank() == world.size() - 1 && r.origin_index == 50) throw nayose::Error("bad key");
      return r.key;
    });
    FAIL() << "all ranks must fail";
  } catch (const nayose::CollectiveFailure& e) {
    EXPECT_NE(std::string(e.what()).find("bad key"), std::string::npos);
  }
}

TEST(RouteByOwner, RangePartitionGivesGlobalOrderInRankOrder) {
  const auto world = Communicator::world();
  // Ids 0..999 spread over ranks round-robin; owner = contiguous id range.
  const std::uint64_t total = 1000;
  std::vector<std::uint64_t> ids;
  for (std::uint64_t id = static_cast<std::uint64_t>(world.rank()); id < total;
       id += static_cast<std::uint64_t>(world.size())) {
    ids.push_back(id);
  }
  const auto p = static_cast<std::uint64_t>(world.size());
  auto out = nayose::mpi::route_by_owner(world, std::span<const std::uint64_t>(ids), [&](std::uint64_t id) {
    return static_cast<int>(id * p / total);
  });
  std::sort(out.begin(), out.end());
  const std::uint64_t first = (static_cast<std::uint64_t>(world.rank()) * total + p - 1) / p;
  for (std::size_t i = 0; i < out.size(); ++i) EXPECT_EQ(out[i], first + i);
  EXPECT_EQ(world.allreduce<std::uint64_t>(out.size(), Op::sum), total);
}

TEST(RouteByOwner, OwnerOutOfRangeFailsEveryRank) {
  const auto world = Communicator::world();
  const std::vector<int> values{1, 2, 3};
  EXPECT_THROW((void)nayose::mpi::route_by_owner(world, std::span<const int>(values),
                                                 [&](int v) { return v == 2 ? world.size() : 0; }),
               nayose::CollectiveFailure);
}
