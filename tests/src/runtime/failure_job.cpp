// A job used only by tests/src/runtime/failure_policy_test.sh to exercise the failure policy of
// runtime::run_job: --mode agreed (one rank throws inside agree(): all ranks stop cleanly, message
// printed once by rank 0) or --mode escape (one rank throws outside any agreement while the others
// wait in a collective: that rank reports and MPI_Abort stops every rank).
#include <memory>
#include <string>

#include "src/common/error.hpp"
#include "src/mpi/failure.hpp"
#include "src/runtime/job.hpp"

namespace {
class FailureJob final : public nayose::runtime::Job {
 public:
  std::string name() const override { return "failure-probe"; }
  std::string summary() const override { return "test job: fails on the last rank"; }
  void add_options(nayose::config::OptionSet& options) override {
    options.add("mode", &mode_, "agreed | escape | none");
  }
  void validate(std::vector<std::string>& problems) const override {
    if (mode_ != "agreed" && mode_ != "escape" && mode_ != "none") problems.push_back("bad --mode " + mode_);
  }
  void run(nayose::runtime::JobContext& context) override {
    const auto& world = context.world;
    const bool me = world.rank() == world.size() - 1;
    if (mode_ == "agreed") {
      nayose::mpi::agree(world, [&] {
        if (me) throw nayose::IoError("simulated failure reading input-file-7");
      });
    } else if (mode_ == "escape") {
      if (me) throw nayose::IoError("simulated unagreed failure reading input-file-9");
      world.barrier();  // the other ranks wait here forever unless the failing rank aborts them
    }
    context.local_records = 1;
  }

 private:
  std::string mode_ = "none";
};
}  // namespace

int main(int argc, char** argv) {
  FailureJob job;
  return nayose::runtime::run_job(job, argc, argv);
}
