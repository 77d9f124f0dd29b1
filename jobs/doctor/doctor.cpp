// nayose doctor: an operator's pre-flight check of a node or an allocation, run under mpirun/srun.
// Every rank checks itself (host, threads, MPI thread level, memory, the directory, the key file);
// then all ranks write one parallel-HDF5 file collectively into --dir, each reads back another
// rank's slice, and the write is verified to have been collective. Rank 0 prints one line per rank
// and "doctor: OK", or the problems and a non-zero exit code.
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <tbb/global_control.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>

#include "jobs/registry.hpp"
#include "src/common/log.hpp"
#include "src/common/timer.hpp"
#include "src/h5/io_probe.hpp"
#include "src/h5/library.hpp"
#include "src/keys/keyring.hpp"
#include "src/mpi/failure.hpp"

namespace nayose::jobs {
namespace {

constexpr std::size_t kMiB = std::size_t{1} << 20;

// What one rank found, gathered to rank 0 as plain bytes.
struct RankFacts {
  char host[64] = {};
  std::int64_t pid = 0;
  std::int32_t threads = 0;
  std::int32_t thread_level = 0;
  std::uint64_t memory_available = 0;
  std::uint64_t disk_free = 0;
  std::uint64_t h5_bytes = 0;
  double h5_write_seconds = 0.0;
  std::int32_t h5_ran = 0;
  std::int32_t h5_collective = 0;
  std::int32_t h5_readback_ok = 0;
  std::int32_t keys_state = 0;  // 0 = not checked, 1 = ok, 2 = problem
  std::uint32_t keys_mode = 0;
};

std::string mib(std::uint64_t bytes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.0fMiB", static_cast<double>(bytes) / static_cast<double>(kMiB));
  return buf;
}

class DoctorJob final : public runtime::Job {
 public:
  std::string name() const override { return "doctor"; }
  std::string summary() const override {
    return "Pre-flight check under mpirun/srun: reports per rank the host, rank count, oneTBB threads, MPI thread\n"
           "level, a collective parallel-HDF5 write + read-back in --dir, the key file's permissions, free memory\n"
           "and free disk. Prints 'doctor: OK' or the problems found and exits non-zero.";
  }
  void add_options(config::OptionSet& options) override {
    options.add("dir", &dir_, "directory to test parallel HDF5 in (the job's output directory)");
    options.add("keys", &keys_, "key file to check (permissions 0600, readable, has the standard keys); empty = skip");
    options.add("rows-per-rank", &rows_per_rank_, "rows each rank writes in the HDF5 test file");
    options.add("min-free-memory-mib", &min_memory_mib_, "fail if a node has less available memory than this");
    options.add("min-free-disk-mib", &min_disk_mib_, "fail if --dir's file system has less free space than this");
  }
  void validate(std::vector<std::string>& problems) const override {
    if (dir_.empty()) problems.push_back("--dir must name a directory");
    if (rows_per_rank_ == 0) problems.push_back("--rows-per-rank must be at least 1");
  }

  void run(runtime::JobContext& context) override {
    const auto& world = context.world;
    RankFacts facts;
    std::string problems;  // this rank's, one per line
    const auto problem = [&](const std::string& text) { problems += text + "\n"; };

    {
      auto phase = context.timers.phase("local checks");
      const std::string host = mpi::Environment::processor_name();
      std::snprintf(facts.host, sizeof facts.host, "%s", host.c_str());
      facts.pid = static_cast<std::int64_t>(getpid());
      facts.threads = static_cast<std::int32_t>(
          tbb::global_control::active_value(tbb::global_control::max_allowed_parallelism));
      facts.thread_level = static_cast<std::int32_t>(context.environment.provided());
      if (context.environment.provided() < mpi::ThreadLevel::funneled) {
        problem(std::string("MPI thread level ") + mpi::thread_level_name(context.environment.provided()) +
                " is below MPI_THREAD_FUNNELED");
      }
      facts.memory_available = available_memory_bytes();
      if (facts.memory_available < min_memory_mib_ * kMiB) {
        problem("only " + mib(facts.memory_available) + " memory available (minimum " +
                std::to_string(min_memory_mib_) + "MiB, --min-free-memory-mib)");
      }
      check_directory(facts, problem);
      check_keys(facts, problem);
    }

    // The HDF5 probe is collective: run it only if every rank can write the directory.
    const int dir_ok = world.allreduce<int>(access(dir_.c_str(), W_OK) == 0 ? 1 : 0, mpi::Op::min);
    if (dir_ok == 1) {
      auto phase = context.timers.phase("parallel HDF5 probe");
      const auto probe = h5::probe_parallel_io(world, dir_, rows_per_rank_);
      facts.h5_ran = 1;
      facts.h5_bytes = probe.bytes_written;
      facts.h5_write_seconds = probe.write_seconds;
      facts.h5_collective = probe.collective ? 1 : 0;
      facts.h5_readback_ok = probe.read_back_ok ? 1 : 0;
      if (!probe.collective) problem("the HDF5 test write was not collective: " + probe.no_collective_cause);
      if (!probe.read_back_ok) {
        problem("reading back rank " + std::to_string(probe.read_back_rank) +
                "'s rows from the HDF5 test file gave wrong values: " + probe.read_back_problem);
      }
    } else {
      problem("parallel HDF5 probe skipped: --dir is not writable on every rank");
    }
    context.local_records = 1;

    const auto all_facts = world.gather_to_root(facts);
    const auto all_problems = world.gather_to_root(problems);
    const int failing = world.allreduce<int>(problems.empty() ? 0 : 1, mpi::Op::sum);
    if (world.is_root()) print_report(world, context, all_facts, all_problems);
    if (failing > 0) {
      throw mpi::AgreedFailure(0, failing, "doctor found problems on " + std::to_string(failing) + " rank(s)",
                               mpi::kExitFailure);
    }
  }

