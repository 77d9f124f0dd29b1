// `nayose <job> [options]`: the one executable; each job lives in jobs/<job>/.
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>

#include "jobs/registry.hpp"
#include "src/common/build_info.hpp"
#include "src/runtime/job.hpp"

namespace {
void print_usage(std::FILE* out) {
  std::fprintf(out, "usage: nayose <job> [options]      (nayose <job> --help for the job's options)\n\njobs:\n");
  for (const auto& entry : nayose::jobs::registry()) {
    std::fprintf(out, "  %-10s %s\n", std::string(entry.name).c_str(), std::string(entry.summary).c_str());
  }
  std::fprintf(out, "\nnayose --version prints the version and the git commit it was built from.\n");
}
}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || std::strcmp(argv[1], "--help") == 0 || std::strcmp(argv[1], "-h") == 0 ||
      std::strcmp(argv[1], "help") == 0) {
    print_usage(argc < 2 ? stderr : stdout);
    return argc < 2 ? 2 : 0;
  }
  if (std::strcmp(argv[1], "--version") == 0 || std::strcmp(argv[1], "version") == 0) {
    std::printf("nayose %s (git %s, %s)\n", nayose::build_info::version, nayose::build_info::git_sha,
                nayose::build_info::build_type);
    return 0;
  }
  for (const auto& entry : nayose::jobs::registry()) {
    if (entry.name == argv[1]) {
      const std::unique_ptr<nayose::runtime::Job> job = entry.make();
      return nayose::runtime::run_job(*job, argc, argv);
    }
  }
  std::fprintf(stderr, "nayose: unknown job '%s'\n\n", argv[1]);
  print_usage(stderr);
  return 2;
}
