#include "src/runtime/job.hpp"

#include <sched.h>
#include <tbb/global_control.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <thread>

#include "src/common/build_info.hpp"
#include "src/common/error.hpp"
#include "src/common/log.hpp"
#include "src/mpi/failure.hpp"
#include "src/mpi/timer_report.hpp"

namespace nayose::runtime {
namespace {

struct CommonOptions {
  int threads = 0;
  std::string log_level = "info";
  bool log_all_ranks = false;
};

void print_stdout(const std::string& text) {
  std::fwrite(text.data(), 1, text.size(), stdout);
  std::fflush(stdout);
}

void print_failure(const std::string& job, const std::string& message) {
  const std::string text = "nayose " + job + ": error: " + message + "\n";
  std::fwrite(text.data(), 1, text.size(), stderr);
  std::fflush(stderr);
}

}  // namespace

int allowed_cpus() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof set, &set) != 0) return static_cast<int>(std::max(1U, std::thread::hardware_concurrency()));
  return std::max(1, CPU_COUNT(&set));
}

int resolve_threads(int requested, int ranks_on_node) {
  if (requested > 0) return requested;
  if (const char* slurm = std::getenv("SLURM_CPUS_PER_TASK"); slurm != nullptr) {
    const int n = std::atoi(slurm);
    if (n > 0) return n;
  }
  const auto hw = static_cast<int>(std::max(1U, std::thread::hardware_concurrency()));
  // Never more than the CPUs this process may run on (mpirun binds ranks to cores by default).
  return std::max(1, std::min(hw / std::max(1, ranks_on_node), allowed_cpus()));
}

int run_job(Job& job, int argc, char** argv) {
  std::optional<mpi::Environment> env;
  try {
    env.emplace(argc, argv, mpi::ThreadLevel::funneled);
  } catch (const std::exception& e) {
    print_failure(job.name(), e.what());
    return mpi::kExitFailure;
  }
  const auto world = mpi::Communicator::world();
  log::configure({world.rank(), world.size(), false, log::Level::info});
  const auto started = std::chrono::steady_clock::now();

  try {
    config::OptionSet options(job.name(), job.summary());
    CommonOptions common;
    options.add("threads", &common.threads,
                "oneTBB worker threads per rank; 0 = automatic (SLURM_CPUS_PER_TASK, else cores / ranks on the node)");
    options.add("log-level", &common.log_level, "error, warn, info or debug");
    options.add("log-all-ranks", &common.log_all_ranks, "log from every rank, each line prefixed [rank N]");
    job.add_options(options);

    const std::vector<std::string> args(argv + std::min(argc, 2), argv + argc);
    mpi::agree(world, [&] {
      std::vector<std::string> problems;
      try {
        options.parse(args, config::process_environment());
      } catch (const ConfigError& e) {
        problems = e.problems();
      }
      // --help and --dump-config describe the configuration; they do not need a runnable one.
      if (options.meta().help || options.meta().dump_config) {
        if (!problems.empty()) throw ConfigError(std::move(problems));
        return;
      }
      if (common.threads < 0) problems.push_back("threads must be >= 0 (0 = automatic)");
      try {
        (void)log::parse_level(common.log_level);
      } catch (const Error& e) {
        problems.push_back(e.what());
      }
      job.validate(problems);
      if (!problems.empty()) throw ConfigError(std::move(problems));
    });

    if (options.meta().help) {
      if (world.is_root()) print_stdout(options.help_text());
      return 0;
    }
    if (options.meta().dump_config) {
      if (world.is_root()) print_stdout(options.dump_ini());
      return 0;
    }
    log::configure({world.rank(), world.size(), common.log_all_ranks, log::parse_level(common.log_level)});

    const auto node = world.split_shared();
    JobContext context{world, *env, resolve_threads(common.threads, node.size()), {}, 0};
    tbb::global_control thread_limit(tbb::global_control::max_allowed_parallelism,
                                     static_cast<std::size_t>(context.threads));
    // Open MPI binds each rank to one core by default (np <= 2: to core); threads beyond the CPUs a
    // rank may use then share them and run no faster. Say so once, with the fix.
    {
      const int cpus = allowed_cpus();
      const int squeezed = world.allreduce<int>(context.threads > cpus ? 1 : 0, mpi::Op::max);
      const int min_cpus = world.allreduce<int>(cpus, mpi::Op::min);
      if (squeezed != 0) {
        NAYOSE_LOG(warn) << "ranks run " << context.threads << " thread(s) but may only use " << min_cpus
                         << " CPU(s) (process binding): the threads share them. Launch with `mpirun --bind-to none`"
                         << " or `--map-by slot:PE=" << context.threads << "`, or `srun --cpus-per-task="
                         << context.threads << "`";
      }
    }

    NAYOSE_LOG(info) << "nayose " << job.name() << " " << build_info::version << " (" << build_info::git_sha
                     << ", " << build_info::build_type << "): " << world.size() << " rank(s) x " << context.threads
                     << " thread(s)";
    {
      std::string echo = "effective configuration:";
      const std::string ini = options.dump_ini();
      for (std::size_t start = 0; start < ini.size();) {
        const auto nl = ini.find('\n', start);
        const auto line = ini.substr(start, nl - start);
        start = nl == std::string::npos ? ini.size() : nl + 1;
        if (line.empty() || line[0] == '#') continue;
        const auto name = line.substr(0, line.find(' '));
        echo += "\n    " + line + "    (" + options.source_of(name) + ")";
      }
      NAYOSE_LOG(info) << echo;
    }
    if (options.meta().dry_run) {
      NAYOSE_LOG(info) << "dry run: configuration is valid; nothing was run";
      if (world.is_root()) print_stdout("nayose " + job.name() + ": configuration OK (dry run)\n");
      return 0;
    }

    job.run(context);

    const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - started;
    const auto phases = mpi::summarize_phases(world, context.timers);
    const auto result = mpi::collect_result(world, job.name(), context.threads, context.local_records, elapsed.count());
    if (!phases.empty()) NAYOSE_LOG(info) << "phase times across ranks:\n" << mpi::format_phase_table(phases);
    if (world.is_root()) print_stdout(mpi::format_result_line(result) + "\n");
    return 0;
  } catch (const mpi::AgreedFailure& e) {
    // Every rank has this failure; rank 0 reports it once and all ranks finalise normally.
    if (world.is_root()) print_failure(job.name(), e.what());
    return e.exit_code();
  } catch (const std::exception& e) {
    // Only this rank knows: the others may be waiting in a collective. Report and abort them all.
    print_failure(job.name(), std::string(world.size() > 1 ? "rank " + std::to_string(world.rank()) + ": " : "") +
                                  e.what() + " (aborting all ranks)");
    mpi::Environment::abort(mpi::exit_code_for(e));
  }
}

}  // namespace nayose::runtime
