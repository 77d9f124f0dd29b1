// Used by tests/support/harness_test.sh: a test that fails on the last rank only, to prove that the
// MPI-aware main reports a failure from any rank and makes the run fail.
#include <gtest/gtest.h>
#include "src/mpi/communicator.hpp"
TEST(Deliberate, FailsOnLastRank) {
  const auto world = nayose::mpi::Communicator::world();
  EXPECT_NE(world.rank(), world.size() - 1) << "this rank fails on purpose";
}
