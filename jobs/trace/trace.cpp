// nayose trace: from a lineage hash to the source file and position it came from.
#include <string>

#include "jobs/registry.hpp"
#include "src/common/error.hpp"
#include "src/ingest/trace.hpp"

namespace nayose::jobs {
namespace {

class TraceJob final : public runtime::Job {
 public:
  std::string name() const override { return "trace"; }
  std::string summary() const override {
    return "Finds the staged row (identity, event or quarantine) carrying a lineage hash and prints its source\n"
           "file and position; when the source file is still in place, recomputes its SHA-256 and the lineage\n"
           "HMAC to prove it. No personal data is printed unless --show-identity is given. Exit 1 if not found.";
  }
  void add_options(config::OptionSet& options) override {
    options.add("staging", &o_.staging, "staging file written by nayose ingest");
    options.add("lineage", &o_.lineage, "lineage hash to look up (64 hex characters)");
    options.add("keys", &o_.keys, "key file (mode 0600) with the lineage key the staging file was written with");
    options.add("show-identity", &o_.show_identity, "also print the identity fields of the row (personal data)");
  }
  void validate(std::vector<std::string>& problems) const override {
    if (o_.staging.empty()) problems.push_back("--staging is required");
    if (o_.lineage.empty()) problems.push_back("--lineage is required");
    if (o_.keys.empty()) problems.push_back("--keys is required");
  }
  void run(runtime::JobContext& context) override {
    const auto found = ingest::run_trace(context.world, o_);
    context.local_records = context.world.is_root() ? found : 0;
    if (found == 0) throw Error("trace: lineage not found in " + o_.staging);
  }

 private:
  ingest::TraceOptions o_;
};

}  // namespace

std::unique_ptr<runtime::Job> make_trace() { return std::make_unique<TraceJob>(); }

}  // namespace nayose::jobs
