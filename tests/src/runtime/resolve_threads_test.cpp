#include <gtest/gtest.h>

#include <cstdlib>
#include <thread>

#include "src/runtime/job.hpp"

using nayose::runtime::resolve_threads;

TEST(ResolveThreads, ExplicitWins) {
  setenv("SLURM_CPUS_PER_TASK", "3", 1);
  EXPECT_EQ(resolve_threads(5, 4), 5);
  unsetenv("SLURM_CPUS_PER_TASK");
}

TEST(ResolveThreads, SlurmCpusPerTaskWhenAutomatic) {
  setenv("SLURM_CPUS_PER_TASK", "3", 1);
  EXPECT_EQ(resolve_threads(0, 4), 3);
  unsetenv("SLURM_CPUS_PER_TASK");
}

TEST(ResolveThreads, CoresDividedAmongNodeRanksAtLeastOne) {
  unsetenv("SLURM_CPUS_PER_TASK");
  const int hw = static_cast<int>(std::max(1U, std::thread::hardware_concurrency()));
  EXPECT_EQ(resolve_threads(0, 1), hw);
  EXPECT_EQ(resolve_threads(0, 1000), 1);
}
