#pragma once
// Job configuration: one OptionSet per job, filled from (highest precedence first)
//   1. the command line            --threads 4
//   2. the environment             NAYOSE_THREADS=4   (NAYOSE_ + option name upper-cased, '-' -> '_')
//   3. the config file             threads = 4        (INI, named by --config / NAYOSE_CONFIG)
//   4. the defaults compiled in    (jobs/<job>.ini lists them)
// Options are bound to fields of plain structs; Boost types never leave this module.
// Every problem found in any source is collected and reported together (ConfigError).
// Secrets are never options: key material lives in key files (src/keys), only their paths are here.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace nayose::config {

// Meta options every job has; they are not part of the dumped configuration.
struct MetaOptions {
  std::string config_file;
  bool help = false;
  bool dump_config = false;
  bool dry_run = false;
};

class OptionSet {
 public:
  OptionSet(std::string job, std::string summary);
  ~OptionSet();
  OptionSet(const OptionSet&) = delete;
  OptionSet& operator=(const OptionSet&) = delete;

  // Registers `--name` bound to *target, which holds the default on entry.
  void add(const std::string& name, std::string* target, const std::string& help);
  void add(const std::string& name, int* target, const std::string& help);
  void add(const std::string& name, std::int64_t* target, const std::string& help);
  void add(const std::string& name, std::uint64_t* target, const std::string& help);
  void add(const std::string& name, double* target, const std::string& help);
  void add(const std::string& name, bool* target, const std::string& help);  // --name / --name=false
  // A list: `--name A --name B` on the command line, one `name = A` line per value in the config
  // file, colon-separated in the environment (NAYOSE_NAME=A:B). The list comes whole from the
  // highest-precedence source that gives it (a command-line list replaces the config file's).
  void add(const std::string& name, std::vector<std::string>* target, const std::string& help);

  // Fills every bound field. `environment` is a list of "KEY=VALUE" strings (normally `environ`).
  // Throws ConfigError listing every problem. Meta options are filled even when it throws.
  void parse(const std::vector<std::string>& args, const std::vector<std::string>& environment);

  const MetaOptions& meta() const { return meta_; }
  const std::string& job() const { return job_; }
  // Where each option's effective value came from: "command line", "environment NAYOSE_X",
  // "config file F", or "default".
  std::string source_of(const std::string& name) const;

  // `nayose <job> --help`.
  std::string help_text() const;
  // The effective configuration as an INI file that, given back with --config, reproduces it.
  std::string dump_ini() const;
  // The environment variable that sets `name`: NAYOSE_ + the name upper-cased, with - and . as _
  // (care.acute-visit -> NAYOSE_CARE_ACUTE_VISIT).
  static std::string environment_name(const std::string& name);

 private:
  struct Impl;
  std::string job_;
  std::string summary_;
  MetaOptions meta_;
  std::unique_ptr<Impl> impl_;
};

// Returns the process environment as "KEY=VALUE" strings.
std::vector<std::string> process_environment();

}  // namespace nayose::config
