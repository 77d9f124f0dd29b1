// nayose ingest: source files → staging HDF5 (identity, events, quarantine, sources, lineage).
#include <cstdio>
#include <filesystem>
#include <string>

#include "jobs/registry.hpp"
#include "src/common/log.hpp"
#include "src/ingest/ingester.hpp"
#include "src/parse/record.hpp"

namespace nayose::jobs {
namespace {

class IngestJob final : public runtime::Job {
 public:
  std::string name() const override { return "ingest"; }
  std::string summary() const override {
    return "Parses every file under the --sources directories (UKE/CYO claims, SS-MIX2 storage, 特定健診 XML,\n"
           "介護 and death CSV), normalises each identity, quarantines records that fail parsing or validation\n"
           "(with a reason code and their raw bytes), keys every row with its lineage hash, and writes one\n"
           "staging HDF5 file (hdf5-schemas/staging.json). Byte-identical output for any rank and thread count.";
  }
  void add_options(config::OptionSet& options) override {
    options.add("sources", &o_.sources, "directory of source files (repeat for several; searched recursively)");
    options.add("out", &o_.out, "staging file to write (HDF5; written as <out>.partial, renamed when complete)");
    options.add("keys", &o_.keys, "key file (mode 0600) holding the `lineage` key (nayose keygen)");
    options.add("overwrite", &o_.overwrite, "replace an existing --out file");
    options.add("batch-mib", &o_.batch_mib, "input MiB each rank parses per round (progress is reported per round)");
    options.add("max-file-mib", &o_.max_file_mib, "files larger than this are recorded as unreadable, not read");
    options.add("spill-dir", &o_.spill_dir,
                "directory for each rank's temporary column files (unnamed, mode 0600); empty = the directory of --out");
  }
  void validate(std::vector<std::string>& problems) const override {
    if (o_.sources.empty()) problems.push_back("--sources is required: the directory of source files");
    for (const auto& dir : o_.sources) {
      std::error_code ec;
      if (!std::filesystem::is_directory(dir, ec)) problems.push_back("--sources " + dir + " is not a directory");
    }
    if (o_.out.empty()) problems.push_back("--out is required: the staging file to write");
    if (o_.keys.empty()) problems.push_back("--keys is required: the key file with the lineage key");
    if (o_.batch_mib == 0 || o_.batch_mib > 65536) problems.push_back("--batch-mib must be in 1..65536");
    if (o_.max_file_mib == 0) problems.push_back("--max-file-mib must be at least 1");
    std::error_code ec;
    if (!o_.spill_dir.empty() && !std::filesystem::is_directory(o_.spill_dir, ec)) {
      problems.push_back("--spill-dir " + o_.spill_dir + " is not a directory");
    }
  }
  void run(runtime::JobContext& context) override {
    const auto s = ingest::run_ingest(context.world, o_, context.timers);
    context.local_records = s.local_records;
    if (!context.world.is_root()) return;
    std::printf("ingest: %llu files (%llu bytes, %llu not read as their format), %llu records read = %llu accepted + "
                "%llu quarantined; %llu clinical events\n",
                static_cast<unsigned long long>(s.files), static_cast<unsigned long long>(s.bytes),
                static_cast<unsigned long long>(s.files_rejected), static_cast<unsigned long long>(s.records_read),
                static_cast<unsigned long long>(s.accepted), static_cast<unsigned long long>(s.quarantined),
                static_cast<unsigned long long>(s.events));
    for (const auto reason : parse::all_reasons()) {
      const auto r = static_cast<std::size_t>(reason);
      const std::uint64_t q = r < s.quarantined_by_reason.size() ? s.quarantined_by_reason[r] : 0;
      const std::uint64_t f = r < s.files_by_reason.size() ? s.files_by_reason[r] : 0;
      if (q != 0) std::printf("ingest:   quarantined %-26s %llu\n", std::string(parse::reason_name(reason)).c_str(),
                              static_cast<unsigned long long>(q));
      if (f != 0) std::printf("ingest:   files       %-26s %llu\n", std::string(parse::reason_name(reason)).c_str(),
                              static_cast<unsigned long long>(f));
    }
    std::printf("ingest: staging columns spilled to disk before the write: %.1f MiB on the largest rank\n",
                static_cast<double>(s.spilled_bytes) / 1048576.0);
    std::printf("ingest: output %s\n", o_.out.c_str());
    std::fflush(stdout);
  }

 private:
  ingest::IngestOptions o_;
};

}  // namespace

std::unique_ptr<runtime::Job> make_ingest() { return std::make_unique<IngestJob>(); }

}  // namespace nayose::jobs
