#include <gtest/gtest.h>

#include "src/common/error.hpp"
#include "src/mpi/communicator.hpp"
#include "src/mpi/failure.hpp"

using nayose::mpi::Communicator;

TEST(Agree, NoFailureReturnsValueEverywhere) {
  const auto world = Communicator::world();
  const int v = nayose::mpi::agree(world, [&] { return world.rank() + 1; });
  EXPECT_EQ(v, world.rank() + 1);
}

TEST(Agree, OneRankThrowingStopsEveryRankWithItsMessage) {
  const auto world = Communicator::world();
  const int bad = world.size() - 1;  // the last rank fails
  try {
    nayose::mpi::agree(world, [&] {
      if (world.rank() == bad) throw nayose::IoError("cannot open input.uke");
    });
    FAIL() << "every rank must throw";
  } catch (const nayose::mpi::AgreedFailure& e) {
    EXPECT_EQ(e.origin_rank(), bad);
    EXPECT_EQ(e.failed_ranks(), 1);
    EXPECT_EQ(e.exit_code(), nayose::mpi::kExitFailure);
    EXPECT_NE(std::string(e.what()).find("cannot open input.uke"), std::string::npos);
  }
  // The communicator is still usable after an agreed failure.
  EXPECT_EQ(world.allreduce<int>(1, nayose::mpi::Op::sum), world.size());
}

TEST(Agree, LowestFailingRankWinsAndConfigErrorsKeepTheirExitCode) {
  const auto world = Communicator::world();
  try {
    nayose::mpi::agree(world, [&] {
      throw nayose::ConfigError({"rank-specific problem " + std::to_string(world.rank())});
    });
    FAIL() << "every rank must throw";
  } catch (const nayose::mpi::AgreedFailure& e) {
    EXPECT_EQ(e.origin_rank(), 0);
    EXPECT_EQ(e.failed_ranks(), world.size());
    EXPECT_EQ(e.exit_code(), nayose::mpi::kExitConfigError);
    EXPECT_NE(std::string(e.what()).find("rank-specific problem 0"), std::string::npos);
  }
}

TEST(Agree, NestedAgreementIsNotReportedTwice) {
  const auto world = Communicator::world();
  try {
    nayose::mpi::agree(world, [&] {
      nayose::mpi::agree(world, [&] {
        if (world.rank() == 0) throw nayose::Error("inner");
      });
    });
    FAIL();
  } catch (const nayose::CollectiveFailure& e) {
    EXPECT_NE(std::string(e.what()).find("inner"), std::string::npos);
  }
}