 private:
  template <typename Problem>
  void check_directory(RankFacts& facts, const Problem& problem) const {
    struct stat st {};
    if (stat(dir_.c_str(), &st) != 0) {
      problem("directory " + dir_ + " cannot be used: " + std::strerror(errno));
      return;
    }
    if (!S_ISDIR(st.st_mode)) {
      problem(dir_ + " is not a directory");
      return;
    }
    if (access(dir_.c_str(), W_OK) != 0) {
      problem("directory " + dir_ + " is not writable: " + std::strerror(errno));
    }
    struct statvfs fs {};
    if (statvfs(dir_.c_str(), &fs) == 0) {
      facts.disk_free = static_cast<std::uint64_t>(fs.f_bavail) * fs.f_frsize;
      if (facts.disk_free < min_disk_mib_ * kMiB) {
        problem("only " + mib(facts.disk_free) + " free in " + dir_ + " (minimum " + std::to_string(min_disk_mib_) +
                "MiB, --min-free-disk-mib)");
      }
    }
  }

  template <typename Problem>
  void check_keys(RankFacts& facts, const Problem& problem) const {
    if (keys_.empty()) return;
    const auto perms = keys::check_key_file_permissions(keys_);
    facts.keys_mode = perms.mode;
    if (!perms.ok) {
      facts.keys_state = 2;
      problem("key file permissions: " + perms.message);
      return;
    }
    try {
      const auto ring = keys::Keyring::load(keys_);
      for (const auto& name : keys::kStandardKeyNames) {
        if (!ring.has(std::string(name))) {
          facts.keys_state = 2;
          problem("key file " + keys_ + " has no key named '" + std::string(name) + "'");
        }
      }
      if (facts.keys_state == 0) facts.keys_state = 1;
    } catch (const std::exception& e) {
      facts.keys_state = 2;
      problem(e.what());
    }
  }

  void print_report(const mpi::Communicator& world, const runtime::JobContext& context,
                    const std::vector<RankFacts>& facts, const std::vector<std::string>& problems) const {
    std::string out;
    std::vector<std::string> hosts;
    for (const auto& f : facts) {
      if (std::find(hosts.begin(), hosts.end(), std::string(f.host)) == hosts.end()) hosts.emplace_back(f.host);
    }
    out += "nayose doctor: " + std::to_string(world.size()) + " rank(s) on " + std::to_string(hosts.size()) +
           " host(s); " + mpi::Environment::library_version() + "; " + h5::library_description() +
           "; directory " + dir_ + "\n";
    char line[512];
    for (std::size_t r = 0; r < facts.size(); ++r) {
      const auto& f = facts[r];
      const char* keys_text = f.keys_state == 0 ? "not-checked" : (f.keys_state == 1 ? "ok" : "PROBLEM");
      std::snprintf(line, sizeof line,
                    "rank %zu host=%s pid=%lld ranks=%d threads=%d mpi_thread=%s mem_avail=%s disk_free=%s "
                    "hdf5=%s collective=%s readback=%s write=%s/%.3fs keys=%s mode=%04o\n",
                    r, f.host, static_cast<long long>(f.pid), world.size(), f.threads,
                    mpi::thread_level_name(static_cast<mpi::ThreadLevel>(f.thread_level)),
                    mib(f.memory_available).c_str(), mib(f.disk_free).c_str(), f.h5_ran != 0 ? "ran" : "SKIPPED",
                    f.h5_ran == 0 ? "-" : (f.h5_collective != 0 ? "yes" : "NO"),
                    f.h5_ran == 0 ? "-" : (f.h5_readback_ok != 0 ? "ok" : "WRONG"), mib(f.h5_bytes).c_str(),
                    f.h5_write_seconds, keys_text, f.keys_mode);
      out += line;
    }
    std::size_t count = 0;
    std::string listing;
    for (std::size_t r = 0; r < problems.size(); ++r) {
      for (std::size_t start = 0; start < problems[r].size();) {
        const auto nl = problems[r].find('\n', start);
        listing += "  - rank " + std::to_string(r) + ": " + problems[r].substr(start, nl - start) + "\n";
        ++count;
        start = nl + 1;
      }
    }
    (void)context;
    if (count == 0) {
      out += "doctor: OK\n";
    } else {
      out += "doctor: FAILED, " + std::to_string(count) + " problem(s):\n" + listing;
    }
    std::fwrite(out.data(), 1, out.size(), stdout);
    std::fflush(stdout);
  }

  std::string dir_ = ".";
  std::string keys_;
  std::uint64_t rows_per_rank_ = 65536;
  std::uint64_t min_memory_mib_ = 512;
  std::uint64_t min_disk_mib_ = 1024;
};

}  // namespace

std::unique_ptr<runtime::Job> make_doctor() { return std::make_unique<DoctorJob>(); }

}  // namespace nayose::jobs
