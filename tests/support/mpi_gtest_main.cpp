// GoogleTest main for multi-rank tests. Every rank runs every test. Rank 0 prints the usual
// GoogleTest output; the other ranks print nothing themselves, but every failure on every rank is
// collected and rank 0 prints it prefixed "[rank N]" at the end, so a failure on rank 3 is never
// lost. All ranks exit with the same code (non-zero if any rank failed).
#include <gtest/gtest.h>

#include <cstdio>
#include <string>

#include "src/common/log.hpp"
#include "src/mpi/communicator.hpp"
#include "src/mpi/environment.hpp"

namespace {

class FailureCollector : public testing::EmptyTestEventListener {
 public:
  // The test name is recorded here: calling UnitTest::current_test_info() from OnTestPartResult
  // would deadlock (GoogleTest holds its lock while reporting a part result).
  void OnTestStart(const testing::TestInfo& info) override {
    current_ = std::string(info.test_suite_name()) + "." + info.name();
  }
  void OnTestPartResult(const testing::TestPartResult& result) override {
    if (!result.failed()) return;
    failures_ += current_ + " at " + (result.file_name() != nullptr ? result.file_name() : "?") + ":" +
                 std::to_string(result.line_number()) + "\n" + result.message() + "\n";
  }
  const std::string& failures() const { return failures_; }

 private:
  std::string current_ = "(outside a test)";
  std::string failures_;
};

}  // namespace

int main(int argc, char** argv) {
  nayose::mpi::Environment env(argc, argv);
  int exit_code = 0;
  {
    auto world = nayose::mpi::Communicator::world();
    nayose::log::configure({world.rank(), world.size(), false, nayose::log::Level::warn});
    testing::InitGoogleTest(&argc, argv);
    auto& listeners = testing::UnitTest::GetInstance()->listeners();
    if (world.rank() != 0) delete listeners.Release(listeners.default_result_printer());
    auto* collector = new FailureCollector;  // owned by GoogleTest
    listeners.Append(collector);

    const int local = RUN_ALL_TESTS();
    const auto all = world.gather_to_root(collector->failures());
    const int failed_ranks = world.allreduce<int>(local != 0 ? 1 : 0, nayose::mpi::Op::sum);
    if (world.rank() == 0) {
      for (std::size_t r = 0; r < all.size(); ++r) {
        if (!all[r].empty()) std::printf("\n[rank %zu] failures:\n%s", r, all[r].c_str());
      }
      std::printf("\n%d of %d rank(s) had failing tests\n", failed_ranks, world.size());
      std::fflush(stdout);
    }
    exit_code = failed_ranks == 0 ? 0 : 1;
  }
  return exit_code;
}
