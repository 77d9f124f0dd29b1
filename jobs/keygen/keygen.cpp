// nayose keygen --out FILE: a new keyring (lineage, research-id, provision keys) from the OS CSPRNG.
// Runs on rank 0 only (under mpirun the other ranks just agree on the outcome). Never prints keys.
#include <string>

#include "jobs/registry.hpp"
#include "src/common/log.hpp"
#include "src/keys/keyring.hpp"
#include "src/mpi/failure.hpp"

namespace nayose::jobs {
namespace {

class KeygenJob final : public runtime::Job {
 public:
  std::string name() const override { return "keygen"; }
  std::string summary() const override {
    return "Writes a new keyring file holding the named keys the stages use (lineage, research-id, provision),\n"
           "256 bits each from the OS CSPRNG, mode 0600. Refuses to overwrite an existing file.";
  }
  void add_options(config::OptionSet& options) override {
    options.add("out", &out_, "path of the keyring file to create (must not exist)");
  }
  void validate(std::vector<std::string>& problems) const override {
    if (out_.empty()) problems.push_back("--out is required: the keyring file to create");
  }
  void run(runtime::JobContext& context) override {
    auto phase = context.timers.phase("write keyring");
    mpi::agree(context.world, [&] {
      if (context.world.is_root()) {
        keys::write_new_keyring(out_, {keys::kStandardKeyNames.begin(), keys::kStandardKeyNames.end()});
      }
    });
    std::string names;
    for (const auto& n : keys::kStandardKeyNames) names += (names.empty() ? "" : ", ") + std::string(n);
    NAYOSE_LOG(info) << "wrote keyring " << out_ << " (mode 0600) with keys: " << names;
    context.local_records = context.world.is_root() ? keys::kStandardKeyNames.size() : 0;
  }

 private:
  std::string out_;
};

}  // namespace

std::unique_ptr<runtime::Job> make_keygen() { return std::make_unique<KeygenJob>(); }

}  // namespace nayose::jobs
